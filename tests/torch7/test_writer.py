"""nnlib.torch7's writer: raw trees round trip through every format, and torchfile reads what it writes."""
import os

import numpy as np
import pytest

from nnlib import torch7
from nnlib.torch7 import LuaFunction, TdsHash, TdsVec, TorchObject, new_storage
from nnlib.torch7.reader import read_bytes
from nnlib.torch7.writer import write_bytes

from ._trees import assert_matches_torchfile, assert_same_tree, same_array
from .conftest import FACE_FILES, all_data_files, data_file

FORMATS = ["binary", "b32", "ascii"]


def _raw_tree():
    """Every kind of raw value, with sharing, views and cycles."""
    storage = new_storage(np.arange(24, dtype=np.float64) / 7)
    matrix = np.ndarray((3, 4), np.float64, buffer=storage, offset=8 * 2, strides=(8 * 5, 8))
    module = TorchObject("nn.Custom", {"weight": matrix, "train": True}, version=1)
    module["self"] = module
    cycle = {"name": "loop"}
    cycle["me"] = cycle
    tree = {
        "numbers": [0.0, -1.5, 1e300, float("inf"), float("-inf"), float("nan"), 2.0**-1074],
        "text": "héllo", "raw": b"\xff\x00bytes", "empty": "", "flags": [True, False],
        "arrays": [np.arange(n, dtype=d).reshape(-1) for n, d in
                   [(5, np.uint8), (5, np.int8), (4, np.int16), (4, np.int32), (3, np.int64),
                    (6, np.float32), (6, np.float64), (2, np.float16)]],
        "views": [matrix, matrix.T, matrix[::2, 1:], np.asarray(storage)[5:9], matrix],
        "storage": storage, "module": module, "cycle": cycle,
        "tds": [TdsHash({"a": 1.0, 2: "two"}), TdsVec([1.0, "x", None])],
        "function": LuaFunction(b"\x1bLJ\x01fake bytecode", [{"name": "up", "id": 1.0, "value": 3.0}]),
        5: "five", 2.5: "two and a half",
    }
    tree["cycle"]["tree"] = tree
    return tree


@pytest.mark.parametrize("fmt", FORMATS)
def test_raw_trees_round_trip_with_their_sharing(fmt):
    tree = _raw_tree()
    back = read_bytes(write_bytes(tree, fmt), format=None)
    expected = read_bytes(write_bytes(tree, "binary"))  # normalises as reading does (tds.Vec drops nil)
    assert_same_tree(back, expected)
    views = back["views"]
    assert views[0] is views[4]
    assert all(v.base is back["storage"] for v in views[:4])
    assert np.shares_memory(views[0], views[1])
    np.testing.assert_array_equal(views[2], tree["views"][2])
    assert back["module"]["self"] is back["module"] and back["cycle"]["me"] is back["cycle"]
    assert back["cycle"]["tree"] is back


def test_binary_writes_are_read_by_torchfile(tmp_path):
    torchfile = pytest.importorskip("torchfile")
    tree = _raw_tree()
    tree["arrays"].pop()  # torchfile reads no HalfTensor
    path = tmp_path / "tree.t7"
    torch7.save(path, tree)
    theirs = torchfile.load(str(path), use_list_heuristic=False)
    assert_matches_torchfile(torch7.load(path, strict=False), theirs, torchfile)
    # torchfile's tensors view the storage like ours
    assert same_array(theirs[b"views"][3], tree["views"][2])


@pytest.mark.parametrize("path", [p for p in all_data_files() if p.name not in FACE_FILES[:1] + FACE_FILES[3:]],
                         ids=lambda p: p.name)
def test_torch7_binary_files_are_rewritten_byte_for_byte(path):
    data = path.read_bytes()
    assert write_bytes(read_bytes(data, str(path)), "binary") == data


@pytest.mark.parametrize("name", ["face-detector-elab-model.net", "face-detector-face.net.ascii"])
def test_torch7_ascii_files_round_trip_in_every_format(name):
    tree = torch7.load(data_file(name), strict=False)
    for fmt in FORMATS:
        assert_same_tree(read_bytes(write_bytes(tree, fmt)), tree)


def test_save_is_atomic_and_load_reads_it(tmp_path):
    path = tmp_path / "tree.t7"
    torch7.save(path, {"x": np.arange(3.0)})
    np.testing.assert_array_equal(torch7.load(path, strict=False)["x"], np.arange(3.0))
    with pytest.raises(TypeError, match="cannot write a object"):
        torch7.save(path, {"x": object()})
    assert os.listdir(tmp_path) == ["tree.t7"]  # the old file stays, no temporary left
    np.testing.assert_array_equal(torch7.load(path, strict=False)["x"], np.arange(3.0))


def test_unwritable_values_are_refused():
    with pytest.raises(TypeError, match="no Torch7 tensor type holds numpy dtype complex128"):
        write_bytes(np.zeros(2, complex))
    with pytest.raises(ValueError, match="format must be one of"):
        write_bytes(1.0, "text")
    with pytest.raises(OverflowError, match="4-byte longs"):
        write_bytes(np.array([2**40]), "b32")


def test_odd_arrays_are_written_as_copies():
    swapped = np.arange(4, dtype=">f4")
    flags = np.array([True, False])
    scalar = np.array(2.5)
    back = read_bytes(write_bytes([swapped, flags, scalar]))
    assert back[0].dtype == np.float32 and back[0].tolist() == [0, 1, 2, 3]
    assert back[1].dtype == np.uint8 and back[1].tolist() == [1, 0]
    assert back[2].shape == (1,) and back[2][0] == 2.5
