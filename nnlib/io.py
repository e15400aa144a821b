"""`save` / `load`: nnlib modules and checkpoint objects as HDF5 files.

Any tree of nnlib modules (and criterions) is stored generically: each module
is an HDF5 group recording its class's import path and its instance
attributes (plain values, parameters, buffers, sub-modules wherever they are
held, lists of them), in order. Transient state is not stored and comes back
as None: `output`, `grad_input`, private (`_`-prefixed) numpy work buffers,
and the names a class lists in `transient_attributes`. Gradients are not
stored; they come back as zeros, shared like their parameters. Below a
`Serial` (dpnn's decorator) its mode decides: `heavy_serial()` also stores the
gradients and `medium_serial()` too, both without the momentum
(`_momentum_velocity`) in medium mode, `light_serial()` neither; a Serial with
a `tensor_type` is written as its `serial_copy()`, a copy cast to that dtype.

Plain objects (nested dicts, lists and tuples of numpy arrays, numpy scalars
and dtypes, None, bools, ints of any size, floats and strings: optimizer
states, RNG states, checkpoints) use the same encoding. An object reachable
twice (a shared parameter, a module used in two places) is stored once and
hard-linked, so it is shared again after loading.

Layout: the root carries the attributes `nnlib_format = "nnlib"` and
`nnlib_format_version`; the object is `/object`. Every node has a `kind`
attribute (module, dict, list, tuple, ndarray, npscalar, dtype, json, plainlist,
plaintuple, bytes). Arrays come back C-contiguous, bit for bit.

Integrity: every dataset (array, scalar, text) carries the SHA-256 of its
bytes in a `checksum` attribute, and the file starts with a 512-byte HDF5
user block holding the SHA-256 of everything after it. `load` checks the
whole file before HDF5 parses any of it, then every dataset as it is read,
so a truncated copy or a flipped bit is a `LoadError` naming the file (and
the damaged node where it can be told), never a silently different model.
Files of format version 1 (before checksums) still load, unverified.

Safe loading: `load` builds only classes of its registry, never importing
what a file names (as PyTorch's `weights_only`): nnlib's own Module and
Criterion classes (derived from the classes nnlib defines, so new modules
are allowed as they are added) and the classes a user registers with
`register_module`. A class path of nnlib's from an older layout
(`nnlib.nn.linear:Linear` before the topic folders) is resolved by class
name through the registry. Any other class path is a `LoadError` naming it.
"""
import hashlib
import importlib
import json
import os
import uuid

import h5py
import numpy as np

from .nn.criterion import Criterion
from .nn.module import Module

FORMAT = "nnlib"
FORMAT_VERSION = 2  # 1: no checksums. No single flipped bit turns 2 into 1 (an unverified file)
_USERBLOCK = 512
_FILE_MAGIC = b"NNLIB-SHA256 "
_HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_OWN_PACKAGES = ("nnlib.nn", "nnlib.nngraph")  # packages whose Module/Criterion classes load without registering
_registered = {}  # class path -> class, from register_module
_ALWAYS_TRANSIENT = ("output", "grad_input", "_flat_parameters")
_MOMENTUM = ("_momentum_velocity",)  # dpnn's dpnn_mediumEmpty momGradParams: not written in Serial's medium/light modes
_ARRAY_KINDS = "biufcSU"
_PLAIN = (bool, int, float, str)


def save(path, obj):
    """Write `obj` (a module tree or a plain checkpoint object) to the HDF5 file `path`.

    The file is written under a temporary name in the same directory and
    renamed over `path` only when complete, so an interrupted save never
    leaves a truncated file under the final name.
    """
    path = os.fspath(path)
    directory, name = os.path.split(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"save: cannot write {path}: the directory {directory} does not exist")
    tmp = os.path.join(directory, f".{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with h5py.File(tmp, "w-", track_order=True, userblock_size=_USERBLOCK) as f:
            f.attrs["nnlib_format"] = FORMAT
            f.attrs["nnlib_format_version"] = FORMAT_VERSION
            _Writer().write(f, "object", obj, "object")
        with open(tmp, "rb+") as fh:
            fh.seek(_USERBLOCK)
            header = _header(_stream_digest(fh).encode())
            fh.seek(0)
            fh.write(header)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    _fsync_directory(directory)


class LoadError(ValueError):
    """A file cannot be loaded: not an nnlib file, damaged (checksum), or naming a class not registered."""


def load(path):
    """Read an object written by `save`, verifying its checksums; build only registered classes.

    Raises FileNotFoundError for a missing file and `LoadError` (naming the
    file) for anything else that keeps it from loading exactly as it was saved.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"load: {path} does not exist")
    try:
        verified = _verify_file_digest(path)
        with h5py.File(path, "r") as f:
            if f.attrs.get("nnlib_format") != FORMAT or "object" not in f:
                raise LoadError(f"load: {path} is an HDF5 file but not an nnlib file (no nnlib_format marker); "
                                "write it with nnlib.save, or read it with h5py")
            version = f.attrs.get("nnlib_format_version", 0)
            if version not in range(1, FORMAT_VERSION + 1):
                if isinstance(version, (int, np.integer)) and version > FORMAT_VERSION:
                    raise LoadError(f"load: {path} has format version {version}, newer than this nnlib's "
                                    f"{FORMAT_VERSION}; upgrade nnlib")
                raise LoadError(f"load: {path}: unknown format version {version!r}; the file is damaged")
            if (version >= 2) != verified:
                raise LoadError(f"load: {path}: format version {version} "
                                f"{'needs' if version >= 2 else 'cannot have'} a checksum header; the file is damaged")
            return _Reader(path, checked=version >= 2, size=os.path.getsize(path)).read(f["object"])
    except LoadError:
        raise
    except (OSError, KeyError, ValueError, TypeError, AttributeError, IndexError, OverflowError, MemoryError,
            RecursionError, RuntimeError) as e:
        raise LoadError(f"load: {path} cannot be read ({type(e).__name__}: {e}); the file is damaged "
                        "or was not written by nnlib.save") from e


def _stream_digest(fh):
    digest = hashlib.sha256()
    while chunk := fh.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def _header(digest):
    """The user block: the magic, the hex SHA-256 of the rest of the file, a newline, zeros."""
    return (_FILE_MAGIC + digest + b"\n").ljust(_USERBLOCK, b"\0")


def _verify_file_digest(path):
    """Check the user block's SHA-256 of the rest of the file; False for a file without one (version 1)."""
    with open(path, "rb") as fh:
        head = fh.read(_USERBLOCK)
        if head.startswith(_HDF5_SIGNATURE):
            return False
        if not head.startswith(_FILE_MAGIC):
            raise LoadError(f"load: {path} is not an nnlib file (not an HDF5 file, and no nnlib checksum "
                            "header); write it with nnlib.save")
        stored = head[len(_FILE_MAGIC):len(_FILE_MAGIC) + 64].decode("ascii", "replace")
        if len(head) < _USERBLOCK:
            raise LoadError(f"load: {path} is truncated ({len(head)} bytes); the copy or the write was cut short")
        actual = _stream_digest(fh)
    if head != _header(stored.encode("ascii", "replace")) or actual != stored:
        raise LoadError(f"load: {path} is damaged: the SHA-256 of its contents is {actual}, its header says "
                        f"{stored!r} (truncated, or changed after it was written); use another copy")
    return True


def register_module(cls):
    """Allow `load` to build the Module or Criterion subclass `cls` (usable as a class decorator).

    nnlib's own classes need no registering; a user's own module classes do,
    so that a file can only ever make `load` build classes its user chose.
    """
    if not (isinstance(cls, type) and issubclass(cls, (Module, Criterion))):
        raise TypeError(f"register_module: {cls!r} is not an nnlib Module or Criterion subclass")
    path = _class_path(cls)
    if "<locals>" in cls.__qualname__:
        raise ValueError(f"register_module: {cls.__qualname__} is defined inside a function; "
                         "define it at module level so its class path names it")
    _registered[path] = cls
    return cls


def _own_classes():
    """nnlib's own Module/Criterion classes: every subclass defined in a module of the nnlib package."""
    for package in _OWN_PACKAGES:
        try:
            importlib.import_module(package)
        except ModuleNotFoundError as e:
            if e.name != package:
                raise
    found, stack = {}, [Module, Criterion]
    while stack:
        cls = stack.pop()
        if cls.__module__.split(".")[0] == "nnlib" and "<locals>" not in cls.__qualname__:
            found[_class_path(cls)] = cls
        stack.extend(cls.__subclasses__())
    return found


def registry():
    """{class path: class} of every class `load` builds: nnlib's own ones and the registered ones."""
    return {**_own_classes(), **_registered}


def _lookup(path, classes):
    """The class of `path` in `classes`; an nnlib path of an older layout is found by class name."""
    if path in classes:
        return classes[path]
    module_name, _, qualname = path.partition(":")
    if module_name.split(".")[0] == "nnlib":
        named = {cls for p, cls in classes.items() if p.split(".")[0] == "nnlib" and cls.__qualname__ == qualname}
        if len(named) == 1:
            return named.pop()
    return None


def _fsync_directory(directory):
    """Make the rename durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _class_path(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


def _transient_names(module, serial_mode=None):
    """Attribute names of `module` that are not saved (under a Serial in `serial_mode`, else nnlib's default)."""
    names = set(_ALWAYS_TRANSIENT)
    if serial_mode in (None, "light"):
        names.update("grad_" + p for p in getattr(module, "_parameter_names", ()))
    if serial_mode in ("medium", "light"):
        names.update(_MOMENTUM)
    for cls in type(module).__mro__:
        names.update(getattr(cls, "transient_attributes", ()))
    names.update(k for k, v in vars(module).items() if k.startswith("_") and isinstance(v, np.ndarray))
    return names


class _Writer:
    """Encodes objects into HDF5 nodes, storing each shared object once."""

    def __init__(self):
        self.stored = {}  # identity key -> HDF5 node
        self.next_id = 0
        self.classes = registry()
        self.serial_mode = None  # the mode of the innermost Serial being written (None: nnlib's default)

    def write(self, parent, name, value, where):
        key = _identity(value)
        if key is not None and key in self.stored:
            parent[name] = self.stored[key]  # hard link: shared again after loading
            return
        self._write_new(parent, name, value, where, key)

    def _register(self, key, node):
        """Record a node before its contents are written, so cycles end in a hard link."""
        if key is not None:
            node.attrs["object_id"] = self.next_id
            self.next_id += 1
            self.stored[key] = node
        return node

    def _group(self, parent, name, kind, key, **attrs):
        group = parent.create_group(name, track_order=True)
        group.attrs["kind"] = kind
        for k, v in attrs.items():
            group.attrs[k] = v
        return self._register(key, group)

    def _write_new(self, parent, name, value, where, key):
        if isinstance(value, (Module, Criterion)):
            return self._write_module(parent, name, value, where, key)
        if isinstance(value, np.ndarray):
            return self._register(key, self._write_array(parent, name, value, where))
        if isinstance(value, np.generic) and value.dtype.kind in "biufc":
            return _data_node(parent, name, "npscalar", np.asarray(value))
        if isinstance(value, np.dtype):
            if value.fields is not None or value.subdtype is not None:
                raise ValueError(f"save: {where} is a structured dtype {value}; only simple dtypes can be stored")
            return _text_node(parent, name, "dtype", value.str)
        if value is None or type(value) in _PLAIN:
            return _text_node(parent, name, "json", json.dumps(value))
        if type(value) is bytes:
            return _data_node(parent, name, "bytes", np.frombuffer(value, dtype=np.uint8))
        if type(value) is dict:
            keys = list(value)
            bad = [k for k in keys if type(k) not in (str, int)]
            if bad:
                raise ValueError(f"save: {where} has a key {bad[0]!r} of type {type(bad[0]).__name__}; "
                                 "dict keys must be str or int")
            group = self._group(parent, name, "dict", key, keys=json.dumps(keys))
            for i, k in enumerate(keys):
                self.write(group, str(i), value[k], f"{where}[{k!r}]")
            return group
        if type(value) in (list, tuple) and all(x is None or type(x) in _PLAIN for x in value):
            node = _text_node(parent, name, f"plain{type(value).__name__}", json.dumps(value))  # one node, not n
            return self._register(key, node)
        if type(value) in (list, tuple):
            group = self._group(parent, name, type(value).__name__, key, length=len(value))
            for i, item in enumerate(value):
                self.write(group, str(i), item, f"{where}[{i}]")
            return group
        raise ValueError(f"save: cannot store {where} of type {type(value).__module__}.{type(value).__qualname__}; "
                         "supported: nnlib modules, dicts, lists, tuples, numpy arrays/scalars/dtypes, None, "
                         "bool, int, float, str, bytes (a module can list work state in `transient_attributes`)")

    def _write_module(self, parent, name, module, where, key):
        substitute = getattr(module, "serial_copy", None)
        if substitute is not None:  # a Serial with a tensor_type: its cast copy
            module = substitute()
        cls = type(module)
        path = _class_path(cls)
        if "<locals>" in cls.__qualname__:
            raise ValueError(f"save: {where} is a {cls.__qualname__} whose class cannot be imported as {path!r} "
                             "(defined inside a function?); define it at module level")
        if self.classes.get(path) is not cls:
            raise ValueError(f"save: {where} is a {path}, which nnlib.load would refuse to build: register the "
                             f"class first with nnlib.io.register_module({cls.__qualname__}) (and before loading)")
        outer = self.serial_mode
        self.serial_mode = getattr(module, "serial_mode", outer) if substitute is not None else outer
        try:
            transient = _transient_names(module, self.serial_mode)
            group = self._group(parent, name, "module", key, **{
                "class": path, "transient": json.dumps([k for k in vars(module) if k in transient]),
                "attributes": json.dumps(list(vars(module)))})
            for k, v in vars(module).items():
                if k not in transient:
                    self.write(group, k, v, f"{where}.{k}")
        finally:
            self.serial_mode = outer
        return group

    def _write_array(self, parent, name, a, where):
        if a.dtype.kind not in _ARRAY_KINDS or a.dtype.fields is not None:
            raise ValueError(f"save: {where} is an array of dtype {a.dtype}, which cannot be stored; "
                             "use bool, integer, float, complex or string arrays")
        data = np.char.encode(a, "utf-8") if a.dtype.kind == "U" else a
        node = _data_node(parent, name, "ndarray", data)
        if a.dtype.kind == "U":
            node.attrs["unicode_dtype"] = a.dtype.str
        return node


def _identity(value):
    """Key under which a value is stored once (None: always stored by value)."""
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return ("array-object", id(value))
        return ("array", value.__array_interface__["data"][0], value.shape, value.strides, value.dtype.str)
    if isinstance(value, (Module, Criterion, dict, list)):
        return ("object", id(value))
    return None


def _digest(data):
    """SHA-256 of an array's dtype, shape and bytes, or of a text's UTF-8 bytes."""
    digest = hashlib.sha256()
    if isinstance(data, str):
        digest.update(b"text:" + data.encode("utf-8", "surrogatepass"))
    else:
        digest.update(f"{data.dtype.str}{data.shape}:".encode())
        digest.update(data.tobytes())  # C order whatever the layout
    return digest.hexdigest()


def _data_node(parent, name, kind, data):
    node = parent.create_dataset(name, data=data)
    node.attrs["kind"] = kind
    node.attrs["checksum"] = _digest(np.asarray(data))
    return node


def _text_node(parent, name, kind, text):
    node = parent.create_dataset(name, data=text, dtype=h5py.string_dtype())
    node.attrs["kind"] = kind
    node.attrs["checksum"] = _digest(text)
    return node


class _Reader:
    """Decodes HDF5 nodes written by `_Writer`; objects stored once come back shared.

    With `checked`, every dataset's bytes are compared with its `checksum`
    attribute before use; no dataset may claim more bytes than the file has.
    """

    def __init__(self, path, checked=True, size=None):
        self.path = path
        self.checked = checked
        self.size = size
        self.classes = registry()
        self.loaded = {}  # object_id -> object
        self.grads = {}  # id(parameter) -> its zero gradient, shared exactly like the parameter

    def _fail(self, node, problem):
        return LoadError(f"load: {self.path}: node {node.name} {problem}; the file is damaged "
                         "or was written by another program")

    def read(self, node):
        oid = node.attrs.get("object_id")
        if oid is not None and int(oid) in self.loaded:
            return self.loaded[int(oid)]
        kind = node.attrs.get("kind")
        reader = getattr(self, f"_read_{kind}", None) if isinstance(kind, str) else None
        if reader is None:
            raise self._fail(node, f"has unknown kind {kind!r}")
        return reader(node, None if oid is None else int(oid))

    def _data(self, node, text=False):
        """The dataset's value (str with `text`, else an array), verified against its checksum."""
        if not isinstance(node, h5py.Dataset):
            raise self._fail(node, "should be a dataset but is a group")
        if text:
            if node.shape != () or not h5py.check_string_dtype(node.dtype):
                raise self._fail(node, f"should be one string, found {node.dtype} {node.shape}")
            value = node.asstr()[()]
        else:
            if node.dtype.kind not in _ARRAY_KINDS or node.dtype.fields is not None:
                raise self._fail(node, f"has dtype {node.dtype}, which nnlib never writes")
            nbytes = int(np.prod(node.shape, dtype=np.float64)) * node.dtype.itemsize
            if self.size is not None and nbytes > self.size:
                raise self._fail(node, f"claims shape {node.shape} ({nbytes} bytes), more than the whole file")
            value = node[()]
            value = np.asarray(value)
        if self.checked:
            stored = node.attrs.get("checksum")
            if stored is None:
                raise self._fail(node, "has no checksum")
            if _digest(value) != stored:
                raise LoadError(f"load: {self.path}: the data of node {node.name} does not match its checksum "
                                "(the file was changed after it was written); use another copy")
        return value

    def _remember(self, oid, obj):
        if oid is not None:
            self.loaded[oid] = obj
        return obj

    def _json_attr(self, node, name):
        value = node.attrs.get(name)
        if not isinstance(value, str):
            raise self._fail(node, f"has no text attribute {name!r}")
        return json.loads(value)

    def _read_module(self, node, oid):
        path = node.attrs.get("class")
        cls = _lookup(path, self.classes) if isinstance(path, str) else None
        if cls is None:
            raise LoadError(f"load: {self.path}: {node.name} names the class {path!r}, which is not in nnlib's "
                            "registry; nnlib.load builds only nnlib's own modules and the classes registered with "
                            "nnlib.io.register_module (it never imports what a file names)")
        module = self._remember(oid, cls.__new__(cls))
        transient = self._json_attr(node, "transient")
        if not (isinstance(transient, list) and all(isinstance(k, str) for k in transient)):
            raise self._fail(node, "has a malformed transient list")
        names = set(transient) | set(node)
        if self.checked:
            attributes = self._json_attr(node, "attributes")
            if not isinstance(attributes, list) or set(attributes) != names:
                raise self._fail(node, f"holds the attributes {sorted(names)}, but the module was saved with "
                                       f"{attributes}")
        for k in transient:
            module.__dict__[k] = None
        for k in node:
            module.__dict__[k] = self.read(node[k])
        slots = {kind: module.__dict__.get(f"_{kind}_names") for kind in ("parameter", "buffer")}
        if not all(isinstance(v, list) and all(isinstance(n, str) for n in v) for v in slots.values()):
            raise self._fail(node, "lacks its lists of parameter and buffer names")
        for kind, names in slots.items():
            for p in names:
                value = module.__dict__.get(p, "missing")
                if not (isinstance(value, np.ndarray) or (value is None and kind == "buffer")):
                    raise self._fail(node, f"has no array for its {kind} {p!r}")
                if kind == "parameter":
                    grad = module.__dict__.get("grad_" + p)  # stored under a Serial's heavy or medium mode
                    if grad is None:
                        grad = np.zeros_like(value)
                    elif not (isinstance(grad, np.ndarray) and grad.shape == value.shape):
                        raise self._fail(node, f"has a gradient for {p!r} that is not an array of its shape "
                                               f"{value.shape}")
                    module.__dict__["grad_" + p] = self.grads.setdefault(id(value), grad)
        upgrade = getattr(module, "_upgrade_loaded", None)
        if upgrade is not None:  # a class renamed since the file was saved (e.g. the LSTM and GRU cells)
            upgrade()
        return module

    def _read_dict(self, node, oid):
        d = self._remember(oid, {})
        keys = self._json_attr(node, "keys")
        if not (isinstance(keys, list) and all(type(k) in (str, int) for k in keys)) or len(keys) != len(node):
            raise self._fail(node, "has a malformed key list")
        for i, k in enumerate(keys):
            d[k] = self.read(node[str(i)])
        return d

    def _length(self, node):
        length = node.attrs.get("length")
        if not isinstance(length, (int, np.integer)) or int(length) != len(node):
            raise self._fail(node, f"has length {length!r} but {len(node)} items")
        return int(length)

    def _read_list(self, node, oid):
        items = self._remember(oid, [])
        items.extend(self.read(node[str(i)]) for i in range(self._length(node)))
        return items

    def _read_tuple(self, node, oid):
        return tuple(self.read(node[str(i)]) for i in range(self._length(node)))

    def _read_ndarray(self, node, oid):
        a = self._data(node)
        if "unicode_dtype" in node.attrs:
            dtype = np.dtype(node.attrs["unicode_dtype"])
            if dtype.kind != "U" or a.dtype.kind != "S":
                raise self._fail(node, "has a malformed unicode dtype")
            a = np.char.decode(a, "utf-8").astype(dtype)
        return self._remember(oid, np.require(a, requirements="C"))

    def _read_npscalar(self, node, oid):
        a = self._data(node)
        if a.shape != () or a.dtype.kind not in "biufc":
            raise self._fail(node, f"should be a numeric scalar, found {a.dtype} {a.shape}")
        return a[()]

    def _read_dtype(self, node, oid):
        dtype = np.dtype(self._data(node, text=True))
        if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None:
            raise self._fail(node, f"holds the dtype {dtype}, which nnlib never writes")
        return dtype

    def _read_json(self, node, oid):
        value = json.loads(self._data(node, text=True))
        if value is not None and type(value) not in _PLAIN:
            raise self._fail(node, f"should hold a plain value, found {type(value).__name__}")
        return value

    def _plain_items(self, node):
        value = json.loads(self._data(node, text=True))
        if not (isinstance(value, list) and all(x is None or type(x) in _PLAIN for x in value)):
            raise self._fail(node, "should hold a list of plain values")
        return value

    def _read_plainlist(self, node, oid):
        return self._remember(oid, self._plain_items(node))

    def _read_plaintuple(self, node, oid):
        return tuple(self._plain_items(node))

    def _read_bytes(self, node, oid):
        a = self._data(node)
        if a.dtype != np.uint8 or a.ndim != 1:
            raise self._fail(node, f"should hold bytes, found {a.dtype} {a.shape}")
        return a.tobytes()


from .io_safetensors import load_safetensors, save_safetensors  # noqa: E402,F401  (safetensors is imported on use)
