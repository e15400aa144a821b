"""Writing raw objects in Torch7's serialization (binary or ascii), as `torch.save` does.

The inverse of `reader`: None, bools, numbers, str/bytes, lists/tuples and dicts (as
tables), `TorchObject`, `Storage`, numpy arrays (as Tensors), `TdsHash`, `TdsVec` and
`LuaFunction`. An object reached twice is written once and referenced after that, so
sharing and cycles survive. A numpy array that views a `Storage` (or any other array's
memory) is written as a Tensor on that Storage, with its offset and strides, so
tensors that shared memory share a Storage in Torch7 too.
"""
import struct

import numpy as np

from .objects import LuaFunction, Storage, TableKey, TdsHash, TdsVec, TorchObject, element_type_name
from .reader import (LEGACY_TYPE_RECUR_FUNCTION, TYPE_BOOLEAN, TYPE_FUNCTION, TYPE_NIL, TYPE_NUMBER,
                     TYPE_RECUR_FUNCTION, TYPE_STRING, TYPE_TABLE, TYPE_TORCH)

WRITE_FORMATS = ("binary", "b64", "b32", "ascii")


def write_bytes(obj, format="binary", convert=None):
    """`obj` serialized as Torch7 does, as bytes.

    `format`: "binary" (= "b64", 8-byte longs as 64-bit Torch7 writes), "b32" or "ascii".
    `convert(obj)` is called for objects of no raw kind (nnlib modules) and returns the raw
    object to write in their place.
    """
    if format not in WRITE_FORMATS:
        raise ValueError(f"torch7.save: format must be one of {WRITE_FORMATS}, got {format!r}")
    sink = _AsciiSink() if format == "ascii" else _BinarySink(4 if format == "b32" else 8)
    _Writer(sink, convert).write_object(obj)
    return b"".join(sink.parts)


class _BinarySink:
    def __init__(self, long_size):
        self.parts, self.long_size = [], long_size

    def write_int(self, value):
        self.parts.append(struct.pack("<i", value))

    def write_long(self, value):
        self.parts.append(struct.pack("<q" if self.long_size == 8 else "<i", value))

    def write_double(self, value):
        self.parts.append(struct.pack("<d", value))

    def write_chars(self, raw):
        self.parts.append(bytes(raw))

    def write_array(self, array):
        if array.dtype == np.int64 and self.long_size == 4:
            if array.size and (array.min() < -2**31 or array.max() >= 2**31):
                raise OverflowError("torch7.save: a Long value does not fit the 4-byte longs of format 'b32'")
            array = array.astype(np.int32)
        self.parts.append(np.ascontiguousarray(array, array.dtype.newbyteorder("<")).tobytes())


class _AsciiSink:
    """THDiskFile's ascii mode: one `%d`/`%.17g` a line, arrays on one line, chars raw."""

    _FORMATS = {"f": "%.9g", "d": "%.17g", "e": "%.9g"}

    def __init__(self):
        self.parts = []

    def write_int(self, value):
        self.parts.append(b"%d\n" % value)

    write_long = write_int

    def write_double(self, value):
        self.parts.append(b"%.17g\n" % value)

    def write_chars(self, raw):
        if raw:
            self.parts.append(bytes(raw) + b"\n")

    def write_array(self, array):
        if array.dtype.itemsize == 1:
            self.write_chars(np.ascontiguousarray(array).tobytes())
            return
        if array.size == 0:
            return
        if array.dtype.kind == "f":
            fmt = "%.17g" if array.dtype == np.float64 else "%.9g"
            values = " ".join([fmt % v for v in array.astype(np.float64).tolist()])
        else:
            values = " ".join(map(str, array.tolist()))
        self.parts.append(values.encode() + b"\n")


class _Writer:
    def __init__(self, sink, convert):
        self.sink, self.convert = sink, convert
        self.indices = {}   # id(object) -> reference index
        self.keep = []      # objects whose ids are in `indices` (ids stay unique while they live)
        self.converted = {}  # id(nnlib object) -> its raw stand-in
        self.flat_storages = {}  # id(memory owner) -> Storage viewing it

    def _reference(self, obj):
        """(index, first time?) for an object written by reference."""
        key = id(obj)
        if key in self.indices:
            return self.indices[key], False
        self.indices[key] = index = len(self.indices) + 1
        self.keep.append(obj)
        return index, True

    def write_object(self, obj):
        sink = self.sink
        if obj is None:
            sink.write_int(TYPE_NIL)
        elif isinstance(obj, (bool, np.bool_)):
            sink.write_int(TYPE_BOOLEAN)
            sink.write_int(1 if obj else 0)
        elif isinstance(obj, (int, float, np.integer, np.floating)):
            sink.write_int(TYPE_NUMBER)
            sink.write_double(float(obj))
        elif isinstance(obj, (str, bytes)):
            raw = obj.encode("utf-8") if isinstance(obj, str) else obj
            sink.write_int(TYPE_STRING)
            sink.write_int(len(raw))
            sink.write_chars(raw)
        elif isinstance(obj, LuaFunction):
            self._write_function(obj)
        elif isinstance(obj, Storage):
            self._write_torch(obj, f"torch.{element_type_name(obj.dtype)}Storage", 1, self._write_storage)
        elif isinstance(obj, np.ndarray):
            self._write_torch(obj, f"torch.{element_type_name(_writable_dtype(obj.dtype))}Tensor", 1,
                              self._write_tensor)
        elif isinstance(obj, TdsHash):
            self._write_torch(obj, "tds.Hash", 0, self._write_tds)
        elif isinstance(obj, TdsVec):
            self._write_torch(obj, "tds.Vec", 0, self._write_tds)
        elif isinstance(obj, TorchObject):
            self._write_torch(obj, obj.typename, obj.version, lambda o: self.write_object(o.fields))
        elif isinstance(obj, (dict, list, tuple)):
            self._write_table(obj)
        else:
            self.write_object(self._converted(obj))

    def _converted(self, obj):
        key = id(obj)
        if key not in self.converted:
            if self.convert is None:
                raise TypeError(f"torch7.save: cannot write a {type(obj).__name__} as a Torch7 object")
            raw = self.convert(obj)
            if raw is obj or not isinstance(raw, (TorchObject, dict, list)):
                raise TypeError(f"torch7.save: cannot write a {type(obj).__name__} as a Torch7 object")
            self.converted[key] = (obj, raw)
        return self.converted[key][1]

    def _write_table(self, table):
        self.sink.write_int(TYPE_TABLE)
        index, first = self._reference(table)
        self.sink.write_int(index)
        if not first:
            return
        items = table.items() if isinstance(table, dict) else enumerate(table, 1)
        items = [(k, v) for k, v in items if v is not None]
        self.sink.write_int(len(items))
        for key, value in items:
            self.write_object(key.value if isinstance(key, TableKey) else key)
            self.write_object(value)

    def _write_torch(self, obj, name, version, write_contents):
        self.sink.write_int(TYPE_TORCH)
        index, first = self._reference(obj)
        self.sink.write_int(index)
        if not first:
            return
        for text in (f"V {version}", name):
            raw = text.encode()
            self.sink.write_int(len(raw))
            self.sink.write_chars(raw)
        write_contents(obj)

    def _write_function(self, function):
        if function.kind == TYPE_FUNCTION:
            self.sink.write_int(TYPE_FUNCTION)
        else:
            self.sink.write_int(LEGACY_TYPE_RECUR_FUNCTION if function.kind == LEGACY_TYPE_RECUR_FUNCTION
                                else TYPE_RECUR_FUNCTION)
            index, first = self._reference(function)
            self.sink.write_int(index)
            if not first:
                return
        self.sink.write_int(len(function.bytecode))
        self.sink.write_chars(function.bytecode)
        self.write_object(function.upvalues)

    def _write_storage(self, storage):
        self.sink.write_long(storage.shape[0])
        self.sink.write_array(np.asarray(storage).astype(storage.dtype.newbyteorder("="), copy=False))

    def _write_tds(self, container):
        self.sink.write_long(len(container))
        if isinstance(container, TdsHash):
            for key, value in container.items():
                self.write_object(key.value if isinstance(key, TableKey) else key)
                self.write_object(value)
        else:
            for value in container:
                self.write_object(value)

    def _write_tensor(self, array):
        if array.size == 0:
            self.sink.write_int(0)
            self.sink.write_long(1)
            self.write_object(None)
            return
        storage, offset, strides = self._tensor_layout(array)
        sizes = array.shape if array.ndim else (1,)
        self.sink.write_int(len(sizes))
        for value in (*sizes, *strides, offset + 1):
            self.sink.write_long(value)
        self.write_object(storage)

    def _tensor_layout(self, array):
        """(Storage, 0-based element offset, element strides) of `array`, on the memory it views.

        The first `Storage` on its chain of bases, else the array owning its memory (one
        Storage per owner, so views of one array share it); a copy when it cannot be a view
        (another dtype, byte order or alignment).
        """
        dtype = _writable_dtype(array.dtype)
        base, owner = array, array
        while isinstance(base, np.ndarray) and not isinstance(base, Storage):
            owner, base = base, base.base
        if isinstance(base, Storage):
            memory = base
        else:
            memory = self.flat_storages.get(id(owner), (None, None))[1]
            if memory is None and owner.flags.c_contiguous and owner.dtype == dtype:
                memory = owner.reshape(-1).view(Storage)
                self.flat_storages[id(owner)] = (owner, memory)
        layout = _view_of(array, memory, dtype)
        if layout is None:
            copy = np.ascontiguousarray(array, dtype).reshape(-1).view(Storage)
            strides = np.cumprod((1,) + array.shape[:0:-1])[::-1].tolist() if array.ndim else [1]
            return copy, 0, strides
        return (memory, *layout)


def _writable_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return np.dtype(np.uint8)
    return dtype.newbyteorder("=")


def _view_of(array, memory, dtype):
    """(offset, strides) in elements of `array` inside `memory`, or None when it is no such view."""
    if memory is None or array.dtype != dtype or memory.dtype != dtype or not memory.flags.c_contiguous:
        return None
    size = dtype.itemsize
    start = array.__array_interface__["data"][0] - memory.__array_interface__["data"][0]
    if start % size or any(s % size for s in array.strides):
        return None
    offset, strides = start // size, [s // size for s in array.strides] or [1]
    low = offset + sum((n - 1) * s for n, s in zip(array.shape, strides) if s < 0)
    high = offset + sum((n - 1) * s for n, s in zip(array.shape, strides) if s > 0)
    if low < 0 or high >= memory.shape[0]:
        return None
    return offset, strides
