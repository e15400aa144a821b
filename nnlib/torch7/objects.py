"""Python stand-ins for the raw objects of a Torch7 file.

Lua values map as: nil -> None, numbers -> float, booleans -> bool, strings -> str
(bytes when not valid UTF-8), tables -> list (keys exactly 1..n) or dict (integral
number keys become ints; unhashable keys are wrapped in `TableKey`), Storages ->
`Storage` (a 1-D numpy array), Tensors -> numpy arrays viewing their Storage
(so tensors sharing a Storage share memory, as in Torch7), tds.Hash -> `TdsHash`,
tds.Vec -> `TdsVec`, other torch classes -> `TorchObject`, Lua functions ->
`LuaFunction` (never run). An object stored once and referenced twice is one
Python object.
"""
import numpy as np

# Torch7 tensor/storage type name -> (numpy dtype, CUDA?). Cuda types read as CPU arrays.
_ELEMENT_TYPES = {
    "Byte": np.uint8, "Char": np.int8, "Short": np.int16, "Int": np.int32,
    "Long": np.int64, "Float": np.float32, "Double": np.float64, "Half": np.float16,
}
_CUDA_ELEMENT_TYPES = {"": np.float32, **{k: v for k, v in _ELEMENT_TYPES.items()}}

TENSOR_DTYPES = {f"torch.{k}Tensor": np.dtype(v) for k, v in _ELEMENT_TYPES.items()}
TENSOR_DTYPES.update({f"torch.Cuda{k}Tensor": np.dtype(v) for k, v in _CUDA_ELEMENT_TYPES.items()})
STORAGE_DTYPES = {f"torch.{k}Storage": np.dtype(v) for k, v in _ELEMENT_TYPES.items()}
STORAGE_DTYPES.update({f"torch.Cuda{k}Storage": np.dtype(v) for k, v in _CUDA_ELEMENT_TYPES.items()})

# numpy dtype -> the CPU type name written back
_WRITE_NAMES = {np.dtype(v): k for k, v in _ELEMENT_TYPES.items()}
_WRITE_NAMES[np.dtype(np.bool_)] = "Byte"


def element_type_name(dtype):
    """Torch7's element type name ('Float', 'Long', ...) for a numpy dtype, or raise."""
    try:
        return _WRITE_NAMES[np.dtype(dtype)]
    except KeyError:
        raise TypeError(f"torch7.save: no Torch7 tensor type holds numpy dtype {np.dtype(dtype)}; "
                        f"supported: {', '.join(sorted(map(str, _WRITE_NAMES)))}") from None


class Storage(np.ndarray):
    """A Torch7 Storage: a 1-D array that tensors read from the same file view.

    Writing an array of this class back gives a Storage; any other array is
    written as a Tensor (on its Storage when it views one). Make one with `new_storage`.
    """

    def __array_wrap__(self, obj, context=None, return_scalar=False):
        # arithmetic on a storage gives plain arrays, not new Storages
        result = np.asarray(obj)
        return result[()] if return_scalar else result


def new_storage(values, dtype=None):
    """A new `Storage` holding a copy of the 1-D `values`.

    It owns its memory, so arrays made on it (`np.ndarray(..., buffer=storage)`) and
    their slices have it as their `.base`: the writer finds their Storage that way.
    """
    values = np.asarray(values, dtype)
    if values.ndim != 1:
        raise ValueError(f"a Torch7 Storage is 1-D; got shape {values.shape}")
    storage = Storage(values.shape, values.dtype)
    storage[...] = values
    return storage


class TorchObject:
    """An instance of a Torch7 class read as data: its class name, version and fields.

    Args:
        typename: Torch7's class name, e.g. "nn.Linear".
        fields: the table the object was saved as (usually a dict), or None.
        version: the class version number written with it (0 for files before versions).

    Fields are reached as `obj["weight"]`, `"weight" in obj`, `obj.get("bias")`.
    Equality and hashing are by identity, as for Lua objects.
    """

    def __init__(self, typename, fields=None, version=0):
        self.typename = typename
        self.fields = {} if fields is None else fields
        self.version = version

    def __getitem__(self, key):
        return self.fields[key]

    def __setitem__(self, key, value):
        self.fields[key] = value

    def __contains__(self, key):
        return isinstance(self.fields, dict) and key in self.fields

    def get(self, key, default=None):
        return self.fields.get(key, default) if isinstance(self.fields, dict) else default

    def __repr__(self):
        if not isinstance(self.fields, dict):
            return f"TorchObject({self.typename!r}, fields={type(self.fields).__name__})"
        # only plain keys: an object key's own repr could lead back here
        keys = [k for k in self.fields if isinstance(k, (str, int, float))]
        more = len(self.fields) - len(keys)
        return f"TorchObject({self.typename!r}, fields={keys}{f' and {more} object keys' if more else ''})"


class LuaFunction:
    """A serialized Lua function: its bytecode and upvalues, kept as data and never run.

    Args:
        bytecode: the `string.dump` output (bytes).
        upvalues: the upvalue table as read (a list of {name, id, value} tables for
            recursive functions).
        kind: Torch7's type id (6 plain, 7 legacy recursive, 8 recursive function).
    """

    def __init__(self, bytecode, upvalues=None, kind=8):
        self.bytecode, self.upvalues, self.kind = bytes(bytecode), upvalues, kind

    def upvalue_names(self):
        """The upvalues' names, where the file recorded them."""
        names = []
        for u in self.upvalues if isinstance(self.upvalues, list) else []:
            if isinstance(u, dict) and isinstance(u.get("name"), str):
                names.append(u["name"])
        return names

    def __repr__(self):
        names = self.upvalue_names()
        ups = f", upvalues {names}" if names else ""
        return f"<Lua function: {len(self.bytecode)} bytes of bytecode{ups}; not run by nnlib>"


class TdsHash(dict):
    """A tds.Hash: a dict (compared and hashed by identity, as Lua objects)."""

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other


class TdsVec(list):
    """A tds.Vec: a list (compared and hashed by identity, as Lua objects)."""

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other


class TableKey:
    """A table key that Python cannot hash (a table or a tensor), compared by identity.

    `key.value` is the object itself.
    """

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return id(self.value)

    def __eq__(self, other):
        return isinstance(other, TableKey) and other.value is self.value

    def __repr__(self):
        return f"TableKey({type(self.value).__name__} at {id(self.value):#x})"
