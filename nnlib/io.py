"""`save` / `load`: nnlib modules and checkpoint objects as HDF5 files.

Any tree of nnlib modules (and criterions) is stored generically: each module
is an HDF5 group recording its class's import path and its instance
attributes (plain values, parameters, buffers, sub-modules wherever they are
held, lists of them), in order. Transient state is not stored and comes back
as None: `output`, `grad_input`, private (`_`-prefixed) numpy work buffers,
and the names a class lists in `transient_attributes`. Gradients are not
stored; they come back as zeros, shared like their parameters.

Plain objects (nested dicts, lists and tuples of numpy arrays, numpy scalars
and dtypes, None, bools, ints of any size, floats and strings: optimizer
states, RNG states, checkpoints) use the same encoding. An object reachable
twice (a shared parameter, a module used in two places) is stored once and
hard-linked, so it is shared again after loading.

Layout: the root carries the attributes `nnlib_format = "nnlib"` and
`nnlib_format_version`; the object is `/object`. Every node has a `kind`
attribute (module, dict, list, tuple, ndarray, npscalar, dtype, json, plainlist,
plaintuple, bytes). Arrays come back C-contiguous, bit for bit.
`load` imports the classes named in the file: load only files you trust.
"""
import importlib
import json
import os
import uuid

import h5py
import numpy as np

from .nn.criterion import Criterion
from .nn.module import Module

FORMAT = "nnlib"
FORMAT_VERSION = 1
_ALWAYS_TRANSIENT = ("output", "grad_input", "_flat_parameters")
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
        with h5py.File(tmp, "w-", track_order=True) as f:
            f.attrs["nnlib_format"] = FORMAT
            f.attrs["nnlib_format_version"] = FORMAT_VERSION
            _Writer().write(f, "object", obj, "object")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    _fsync_directory(directory)


def load(path):
    """Read an object written by `save`."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"load: {path} does not exist")
    if not h5py.is_hdf5(path):
        raise ValueError(f"load: {path} is not an nnlib file (not an HDF5 file); write it with nnlib.save")
    with h5py.File(path, "r") as f:
        if f.attrs.get("nnlib_format") != FORMAT or "object" not in f:
            raise ValueError(f"load: {path} is an HDF5 file but not an nnlib file (no nnlib_format marker); "
                             "write it with nnlib.save, or read it with h5py")
        version = int(f.attrs.get("nnlib_format_version", 0))
        if version > FORMAT_VERSION:
            raise ValueError(f"load: {path} has format version {version}, newer than this nnlib's "
                             f"{FORMAT_VERSION}; upgrade nnlib")
        return _Reader(path).read(f["object"])


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


def _resolve(path):
    module_name, _, qualname = path.partition(":")
    obj = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _transient_names(module):
    """Attribute names of `module` that are not saved."""
    names = set(_ALWAYS_TRANSIENT)
    names.update("grad_" + p for p in getattr(module, "_parameter_names", ()))
    for cls in type(module).__mro__:
        names.update(getattr(cls, "transient_attributes", ()))
    names.update(k for k, v in vars(module).items() if k.startswith("_") and isinstance(v, np.ndarray))
    return names


class _Writer:
    """Encodes objects into HDF5 nodes, storing each shared object once."""

    def __init__(self):
        self.stored = {}  # identity key -> HDF5 node
        self.next_id = 0

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
            node = parent.create_dataset(name, data=np.asarray(value))
            node.attrs["kind"] = "npscalar"
            return node
        if isinstance(value, np.dtype):
            if value.fields is not None or value.subdtype is not None:
                raise ValueError(f"save: {where} is a structured dtype {value}; only simple dtypes can be stored")
            return _text_node(parent, name, "dtype", value.str)
        if value is None or type(value) in _PLAIN:
            return _text_node(parent, name, "json", json.dumps(value))
        if type(value) is bytes:
            node = parent.create_dataset(name, data=np.frombuffer(value, dtype=np.uint8))
            node.attrs["kind"] = "bytes"
            return node
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
        cls = type(module)
        path = _class_path(cls)
        try:
            importable = _resolve(path) is cls
        except (ImportError, AttributeError):
            importable = False
        if not importable:
            raise ValueError(f"save: {where} is a {cls.__qualname__} whose class cannot be imported as {path!r} "
                             "(defined inside a function?); define it at module level")
        transient = _transient_names(module)
        group = self._group(parent, name, "module", key, **{
            "class": path, "transient": json.dumps([k for k in vars(module) if k in transient])})
        for k, v in vars(module).items():
            if k not in transient:
                self.write(group, k, v, f"{where}.{k}")
        return group

    def _write_array(self, parent, name, a, where):
        if a.dtype.kind not in _ARRAY_KINDS or a.dtype.fields is not None:
            raise ValueError(f"save: {where} is an array of dtype {a.dtype}, which cannot be stored; "
                             "use bool, integer, float, complex or string arrays")
        data = np.char.encode(a, "utf-8") if a.dtype.kind == "U" else a
        node = parent.create_dataset(name, data=data)
        node.attrs["kind"] = "ndarray"
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


def _text_node(parent, name, kind, text):
    node = parent.create_dataset(name, data=text, dtype=h5py.string_dtype())
    node.attrs["kind"] = kind
    return node


class _Reader:
    """Decodes HDF5 nodes written by `_Writer`; objects stored once come back shared."""

    def __init__(self, path):
        self.path = path
        self.loaded = {}  # object_id -> object
        self.grads = {}  # id(parameter) -> its zero gradient, shared exactly like the parameter

    def read(self, node):
        oid = node.attrs.get("object_id")
        if oid is not None and int(oid) in self.loaded:
            return self.loaded[int(oid)]
        kind = node.attrs.get("kind")
        reader = getattr(self, f"_read_{kind}", None)
        if reader is None:
            raise ValueError(f"load: {self.path}: node {node.name} has unknown kind {kind!r}; "
                             "the file is damaged or was written by another program")
        return reader(node, None if oid is None else int(oid))

    def _remember(self, oid, obj):
        if oid is not None:
            self.loaded[oid] = obj
        return obj

    def _read_module(self, node, oid):
        path = node.attrs["class"]
        try:
            cls = _resolve(path)
        except (ImportError, AttributeError) as e:
            raise ValueError(f"load: {self.path}: cannot import the class {path!r} of {node.name} ({e})") from None
        if not (isinstance(cls, type) and issubclass(cls, (Module, Criterion))):
            raise ValueError(f"load: {self.path}: {path!r} at {node.name} is not an nnlib module class")
        module = self._remember(oid, cls.__new__(cls))
        for k in json.loads(node.attrs["transient"]):
            module.__dict__[k] = None
        for k in node:
            module.__dict__[k] = self.read(node[k])
        for p in getattr(module, "_parameter_names", ()):
            param = module.__dict__.get(p)
            if param is not None:
                module.__dict__["grad_" + p] = self.grads.setdefault(id(param), np.zeros_like(param))
        return module

    def _read_dict(self, node, oid):
        d = self._remember(oid, {})
        for i, k in enumerate(json.loads(node.attrs["keys"])):
            d[k] = self.read(node[str(i)])
        return d

    def _read_list(self, node, oid):
        items = self._remember(oid, [])
        items.extend(self.read(node[str(i)]) for i in range(int(node.attrs["length"])))
        return items

    def _read_tuple(self, node, oid):
        return tuple(self.read(node[str(i)]) for i in range(int(node.attrs["length"])))

    def _read_ndarray(self, node, oid):
        a = node[...]
        if "unicode_dtype" in node.attrs:
            a = np.char.decode(a, "utf-8").astype(node.attrs["unicode_dtype"])
        return self._remember(oid, a)

    def _read_npscalar(self, node, oid):
        return node[()]

    def _read_dtype(self, node, oid):
        return np.dtype(node.asstr()[()])

    def _read_json(self, node, oid):
        return json.loads(node.asstr()[()])

    def _read_plainlist(self, node, oid):
        return self._remember(oid, json.loads(node.asstr()[()]))

    def _read_plaintuple(self, node, oid):
        return tuple(json.loads(node.asstr()[()]))

    def _read_bytes(self, node, oid):
        return node[...].tobytes()
