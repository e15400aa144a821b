"""Fuzzing nnlib.load: truncations, bit flips and crafted (re-sealed) edits end in the saved object or
a LoadError naming the file; never another exception, a crash, or an allocation the file cannot back."""
import hashlib
import h5py
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import nn
from nnlib.io import LoadError

from .conftest import FUZZ


def _object():
    nnlib.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2), nn.LogSoftMax())
    return {"model": model, "epoch": 3, "lr": 0.5, "names": ["a", "b"], "blob": b"\x00\x01",
            "state": (np.arange(5, dtype=np.int64), np.float32(2.5), np.dtype("float32"), None),
            "text": np.array(["x", "yz"])}


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "saved.h5"
    nnlib.save(path, _object())
    with h5py.File(path, "r") as f:
        nodes = []
        f.visit(nodes.append)
    return _Saved(path.read_bytes(), nodes)


class _Saved:
    """The saved file's bytes and node names (with a short repr for Hypothesis's reports)."""

    def __init__(self, data, nodes):
        self.data, self.nodes = data, nodes

    def __repr__(self):
        return f"<saved file, {len(self.data)} bytes>"


def _load(path):
    try:
        return nnlib.load(path)
    except LoadError as e:
        assert str(path) in str(e)
        return None


@settings(FUZZ, max_examples=300)
@given(st.data())
def test_truncations_and_bit_flips(tmp_path_factory, saved, data):
    raw = bytearray(saved.data)
    if data.draw(st.booleans()):
        raw = raw[:data.draw(st.integers(0, len(raw) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 4))):
            raw[data.draw(st.integers(0, len(raw) - 1))] ^= 1 << data.draw(st.integers(0, 7))
    path = tmp_path_factory.mktemp("t") / "m.h5"
    path.write_bytes(bytes(raw))
    loaded = _load(path)
    assert loaded is None or raw == saved.data  # a damaged file never loads (two flips may undo each other)


def _reseal(path):
    data = bytearray(path.read_bytes())
    data[:512] = (b"NNLIB-SHA256 " + hashlib.sha256(data[512:]).hexdigest().encode() + b"\n").ljust(512, b"\0")
    path.write_bytes(bytes(data))


junk = st.one_of(st.integers(-2 ** 63, 2 ** 63 - 1), st.text(max_size=20), st.floats(allow_nan=True),
                 st.sampled_from(["module", "dict", "list", "tuple", "ndarray", "npscalar", "dtype", "json",
                                  "plainlist", "bytes", "os:system", "nnlib.nn:Linear", "[1, {}]", '["x"]',
                                  "<f8", "O", "V8", "9999999999"]))
replacements = st.sampled_from([
    lambda: np.zeros(0), lambda: np.array(["a", "b"], dtype=h5py.string_dtype()),
    lambda: np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]), lambda: np.array(1e300),
    lambda: np.arange(6, dtype=np.uint8).reshape(2, 3)])


@settings(FUZZ, max_examples=100)
@given(st.data())
def test_crafted_edits(tmp_path_factory, saved, data):
    """What a forger can write: any attribute, any data set in place of another, declared shapes
    far larger than the file, with a valid checksum header."""
    path = tmp_path_factory.mktemp("c") / "m.h5"
    path.write_bytes(saved.data)
    node_name = data.draw(st.sampled_from(saved.nodes))
    edit = data.draw(st.sampled_from(["attr", "replace", "huge", "delete"]))
    with h5py.File(path, "a") as f:
        node = f[node_name]
        if edit == "attr":
            name = data.draw(st.sampled_from(["kind", "class", "length", "keys", "transient", "object_id",
                                              "checksum", "unicode_dtype"]))
            node.attrs[name] = data.draw(junk)
        elif edit == "delete":
            del f[node_name]
        else:
            attrs = dict(node.attrs)
            del f[node_name]
            if edit == "huge":
                new = f.create_dataset(node_name, shape=(2 ** 40, 2 ** 10), dtype="<f8")  # never allocated
            else:
                new = f.create_dataset(node_name, data=data.draw(replacements)())
            for k, v in attrs.items():
                new.attrs[k] = v
    _reseal(path)
    loaded = _load(path)
    if loaded is not None and isinstance(loaded, dict) and isinstance(loaded.get("model"), nn.Module):
        model = loaded["model"]  # a forger can write another well-formed object, but a well-formed one
        repr(model)
        assert all(isinstance(p, np.ndarray) for p in model.parameters()[0])


def test_a_huge_declared_shape_is_refused_before_reading(tmp_path):
    path = tmp_path / "m.h5"
    nnlib.save(path, {"w": np.zeros(3)})
    with h5py.File(path, "a") as f:
        attrs = dict(f["object/0"].attrs)
        del f["object/0"]
        node = f.create_dataset("object/0", shape=(2 ** 40,), dtype="<f8")
        for k, v in attrs.items():
            node.attrs[k] = v
    _reseal(path)
    with pytest.raises(LoadError, match=r"claims shape \(1099511627776,\).*more than the whole file"):
        nnlib.load(path)
