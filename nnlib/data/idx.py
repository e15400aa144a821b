"""Strict reader for the IDX format of the MNIST files (optionally gzip-compressed).

An IDX file is: two zero bytes, a type code, the number of dimensions, one big-endian
uint32 per dimension, then the values in C order. Every field is checked: the magic number,
the dimensions, and the exact file length, so a truncated or padded file is an error.
"""
import gzip
import math
import zlib

import numpy as np

_TYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
MNIST_IMAGES_MAGIC = 0x00000803  # 2051: unsigned bytes, 3 dimensions
MNIST_LABELS_MAGIC = 0x00000801  # 2049: unsigned bytes, 1 dimension


MAX_BYTES = 1 << 31  # the largest decompressed IDX file read (MNIST's biggest is 47 MB)


class IDXError(ValueError):
    """A file is not a well-formed IDX file of the expected kind."""


def read_bytes(path, max_bytes=MAX_BYTES):
    """The decompressed bytes of `path` (gzip is detected from the content, not the name).

    A stream that would decompress to more than `max_bytes` is an error (a
    gzip bomb stops there, without allocating the rest).
    """
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] != b"\x1f\x8b":
        return raw
    out, data = [], raw
    try:
        while data:  # gzip members, concatenated
            inflate = zlib.decompressobj(wbits=31)
            size = sum(map(len, out))
            out.append(inflate.decompress(data, max_bytes - size + 1))
            if sum(map(len, out)) > max_bytes:
                raise IDXError(f"{path}: decompresses to more than {max_bytes} bytes; not an MNIST file")
            if not inflate.eof:
                raise EOFError("compressed file ended before the end-of-stream marker was reached")
            data = inflate.unused_data.lstrip(b"\0")
    except EOFError as e:
        raise IDXError(f"{path}: truncated gzip stream ({e}); the download is incomplete, delete the "
                       f"file and download it again") from e
    except zlib.error as e:
        raise IDXError(f"{path}: corrupt gzip data ({e}); delete the file and download it again") from e
    return b"".join(out)


def parse_idx(data, name="<bytes>"):
    """Parse IDX bytes into a native-endian numpy array, checking the header and the length."""
    if len(data) < 4:
        raise IDXError(f"{name}: {len(data)} bytes is too short for an IDX header (4 bytes at least)")
    if data[0] != 0 or data[1] != 0 or data[2] not in _TYPES or data[3] == 0:
        raise IDXError(
            f"{name}: bad IDX magic number 0x{int.from_bytes(data[:4], 'big'):08x}; expected two zero "
            f"bytes, a type code in {{{', '.join(hex(t) for t in _TYPES)}}} and a dimension count >= 1 "
            f"(MNIST images: 0x00000803, labels: 0x00000801). Is this an IDX file?"
        )
    dtype, ndim = _TYPES[data[2]], data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IDXError(f"{name}: file ends inside the header ({len(data)} bytes, header needs {header})")
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + math.prod(shape) * dtype.itemsize  # Python ints: no overflow on huge dimensions
    if len(data) != expected:
        raise IDXError(
            f"{name}: dimensions {shape} of {dtype.itemsize}-byte values need {expected} bytes, "
            f"the file has {len(data)}: it is truncated or corrupt; download it again"
        )
    try:
        array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    except ValueError as e:  # an empty array whose other dimensions numpy cannot represent
        raise IDXError(f"{name}: dimensions {shape} cannot be represented ({e}); the file is corrupt") from e
    return array.astype(dtype.newbyteorder("="))


def read_idx(path):
    """Read an IDX file (plain or gzip) into a numpy array."""
    return parse_idx(read_bytes(path), str(path))


def _read_magic(path, magic, kind):
    data = read_bytes(path)
    found = int.from_bytes(data[:4], "big") if len(data) >= 4 else None
    if found != magic:
        shown = "none (file too short)" if found is None else f"0x{found:08x}"
        raise IDXError(f"{path}: IDX magic number is {shown}, but MNIST {kind} files start with "
                       f"0x{magic:08x}; check that the file is the MNIST {kind} file")
    return parse_idx(data, str(path))


def read_mnist_images(path):
    """MNIST images as uint8 (N, rows, cols); the magic number must be 0x00000803."""
    return _read_magic(path, MNIST_IMAGES_MAGIC, "images")


def read_mnist_labels(path):
    """MNIST labels as uint8 (N,) in 0..9; the magic number must be 0x00000801."""
    labels = _read_magic(path, MNIST_LABELS_MAGIC, "labels")
    if labels.size and labels.max() > 9:
        raise IDXError(f"{path}: labels must be digits 0..9, found {int(labels.max())}")
    return labels


def write_idx(path, array):
    """Write a uint8 array as an IDX file (gzip-compressed, deterministically, if `path` ends in .gz)."""
    array = np.ascontiguousarray(array)
    if array.dtype != np.uint8:
        raise ValueError(f"write_idx: only uint8 arrays are supported, got {array.dtype}")
    header = bytes([0, 0, 0x08, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    data = header + array.tobytes()
    if str(path).endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    with open(path, "wb") as f:
        f.write(data)
