"""Fuzzing the IDX reader: every input ends in the right array or an IDXError, never another error,
a hang or an allocation the file cannot justify."""
import gzip
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib.data.idx import IDXError, _TYPES, parse_idx, read_bytes, read_idx

from .conftest import FUZZ


def _expected(data):
    """An independent decoding of well-formed IDX bytes, or None when they are not well-formed."""
    if len(data) < 4 or data[0] or data[1] or data[2] not in _TYPES or not data[3]:
        return None
    dtype, ndim = _TYPES[data[2]], data[3]
    if len(data) < 4 + 4 * ndim:
        return None
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    if len(data) != 4 + 4 * ndim + math.prod(shape) * dtype.itemsize:
        return None
    if math.prod(d for d in shape if d) * dtype.itemsize >= 2 ** 63:
        return None  # an empty array numpy cannot represent (its other dimensions overflow)
    return np.frombuffer(data[4 + 4 * ndim:], dtype=dtype).reshape(shape)


def _check(data):
    expected = _expected(data)
    try:
        array = parse_idx(data, "fuzz")
    except IDXError:
        assert expected is None
        return
    assert expected is not None and array.shape == expected.shape
    assert array.dtype.isnative and np.array_equal(array, expected, equal_nan=True)


def _idx(array, code=0x08):
    dtype = _TYPES[code]
    return bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes() + \
        np.ascontiguousarray(array, dtype=dtype).tobytes()


valid_files = st.builds(
    lambda shape, code, seed: _idx(np.random.default_rng(seed).integers(0, 100, shape), code),
    st.lists(st.integers(0, 5), min_size=1, max_size=4).map(tuple), st.sampled_from(sorted(_TYPES)),
    st.integers(0, 2 ** 32 - 1))


@settings(FUZZ, max_examples=400)
@given(st.binary(max_size=64))
def test_random_bytes(data):
    _check(data)


@settings(FUZZ, max_examples=400)
@given(valid_files, st.data())
def test_truncated_or_padded_files(data, draw):
    cut = draw.draw(st.integers(0, len(data) + 8))
    _check(data[:cut] + b"\0" * max(0, cut - len(data)))


@settings(FUZZ, max_examples=400)
@given(valid_files, st.data())
def test_bit_flips(data, draw):
    flipped = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 3))):
        flipped[draw.draw(st.integers(0, len(data) - 1))] ^= 1 << draw.draw(st.integers(0, 7))
    _check(bytes(flipped))


@settings(FUZZ, max_examples=400)
@given(st.lists(st.integers(0, 2 ** 32 - 1), min_size=1, max_size=255), st.binary(max_size=32))
def test_huge_size_fields_allocate_nothing(dims, tail):
    """Dimensions whose product overflows 64 bits must not wrap around to the file's length, and an
    empty array with huge other dimensions is an IDXError, not numpy's ValueError."""
    _check(bytes([0, 0, 0x08, len(dims)]) + np.asarray(dims, dtype=">u4").tobytes() + tail)


@settings(FUZZ, max_examples=200)
@given(valid_files, st.data())
def test_gzip_truncations_and_flips(tmp_path_factory, data, draw):
    packed = bytearray(gzip.compress(data, mtime=0))
    if draw.draw(st.booleans()):
        packed = packed[:draw.draw(st.integers(2, len(packed)))]
    else:
        packed[draw.draw(st.integers(10, len(packed) - 1))] ^= 1 << draw.draw(st.integers(0, 7))
    path = tmp_path_factory.mktemp("gz") / "f.gz"
    path.write_bytes(bytes(packed))
    try:
        array = read_idx(path)
    except IDXError:
        return
    assert np.array_equal(array, _expected(data))  # only an intact stream (CRC checked) may decode


def test_a_gzip_bomb_stops_at_the_limit(tmp_path):
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(b"\0" * (1 << 24)))  # 16 MiB of zeros in 16 KiB
    try:
        read_bytes(path, max_bytes=1 << 20)
    except IDXError as e:
        assert "more than 1048576 bytes" in str(e)
    else:
        raise AssertionError("no error")


def test_an_empty_array_with_unrepresentable_dimensions_is_an_idx_error():
    dims = [0, 7664, 12585, 51011, 1874637]  # found by the fuzzer: numpy refuses the shape
    try:
        parse_idx(bytes([0, 0, 0x08, len(dims)]) + np.asarray(dims, dtype=">u4").tobytes(), "f")
    except IDXError as e:
        assert "cannot be represented" in str(e)
    else:
        raise AssertionError("no error")
