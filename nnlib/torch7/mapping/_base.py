"""The machinery of the nn mapping: one `Entry` per Torch7 class, and the two walks.

An entry says, for one Torch7 class, which nnlib class it is, how the constructor
arguments come from the saved fields (`arguments`, converting Torch7's 1-based dims,
offsets and indices to 0-based ones) and back (`settings`, 1-based again), and which
parameters and buffers it carries. The generic parts (dtype, parameters and their
gradients, buffers, the train flag, `output`/`gradInput`, sharing) are done here once.
"""
import numpy as np

from ..errors import Torch7MappingError
from ..objects import Storage, TorchObject

_MISSING = object()
_REGISTRY = {}          # Torch7 class name -> Entry
_BY_MODULE = {}         # nnlib class -> Entry


def register(entry_class):
    """Class decorator: make an `Entry` subclass known under its Torch7 names and nnlib class."""
    entry = entry_class()
    for name in (entry.torch_name, *entry.aliases):
        if name in _REGISTRY:
            raise ValueError(f"torch7 mapping: {name} is registered twice")
        _REGISTRY[name] = entry
    if entry.writable:
        _BY_MODULE.setdefault(entry.module, entry)
    return entry_class


def entry_for_torch(name):
    """The entry reading Torch7 class `name` (cudnn.* read as nn.*), or None."""
    entry = _REGISTRY.get(name)
    if entry is None and name.startswith("cudnn."):
        entry = _REGISTRY.get("nn." + name[len("cudnn."):])
    return entry


def entry_for_module(module):
    """The entry writing nnlib module `module`, or None."""
    for cls in type(module).__mro__:
        if cls in _BY_MODULE:
            return _BY_MODULE[cls] if cls is type(module) else None
    return None


def adopt_dtype(module, f):
    """Give a freshly built module the dtype of its saved tensors and return it: a container
    takes its (already converted) children's parameters' (else its first child's) and gives it
    to its stateless descendants; anything else is cast to its fields' `f.dtype()`."""
    children = module.children()
    if children:
        params = module.parameters()[0]
        module.dtype = params[0].dtype if params else children[0].dtype
        # modules without saved state follow the model (old files hold Double buffers in Float models)
        for m in module.list_modules():
            if not m._parameter_names and not m._buffer_names:
                m.dtype = module.dtype
        return module.dtype
    dtype = f.dtype()
    if module.dtype != dtype:
        module.astype(dtype)
    return dtype


def grad_name(name):
    """Torch7's gradient field for parameter `name`: weight -> gradWeight."""
    return "grad" + name[0].upper() + name[1:]


class Fields:
    """The saved fields of one Torch7 object, with typed getters whose errors name the class and path."""

    def __init__(self, obj, where, ctx):
        self.obj, self.where, self.ctx = obj, where, ctx
        self.typename = obj.typename
        self.values = obj.fields if isinstance(obj.fields, dict) else {}

    def error(self, message):
        return Torch7MappingError(self.typename, self.where, message)

    def has(self, key):
        value = self.values.get(key)
        return value is not None and not (isinstance(value, np.ndarray) and value.size == 0)

    def get(self, key, default=None):
        value = self.values.get(key)
        return default if value is None else value

    def _value(self, key, default):
        """(value, defaulted): the field, or `default` when it is absent (an error without one)."""
        value = self.values.get(key)
        if value is None:
            if default is _MISSING:
                raise self.error(f"the saved object has no field '{key}'")
            return default, True
        return value, False

    def int(self, key, default=_MISSING):
        value, defaulted = self._value(key, default)
        if defaulted:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
            raise self.error(f"field '{key}' should be an integer, found {value!r:.40}")
        if abs(value) >= 2**31:
            raise self.error(f"field '{key}' is {value:.0f}, beyond any size Torch7 saves")
        return int(value)

    def float(self, key, default=_MISSING):
        value, defaulted = self._value(key, default)
        if defaulted:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"field '{key}' should be a number, found {value!r:.40}")
        return float(value)

    def bool(self, key, default=_MISSING):
        value, defaulted = self._value(key, default)
        if not defaulted and not isinstance(value, bool):
            raise self.error(f"field '{key}' should be a boolean, found {value!r:.40}")
        return value

    def array(self, key, default=_MISSING):
        value, defaulted = self._value(key, default)
        if defaulted:
            return value
        if not isinstance(value, np.ndarray):
            raise self.error(f"field '{key}' should be a tensor, found {type(value).__name__}")
        return self.ctx.canonical(value)

    def check_size(self, key, expected):
        """Raise unless tensor `key` holds `expected` values: checked before a constructor allocates them."""
        found = self.array(key).size
        if found != expected:
            raise self.error(f"field '{key}' has {found} values, its settings make {expected}")

    def ints(self, key):
        """A LongStorage/LongTensor or a list of numbers as a tuple of ints."""
        value, _ = self._value(key, _MISSING)
        if isinstance(value, np.ndarray):
            return tuple(int(v) for v in np.asarray(value).ravel())
        if isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return tuple(int(v) for v in value)
        raise self.error(f"field '{key}' should be a list of sizes, found {type(value).__name__}")

    def dtype(self):
        """The floating dtype of the module's tensors: its parameters' (old files may hold buffers of another
        type), else any tensor's, else its `_type`'s, else float32."""
        first = [self.values[k] for k in ("weight", "bias", "running_mean") if k in self.values]
        tensors = [v for v in first + list(self.values.values())
                   if isinstance(v, np.ndarray) and not isinstance(v, Storage) and v.dtype.kind == "f"]
        for value in [v for v in tensors if v.size] + tensors:  # an empty tensor still has a type
            return value.dtype
        kind = self.values.get("_type")
        if isinstance(kind, str) and "Double" in kind:
            return np.dtype(np.float64)
        return np.dtype(np.float32)

    def child(self, key, index=None):
        """The sub-module under `key` (or `key[index]`, 0-based), converted."""
        value, _ = self._value(key, _MISSING)
        path = f"{self.where}.{key}" if self.where else key
        if index is not None:
            if not isinstance(value, list) or index >= len(value):
                raise self.error(f"field '{key}' should be a list of at least {index + 1} modules")
            value, path = value[index], f"{path}[{index + 1}]"
        return self.ctx.module(value, path)

    def children(self, key="modules"):
        """The list of sub-modules under `key`, converted."""
        value = self.values.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(f"field '{key}' should be a list of modules, found {type(value).__name__}")
        return [self.child(key, i) for i in range(len(value))]


class Entry:
    """How one Torch7 class maps onto one nnlib class (subclass it and decorate with `@register`).

    Attributes:
        torch_name: the Torch7 class written back, e.g. "nn.Linear".
        aliases: other Torch7 class names read as this one (cudnn.* names are found without).
        module: the nnlib class.
        parameters: parameter names (the same in Torch7 and nnlib); each comes with its
            gradient (Torch7 `gradWeight`, nnlib `grad_weight`).
        buffers: {nnlib attribute: Torch7 field} of saved non-trainable state.
        names: {nnlib parameter: Torch7 field} where they differ (`diag_cov`: `diagCov`).
        table_output: Torch7 keeps `output` as a table (table modules), not a tensor.
        table_grad_input: the same for `gradInput`.
        writable: `save` writes the nnlib class back as this Torch7 class (False: read only).
    """

    torch_name = ""
    aliases = ()
    module = None
    parameters = ()
    names = {}
    buffers = {}
    table_output = False
    table_grad_input = False
    writable = True

    def arguments(self, f):
        """(args, kwargs) for the nnlib constructor, from the saved `Fields` (0-based)."""
        return (), {}

    def settings(self, module):
        """The Torch7 fields (1-based) that describe `module`'s configuration."""
        return {}

    def finish(self, module, f):
        """Anything to set after construction and parameters (e.g. a mode flag)."""

    # -- the generic parts ---------------------------------------------------------
    def build(self, f):
        args, kwargs = self.arguments(f)
        try:
            module = self.module(*args, **kwargs)
        except (TypeError, ValueError, MemoryError) as e:
            raise f.error(f"cannot build nn.{self.module.__name__}: {e}") from None
        dtype = adopt_dtype(module, f)
        for name in self.parameters:
            key = self.names.get(name, name)
            present = getattr(module, name, None) is not None
            if present != f.has(key):
                state = "has no" if present else "has a"
                raise f.error(f"the saved object {state} '{key}' but nn.{self.module.__name__} built from its "
                              f"settings {'needs' if present else 'has'} {'one' if present else 'none'}")
            if not present:
                continue
            value = self._shaped(f, key, getattr(module, name).shape, dtype)
            setattr(module, name, value)
            grad = f.values.get(grad_name(key))
            if isinstance(grad, np.ndarray) and grad.size == value.size:
                grad = f.ctx.as_parameter(f.ctx.canonical(grad), value.shape, dtype)
            else:
                grad = np.zeros_like(value)
            setattr(module, "grad_" + name, grad)
        for attr, key in self.buffers.items():
            if f.has(key):
                current = getattr(module, attr, None)
                value = f.array(key)
                if current is not None and value.size != current.size:
                    raise f.error(f"field '{key}' has {value.size} values, expected {current.size}")
                shape = value.shape if current is None else current.shape
                setattr(module, attr, np.ascontiguousarray(value, dtype).reshape(shape))
        module.train = bool(f.get("train", True))
        self.finish(module, f)
        return module

    @staticmethod
    def _shaped(f, name, shape, dtype):
        """Parameter `name` with nnlib's shape (Torch7 saved some flattened, e.g. SpatialConvolutionMM)."""
        value = f.array(name)
        if value.size != int(np.prod(shape)):
            raise f.error(f"field '{name}' has shape {value.shape}, expected {int(np.prod(shape))} values "
                          f"({shape})")
        return f.ctx.as_parameter(value, shape, dtype)

    def fields(self, module, ctx):
        """The Torch7 fields of `module`: settings, parameters, gradients, buffers and state."""
        dtype = np.dtype(module.dtype)
        empty = np.empty(0, dtype)
        out = {"train": bool(module.train), "_type": f"torch.{'Double' if dtype == np.float64 else 'Float'}Tensor",
               "output": [] if self.table_output else empty,
               "gradInput": [] if self.table_grad_input else empty.copy()}
        for name in self.parameters:
            value, key = getattr(module, name, None), self.names.get(name, name)
            if value is not None:
                out[key] = value
                out[grad_name(key)] = getattr(module, "grad_" + name)
        for attr, key in self.buffers.items():
            value = getattr(module, attr, None)
            if value is not None:
                out[key] = value
        out.update(self.settings(module))
        return out


class ToNnlib:
    """Walks a raw tree, replacing every torch object by its nnlib module (shared ones once)."""

    def __init__(self):
        self.done = {}        # id(raw) -> converted
        self.building = set()
        self.keep = []
        self.views = {}       # (storage id, offset, shape, strides, dtype) -> the first such array
        self.parameters = {}  # (id(array), shape, dtype) -> (array, the parameter made of it)

    def canonical(self, array):
        """One array object for every identical view of a storage (Torch7's `share` makes new
        tensor objects on the same storage), so nnlib sees shared parameters as one."""
        base = array.base
        if not isinstance(base, Storage):
            return array
        offset = array.__array_interface__["data"][0] - base.__array_interface__["data"][0]
        key = (id(base), offset, array.shape, array.strides, array.dtype.str)
        return self.views.setdefault(key, array)

    def as_parameter(self, array, shape, dtype):
        """`array` as a C-contiguous `dtype` array of `shape`: the same object for the same request,
        so a tensor used by two modules stays one shared parameter."""
        key = (id(array), tuple(shape), np.dtype(dtype).str)
        if key not in self.parameters:
            value = np.ascontiguousarray(array, dtype)
            self.parameters[key] = (array, value if value.shape == tuple(shape) else value.reshape(shape))
        return self.parameters[key][1]

    def module(self, raw, where):
        if not isinstance(raw, TorchObject):
            raise Torch7MappingError(type(raw).__name__, where, "expected a torch/nn module here")
        return self.value(raw, where)

    def value(self, raw, where):
        key = id(raw)
        if key in self.done:
            return self.done[key]
        if key in self.building:
            name = raw.typename if isinstance(raw, TorchObject) else type(raw).__name__
            raise Torch7MappingError(name, where, "the object contains itself; an nnlib model cannot")
        if isinstance(raw, TorchObject):
            entry = entry_for_torch(raw.typename)
            if entry is None:
                raise Torch7MappingError(raw.typename, where, "nnlib has no mapping for this class (load with "
                                         "strict=False for the raw object tree)")
            self.building.add(key)
            try:
                result = entry.build(Fields(raw, where, self))
            finally:
                self.building.discard(key)
        elif isinstance(raw, dict):
            self.building.add(key)
            try:
                result = type(raw)((k, self.value(v, f"{where}.{k}" if where else str(k))) for k, v in raw.items())
            finally:
                self.building.discard(key)
        elif isinstance(raw, list):
            self.building.add(key)
            try:
                result = type(raw)(self.value(v, f"{where}[{i + 1}]") for i, v in enumerate(raw))
            finally:
                self.building.discard(key)
        else:
            return raw
        self.done[key] = result
        self.keep.append(raw)
        return result


class ToTorch:
    """Turns nnlib modules into TorchObjects for the writer (each module once)."""

    def __init__(self):
        self.done = {}
        self.keep = []

    def __call__(self, module):
        key = id(module)
        if key not in self.done:
            entry = entry_for_module(module)
            if entry is None:
                raise TypeError(f"torch7.save: cannot write a {type(module).__name__} as a Torch7 object"
                                + (" (no Torch7 mapping for this nnlib class yet)" if hasattr(module, "forward")
                                   else ""))
            obj = TorchObject(entry.torch_name, None, 1)
            self.done[key] = obj
            self.keep.append(module)
            obj.fields = entry.fields(module, self)
        return self.done[key]
