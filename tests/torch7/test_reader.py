"""nnlib.torch7's reader on real Torch7 files (checked against torchfile) and on hand-made ones."""
import struct

import numpy as np
import pytest

from nnlib import torch7
from nnlib.torch7 import LuaFunction, Storage, TableKey, TdsHash, TdsVec, Torch7FormatError, TorchObject
from nnlib.torch7.reader import read_bytes

from ._trees import assert_matches_torchfile, assert_same_tree
from .conftest import all_data_files, data_file


def _int(v):
    return struct.pack("<i", v)


def _long(v):
    return struct.pack("<q", v)


def _string(s):
    return _int(2) + _int(len(s)) + s


def _torch_header(index, name):
    return _int(4) + _int(index) + _int(3) + b"V 1" + _int(len(name)) + name


@pytest.mark.parametrize("path", all_data_files(), ids=lambda p: p.name)
def test_every_shared_file_reads_as_torchfile_reads_it(path):
    torchfile = pytest.importorskip("torchfile")
    if path.name.endswith(".ascii") or path.name == "face-detector-elab-model.net":
        pytest.skip("torchfile reads binary files only (the ascii detectors are checked against "
                    "their binary twin and by round trips)")
    ours = torch7.load(path, strict=False)
    theirs = torchfile.load(str(path), use_list_heuristic=False)
    assert_matches_torchfile(ours, theirs, torchfile)


def test_ascii_and_binary_copies_of_the_old_detector_hold_the_same_tree():
    ascii_tree = torch7.load(data_file("face-detector-face.net.ascii"), strict=False)
    binary_tree = torch7.load(data_file("face-detector-face.net"), strict=False)
    # an old Torch7 wrote the ascii copy's numbers with %g: six significant digits
    assert_same_tree(_sorted_fields(ascii_tree), _sorted_fields(binary_tree), rtol=5e-6)


def _sorted_fields(obj, seen=None):
    """Fields in key order (the two copies were written by two Lua runs whose `pairs` orders differ)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return obj
    seen.add(id(obj))
    if isinstance(obj, TorchObject):
        obj.fields = _sorted_fields(obj.fields, seen)
    elif isinstance(obj, dict):
        items = sorted(obj.items(), key=lambda kv: str(kv[0]))
        obj.clear()
        obj.update((k, _sorted_fields(v, seen)) for k, v in items)
    elif isinstance(obj, list):
        obj[:] = [_sorted_fields(v, seen) for v in obj]
    return obj


def test_format_is_detected_and_can_be_given():
    path = data_file("face-detector-face.net")
    for fmt in (None, "binary", "b64"):
        tree = torch7.load(path, format=fmt, strict=False)
        assert tree.typename == "nn.Sequential"
    with pytest.raises(Torch7FormatError):
        torch7.load(path, format="b32", strict=False)
    with pytest.raises(Torch7FormatError):
        torch7.load(path, format="ascii", strict=False)
    with pytest.raises(ValueError, match="format must be one of"):
        torch7.load(path, format="text", strict=False)


def test_tensors_view_their_storage_with_offset_sizes_and_strides():
    tree = torch7.load(data_file("face-detector-elab-model.net"), strict=False)
    conv = tree["modules"][0]["modules"][0]
    assert conv.typename == "nn.SpatialConvolutionMM"
    weight, bias = conv["weight"], conv["bias"]
    assert weight.dtype == np.float32 and bias.shape == (16,)
    # the elab model's parameters all live in one flattened storage (Torch7's getParameters)
    assert isinstance(bias.base, Storage) and bias.base is weight.base and not np.shares_memory(bias, weight)
    storage = bias.base
    offset = (bias.__array_interface__["data"][0] - storage.__array_interface__["data"][0]) // 4
    np.testing.assert_array_equal(bias, storage[offset:offset + 16])


def test_references_are_preserved():
    # recursive_class.t7: an object A whose field `a` is itself
    obj = torch7.load(data_file("torchfile-tests/recursive_class.t7"), strict=False)
    assert isinstance(obj, TorchObject) and obj.typename == "A" and obj["a"] is obj
    # recursive_kv_table.t7: a table that is its own key and value
    table = torch7.load(data_file("torchfile-tests/recursive_kv_table.t7"), strict=False)
    ((key, value),) = table.items()
    assert isinstance(key, TableKey) and key.value is table and value is table


def test_objects_keyed_by_objects_print_without_recursing():
    node = torch7.load(data_file("torchfile-tests/gmodule_with_linear_identity.t7"), strict=False)["forwardnodes"][0]
    assert "object keys" in repr(TorchObject("x", dict(node["children"])))
    assert repr(node).startswith("TorchObject('nngraph.Node', fields=[")


def test_lists_maps_tds_and_functions():
    load = lambda name: torch7.load(data_file(f"torchfile-tests/{name}"), strict=False)  # noqa: E731
    assert load("list_table.t7") == ["hello", "world", "third item", 123.0]
    assert load("map_table1.t7") == {0: "zero", 1: "hello", 2: "world", 3: "third item", 4: 123.0}
    assert load("hello=123.t7") == {"hello": 123.0}
    hashed, vec = load("tds_hash.t7"), load("tds_vec.t7")
    assert isinstance(hashed, TdsHash) and dict(hashed) == {1: 2.0, 2: 3.0, 10: 11.0}
    assert isinstance(vec, TdsVec) and list(vec) == [123.0, 456.0]
    function = load("function_upvals.t7")
    assert isinstance(function, LuaFunction) and function.upvalue_names() == ["asdf"]
    assert "Lua function" in repr(function) and "not run" in repr(function)


# -- hand-made and corrupted files ------------------------------------------------------


def _float_tensor_file(sizes, strides, offset, storage_size, long=_long):
    body = _torch_header(1, b"torch.FloatTensor") + _int(len(sizes))
    body += b"".join(long(s) for s in sizes) + b"".join(long(s) for s in strides) + long(offset)
    body += _torch_header(2, b"torch.FloatStorage") + long(storage_size)
    return body + np.arange(storage_size, dtype="<f4").tobytes()


def test_a_hand_made_strided_tensor_and_4_byte_longs():
    data = _float_tensor_file([2, 3], [1, 2], 2, 8)
    tensor = read_bytes(data)
    np.testing.assert_array_equal(tensor, np.arange(1, 7, dtype=np.float32).reshape(3, 2).T)
    b32 = _float_tensor_file([2, 3], [1, 2], 2, 8, long=_int)
    np.testing.assert_array_equal(read_bytes(b32), tensor)
    np.testing.assert_array_equal(read_bytes(b32, format="b32"), tensor)


@pytest.mark.parametrize("data, message", [
    (b"\x89HDF\r\n\x1a\n", "not a Torch7 serialized file"),
    (b"", "not a Torch7 serialized file"),
    (_int(3) + _int(1) + _int(1) + _int(9) + _int(1), "unknown type id 9"),
    (_int(2) + _int(-5), "negative length -5"),
    (_int(2) + _int(2**31 - 1) + b"abc", "truncated"),
    (_int(3) + _int(1) + _int(2**30) + _int(1), "table size 1073741824 needs at least"),
    (_torch_header(1, b"torch.FloatStorage") + _long(2**40) + b"\0" * 16, "needs at least 4398046511104 bytes"),
    (_torch_header(1, b"torch.FloatStorage") + _long(-3), "negative torch.FloatStorage size"),
    (_torch_header(1, b"torch.FloatTensor") + _int(2**30), "tensor dimension count"),
    (_float_tensor_file([2, 3], [1, 2], 5, 8), "reaches elements"),
    (_float_tensor_file([-2, 3], [1, 2], 1, 8), "negative size"),
    (_float_tensor_file([2, 3], [1, 2], 1, 0), "reaches elements"),
    (_torch_header(1, b"torch.FloatTensor") + _int(1) + _long(1) + _long(1) + _long(1) + _int(4) + _int(1),
     "refers to itself"),
    (_torch_header(1, b"torch.FloatTensor") + _int(1) + _long(1) + _long(1) + _long(1) + _string(b"x"),
     "needs a storage"),
    (_int(4) + _int(1) + _int(3) + b"V 1" + _int(4) + b"\xff\xfe()", "invalid torch class name"),
    (_float_tensor_file([1] * 65, [1] * 65, 1, 1), "numpy arrays have at most 64"),
    (_float_tensor_file([0, 2**40, 2**40], [1, 1, 1], 1, 1), "beyond numpy's array sizes"),
])
def test_bad_input_raises_a_format_error_naming_file_and_offset(data, message):
    with pytest.raises(Torch7FormatError, match=message) as info:
        read_bytes(data, path="bad.t7")
    assert str(info.value).startswith("bad.t7: byte ")
    assert 0 <= info.value.offset <= len(data)


def test_deep_nesting_is_refused_not_a_crash():
    depth = 6000
    data = b"".join(_int(3) + _int(i + 1) + _int(1) + _int(1) + struct.pack("<d", 1.0) for i in range(depth))
    data += _int(0)
    with pytest.raises(Torch7FormatError, match="nested more than"):
        read_bytes(data, path="deep.t7")


def test_the_error_names_where_inside_the_tree():
    data = bytearray(data_file("face-detector-new-face.net").read_bytes())
    tree = read_bytes(bytes(data))
    weight = tree["modules"][0]["modules"][0]["weight"]
    # find the weight's storage size field and make it claim more than the file holds
    needle = _torch_header(0, b"torch.FloatStorage")[12:]
    at = bytes(data).find(needle) + len(needle)
    assert struct.unpack_from("<q", data, at)[0] >= weight.size
    data[at:at + 8] = _long(10**12)
    with pytest.raises(Torch7FormatError, match=r"inside modules\[1\]\.modules\[1\]\.bias") as info:
        read_bytes(bytes(data), path="x.t7")
    assert info.value.offset == at + 8


def _outcome(data):
    """Reading `data` either works or raises Torch7FormatError; anything else fails the test."""
    try:
        read_bytes(data, path="mutated.t7")
    except Torch7FormatError as e:
        assert 0 <= e.offset <= len(data)
        return "error"
    return "ok"


# (file, how many mutated copies): the big ascii file takes 0.2 s a read, so it gets few;
# the gmodule's ascii copy (made by the writer) covers ascii structure densely
_MUTATED = [("face-detector-new-face.net", 150), ("face-detector-face.net.ascii", 12),
            ("torchfile-tests/gmodule_with_linear_identity.t7", 150), ("gmodule.ascii", 150)]


def _mutation_seed(name):
    if name == "gmodule.ascii":
        from nnlib.torch7.writer import write_bytes
        tree = read_bytes(data_file("torchfile-tests/gmodule_with_linear_identity.t7").read_bytes())
        return write_bytes(tree, "ascii")
    return data_file(name).read_bytes()


@pytest.mark.parametrize("name, count", _MUTATED)
def test_truncations_at_many_offsets_raise_format_errors(name, count):
    data = _mutation_seed(name)
    for cut in np.linspace(0, len(data) - 2, count).astype(int):
        truncated = data[:cut]
        if name.endswith(".ascii") and truncated[-1:].isdigit():
            continue  # a cut inside a number can still be a (different) number
        with pytest.raises(Torch7FormatError):
            read_bytes(truncated, path="truncated.t7")


@pytest.mark.parametrize("name, count", _MUTATED)
def test_bit_flips_load_or_raise_a_format_error(name, count):
    data = _mutation_seed(name)
    rng = np.random.default_rng(7)
    # the structure is in the first bytes and between storages: flip there mostly
    positions = np.concatenate([rng.integers(0, min(len(data), 4096), count * 3 // 4),
                                rng.integers(0, len(data), count - count * 3 // 4)])
    outcomes = set()
    for pos in positions:
        mutated = bytearray(data)
        mutated[pos] ^= 1 << int(rng.integers(0, 8))
        outcomes.add(_outcome(bytes(mutated)))
    assert "error" in outcomes


def test_random_mutations_property():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    seed = data_file("torchfile-tests/gmodule_with_linear_identity.t7").read_bytes()[:1200]

    @hypothesis.settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @hypothesis.given(st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)), max_size=6),
                      st.integers(0, len(seed)), st.binary(max_size=64))
    def check(edits, cut, tail):
        data = bytearray(seed)
        for pos, value in edits:
            data[pos] = value
        _outcome(bytes(data[:cut]) + tail)

    check()
