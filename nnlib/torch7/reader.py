"""Reading Torch7's serialization (`torch.save`'s binary and ascii formats) into raw objects.

The format (torch7's File.lua `writeObject`, generic/Tensor.c and Storage.c, and
THDiskFile.c for the number encodings): every value starts with an int type id
(0 nil, 1 number, 2 string, 3 table, 4 torch class, 5 boolean, 6 function,
7/8 recursive function); tables, torch objects and recursive functions then carry
a reference index, and an index seen before means "the same object again".
Binary files hold little-endian 4-byte ints, 8-byte doubles and `long`s of 8 bytes
(4 in files from 32-bit longs); ascii files hold one number a line (`%d`, `%.17g`),
strings as their raw bytes after their length, and a storage's numbers on one line.

Nothing in a file is ever run: Lua functions load as `LuaFunction` data. Every size
read from the file is checked against the bytes that remain before anything is
allocated, so a corrupt file raises `Torch7FormatError` (naming the file and the
byte offset) rather than allocating gigabytes, recursing without end or hanging.
"""
import math
import re
import struct
import sys

import numpy as np

from .errors import Torch7FormatError
from .objects import STORAGE_DTYPES, TENSOR_DTYPES, LuaFunction, TableKey, TdsHash, TdsVec, TorchObject, new_storage

TYPE_NIL, TYPE_NUMBER, TYPE_STRING, TYPE_TABLE, TYPE_TORCH, TYPE_BOOLEAN = 0, 1, 2, 3, 4, 5
TYPE_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION, TYPE_RECUR_FUNCTION = 6, 7, 8
FORMATS = (None, "binary", "b64", "b32", "ascii")
MAX_DEPTH = 5000  # nesting of tables/objects; deeper files are refused, not a stack overflow
MAX_TENSOR_DIMS = 64  # numpy's limit

_INT = struct.Struct("<i")
_DOUBLE = struct.Struct("<d")
_LONG = {8: struct.Struct("<q"), 4: struct.Struct("<i")}
_TOKEN = re.compile(rb"\S+")
_WHITESPACE = b" \t\n\r\v\f"
_CLASS_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")
_BUILDING = object()  # a tensor or storage whose reading has not finished


def read_bytes(data, path="<bytes>", format=None):
    """The object serialized in `data` (bytes), as raw Python objects (see `nnlib.torch7.objects`).

    `format` is None (detect), "binary" (detect the long size), "b64", "b32" or "ascii".
    """
    if format not in FORMATS:
        raise ValueError(f"torch7.load: format must be one of {FORMATS}, got {format!r}")
    data = bytes(data)
    if format is None:
        format = _detect(data, path)
    if format == "ascii":
        return _Reader(_AsciiSource(data, path)).read_top()
    if format in ("b64", "b32"):
        return _Reader(_BinarySource(data, path, 8 if format == "b64" else 4)).read_top()
    return _read_binary_any_long(data, path)


def _detect(data, path):
    """'ascii' or 'binary' from the first type id; anything else is not a Torch7 file."""
    if len(data) >= 4 and data[0] <= TYPE_RECUR_FUNCTION and data[1:4] == b"\0\0\0":
        return "binary"
    head = data.lstrip(_WHITESPACE)[:2]
    if head[:1] in [b"%d" % t for t in range(TYPE_RECUR_FUNCTION + 1)] and (len(head) == 1 or head[1:2] in _WHITESPACE):
        return "ascii"
    shown = " ".join(f"{b:02x}" for b in data[:8]) or "nothing"
    raise Torch7FormatError(path, 0, f"not a Torch7 serialized file: it starts with {shown}, neither a binary "
                                     f"nor an ascii type id (0-8)")


def _read_binary_any_long(data, path):
    """Binary with 8-byte longs (64-bit Torch7's "binary"), else with 4-byte ones.

    4-byte longs are taken only when they read the whole file and 8-byte ones do not:
    a file that 8-byte longs read with bytes left over is still read as Torch7 would.
    """
    errors, wide = [], None
    for long_size in (8, 4):
        reader = _Reader(_BinarySource(data, path, long_size))
        try:
            obj = reader.read_top()
        except Torch7FormatError as e:
            errors.append(e)
            continue
        if reader.src.pos == len(data):
            return obj
        if long_size == 8:
            wide = (obj,)
    if wide is not None:
        return wide[0]
    # neither long size reads the file: report the attempt that got further
    raise max(errors, key=lambda e: e.offset)


class _BinarySource:
    """Little-endian binary numbers from `data`, with `long`s of `long_size` bytes."""

    ascii = False

    def __init__(self, data, path, long_size):
        self.data, self.path, self.pos, self.long_size = data, path, 0, long_size
        self.min_item = 4  # the smallest encoding of one value (a type id)

    def error(self, message, offset=None, where=""):
        return Torch7FormatError(self.path, self.pos if offset is None else offset, message, where)

    def remaining(self):
        return len(self.data) - self.pos

    def _take(self, n, what):
        if n > len(self.data) - self.pos:
            raise self.error(f"truncated: {what} needs {n} bytes, only {len(self.data) - self.pos} remain")
        start = self.pos
        self.pos += n
        return start

    def read_int(self, what="an int"):
        return _INT.unpack_from(self.data, self._take(4, what))[0]

    def read_long(self, what="a long"):
        return _LONG[self.long_size].unpack_from(self.data, self._take(self.long_size, what))[0]

    def read_longs(self, n, what):
        return self.read_array(np.int64, n, what).tolist()

    def read_double(self):
        return _DOUBLE.unpack_from(self.data, self._take(8, "a number"))[0]

    def read_chars(self, n, what):
        start = self._take(n, what)
        return self.data[start:self.pos]

    def item_size(self, dtype):
        return self.long_size if np.dtype(dtype) == np.int64 else np.dtype(dtype).itemsize

    def read_array(self, dtype, n, what):
        dtype = np.dtype(dtype)
        size = self.item_size(dtype)
        start = self._take(n * size, what)
        stored = np.dtype(np.int32) if size != dtype.itemsize else dtype
        return np.frombuffer(self.data, stored.newbyteorder("<"), n, start).astype(dtype)


class _AsciiSource:
    """Torch7's ascii encoding: whitespace-separated numbers (scanf), raw bytes for chars."""

    ascii = True
    long_size = 8

    def __init__(self, data, path):
        self.data, self.path, self.pos = data, path, 0
        self.min_item = 2  # "0\n"

    def error(self, message, offset=None, where=""):
        return Torch7FormatError(self.path, self.pos if offset is None else offset, message, where)

    def remaining(self):
        return len(self.data) - self.pos

    def _end_of_item(self):
        """THDiskFile's auto-spacing: one newline after each read is consumed."""
        if self.data[self.pos:self.pos + 1] == b"\n":
            self.pos += 1

    def _tokens(self, n, what):
        if n > (len(self.data) - self.pos + 1) // 2:
            raise self.error(f"truncated: {what} needs {n} numbers, the {len(self.data) - self.pos} bytes left "
                             f"cannot hold them")
        start = self.pos
        matches = _TOKEN.finditer(self.data, self.pos)
        tokens = []
        for _ in range(n):
            m = next(matches, None)
            if m is None:
                raise self.error(f"truncated: {what} needs {n} numbers, found {len(tokens)}", start)
            tokens.append(m.group())
            self.pos = m.end()
        self._end_of_item()
        return start, tokens

    def _number(self, parse, what):
        start, (token,) = self._tokens(1, what)
        try:
            return parse(token)
        except ValueError:
            raise self.error(f"{what} expected, found {token[:40]!r}", start) from None

    def read_int(self, what="an int"):
        value = self._number(int, what)
        if not -2**31 <= value < 2**31:
            raise self.error(f"{what} out of range: {value}")
        return value

    def read_long(self, what="a long"):
        value = self._number(int, what)
        if not -2**63 <= value < 2**63:
            raise self.error(f"{what} out of range: {value}")
        return value

    def read_longs(self, n, what):
        return [int(v) for v in self.read_array(np.int64, n, what)] if n else []

    def read_double(self):
        return self._number(float, "a number")

    def read_chars(self, n, what):
        if n > len(self.data) - self.pos:
            raise self.error(f"truncated: {what} needs {n} bytes, only {len(self.data) - self.pos} remain")
        start = self.pos
        self.pos += n
        if n:
            self._end_of_item()
        return self.data[start:start + n]

    def item_size(self, dtype):
        return 1 if np.dtype(dtype).itemsize == 1 else 2

    def read_array(self, dtype, n, what):
        dtype = np.dtype(dtype)
        if dtype.itemsize == 1:  # Byte and Char storages are written as raw bytes
            return np.frombuffer(self.read_chars(n, what), dtype).copy()
        if n == 0:
            return np.empty(0, dtype)
        start, tokens = self._tokens(n, what)
        try:
            if dtype.kind == "f":
                return np.array([float(t) for t in tokens], np.float64).astype(dtype)
            values = [int(t) for t in tokens]
            info = np.iinfo(dtype)
            if min(values) < info.min or max(values) > info.max:
                raise ValueError
            return np.array(values, dtype)
        except ValueError:
            raise self.error(f"{what}: a token is not a {dtype} number", start) from None


class _Reader:
    """Reads objects from a source, keeping Torch7's reference table."""

    def __init__(self, src):
        self.src = src
        self.objects = {}   # reference index -> object
        self.cyclic = set()  # indices of tables referenced while being read
        self.storage_ids = set()
        self.where = []
        self.depth = 0

    def error(self, message, offset=None):
        return self.src.error(message, offset, "".join(self.where).lstrip("."))

    def read_top(self):
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 8 * MAX_DEPTH))
        try:
            return self.read_object()
        except Torch7FormatError as e:
            if not e.where and self.where:
                raise self.error(e.reason, e.offset) from None
            raise
        finally:
            sys.setrecursionlimit(limit)

    def read_object(self):
        start = self.src.pos
        typeidx = self.src.read_int("a type id")
        if typeidx == TYPE_NIL:
            return None
        if typeidx == TYPE_NUMBER:
            return self.src.read_double()
        if typeidx == TYPE_BOOLEAN:
            value = self.src.read_int("a boolean")
            return value == 1
        if typeidx == TYPE_STRING:
            return _decode(self._read_string("a string"))
        if typeidx == TYPE_FUNCTION:
            bytecode = self._read_string("a function's bytecode")
            return LuaFunction(bytecode, self._nested(), TYPE_FUNCTION)
        if typeidx not in (TYPE_TABLE, TYPE_TORCH, TYPE_RECUR_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION):
            raise self.error(f"unknown type id {typeidx} (Torch7 writes 0-8)", start)
        index = self.src.read_int("a reference index")
        if index in self.objects:
            obj = self.objects[index]
            if obj is _BUILDING:
                raise self.error(f"object #{index} refers to itself while it is being read (a tensor or "
                                 f"storage cannot contain itself)", start)
            if isinstance(obj, dict) and type(obj) is dict:
                self.cyclic.add(index)
            return obj
        if typeidx == TYPE_TABLE:
            return self._read_table(index)
        if typeidx == TYPE_TORCH:
            return self._read_torch(index, start)
        bytecode = self._read_string("a function's bytecode")
        function = self.objects[index] = LuaFunction(bytecode, None, typeidx)
        function.upvalues = self._nested()
        return function

    def _nested(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"objects nested more than {MAX_DEPTH} deep")
        try:
            return self.read_object()
        finally:
            self.depth -= 1

    def _read_string(self, what):
        n = self.src.read_int(f"the length of {what}")
        if n < 0:
            raise self.error(f"negative length {n} of {what}")
        return self.src.read_chars(n, what)

    def _count(self, n, what, item_size):
        """Check that `n` items of at least `item_size` bytes fit in what is left of the file."""
        if n < 0:
            raise self.error(f"negative {what}: {n}")
        if n * item_size > self.src.remaining():
            raise self.error(f"{what} {n} needs at least {n * item_size} bytes, only {self.src.remaining()} remain")
        return n

    def _read_table(self, index):
        n = self._count(self.src.read_int("a table size"), "table size", 2 * self.src.min_item)
        table = self.objects[index] = {}
        for _ in range(n):
            key_at = self.src.pos
            key = self._nested()
            self.where.append(_key_name(key))
            try:
                value = self._nested()
            finally:
                self.where.pop()
            table[self._hashable_key(key, key_at)] = value
        if index not in self.cyclic and all(type(k) is int for k in table) and set(table) == set(range(1, n + 1)):
            items = self.objects[index] = [table[i] for i in range(1, n + 1)]
            return items
        return table

    def _hashable_key(self, key, offset):
        if key is None:
            raise self.error("a table key is nil", offset)
        if isinstance(key, float):
            if key != key:
                raise self.error("a table key is NaN", offset)
            return int(key) if key.is_integer() else key
        if isinstance(key, (bool, dict, list, np.ndarray)):
            return TableKey(key)
        return key

    def _read_torch(self, index, start):
        version = self._read_string("a class version")
        number = _version_number(version)
        if number is None:
            name, number = version, 0
        else:
            name = self._read_string("a class name")
        try:
            name = name.decode("ascii")
        except UnicodeDecodeError:
            name = None
        if name is None or not _CLASS_NAME.match(name):
            raise self.error(f"invalid torch class name {version if number is None else name!r:.60}", start)
        if name in TENSOR_DTYPES:
            return self._read_tensor(index, TENSOR_DTYPES[name], name)
        if name in STORAGE_DTYPES:
            return self._read_storage(index, STORAGE_DTYPES[name], name)
        if name in ("tds.Hash", "tds_hash"):
            return self._read_tds(index, TdsHash(), pairs=True)
        if name in ("tds.Vec", "tds_vec"):
            return self._read_tds(index, TdsVec(), pairs=False)
        obj = self.objects[index] = TorchObject(name, None, number)
        fields = self._nested()
        obj.fields = {} if fields is None else fields
        return obj

    def _read_storage(self, index, dtype, name):
        self.objects[index] = _BUILDING
        n = self._count(self.src.read_long("a storage size"), f"{name} size", self.src.item_size(dtype))
        storage = new_storage(self.src.read_array(dtype, n, f"a {name} of {n} elements"))
        self.objects[index] = storage
        self.storage_ids.add(id(storage))
        return storage

    def _read_tensor(self, index, dtype, name):
        self.objects[index] = _BUILDING
        at = self.src.pos
        ndim = self._count(self.src.read_int("a tensor's dimension count"), "tensor dimension count",
                           2 * self.src.item_size(np.int64))
        sizes = self.src.read_longs(ndim, "a tensor's sizes")
        strides = self.src.read_longs(ndim, "a tensor's strides")
        offset = self.src.read_long("a tensor's storage offset") - 1
        storage_at = self.src.pos
        storage = self._nested()
        if storage is not None and (id(storage) not in self.storage_ids or storage.dtype != dtype):
            found = f"a {storage.dtype} storage" if id(storage) in self.storage_ids else type(storage).__name__
            raise self.error(f"a {name} needs a storage of {dtype} or nil, found {found}", storage_at)
        if any(s < 0 for s in sizes):
            raise self.error(f"a {name} has a negative size {sizes}", at)
        if ndim > MAX_TENSOR_DIMS:
            raise self.error(f"a {name} of {ndim} dimensions: numpy arrays have at most {MAX_TENSOR_DIMS}", at)
        count = math.prod(sizes) if ndim else 0
        if count == 0:
            if math.prod(n for n in sizes if n) * dtype.itemsize >= 2**62:
                raise self.error(f"a {name} of size {sizes} is beyond numpy's array sizes", at)
            tensor = np.empty(sizes if ndim else (0,), dtype)
        else:
            if storage is None:
                raise self.error(f"a {name} of size {sizes} has no storage", storage_at)
            low = offset + sum((n - 1) * s for n, s in zip(sizes, strides) if s < 0)
            high = offset + sum((n - 1) * s for n, s in zip(sizes, strides) if s > 0)
            if low < 0 or high >= len(storage):
                raise self.error(f"a {name} of size {sizes}, strides {strides} and offset {offset + 1} reaches "
                                 f"elements {low + 1}..{high + 1} of a storage of {len(storage)}", at)
            tensor = np.ndarray(sizes, dtype, buffer=storage, offset=offset * dtype.itemsize,
                                strides=[s * dtype.itemsize for s in strides])
        self.objects[index] = tensor
        return tensor

    def _read_tds(self, index, container, pairs):
        what = "tds.Hash size" if pairs else "tds.Vec size"
        n = self._count(self.src.read_long(what), what, (2 if pairs else 1) * self.src.min_item)
        self.objects[index] = container
        for i in range(n):
            if pairs:
                key_at = self.src.pos
                key = self._nested()
                self.where.append(_key_name(key))
                try:
                    container[self._hashable_key(key, key_at)] = self._nested()
                finally:
                    self.where.pop()
            else:
                self.where.append(f"[{i + 1}]")
                try:
                    container.append(self._nested())
                finally:
                    self.where.pop()
        return container


def _version_number(version):
    if not version.startswith(b"V "):
        return None
    try:
        number = float(version[2:])
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _decode(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def _key_name(key):
    if isinstance(key, str) and key.isidentifier():
        return "." + key
    if isinstance(key, float) and key.is_integer():
        return f"[{int(key)}]"
    return f"[{key!r:.40}]"
