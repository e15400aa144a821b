"""Comparing object trees read by nnlib.torch7 with each other and with torchfile's."""
import numpy as np

from nnlib.torch7 import LuaFunction, TableKey, TorchObject


def same_array(a, b):
    """Same dtype, shape and bits."""
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()


def assert_same_tree(a, b, where="root", seen=None, rtol=0.0):
    """Two raw trees read by nnlib.torch7 are equal: values, array bits, classes and sharing pattern.

    With `rtol`, numbers and floating arrays need only agree to that relative tolerance.
    """
    seen = {} if seen is None else seen
    if isinstance(a, (dict, list, TorchObject, LuaFunction, np.ndarray)):
        if id(a) in seen:
            assert seen[id(a)] is b, f"{where}: sharing differs"
            return
        seen[id(a)] = b
    assert type(a) is type(b), f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, np.ndarray):
        if rtol and a.dtype.kind == "f":
            assert a.dtype == b.dtype and a.shape == b.shape, where
            np.testing.assert_allclose(a, b, rtol=rtol, atol=0, err_msg=where)
        else:
            assert same_array(a, b), f"{where}: arrays differ"
    elif isinstance(a, TorchObject):
        assert (a.typename, a.version) == (b.typename, b.version), where
        assert_same_tree(a.fields, b.fields, where, seen, rtol)
    elif isinstance(a, LuaFunction):
        assert (a.bytecode, a.kind) == (b.bytecode, b.kind), where
        assert_same_tree(a.upvalues, b.upvalues, where + ".upvalues", seen, rtol)
    elif isinstance(a, dict):
        keys_a = [k.value if isinstance(k, TableKey) else k for k in a]
        keys_b = [k.value if isinstance(k, TableKey) else k for k in b]
        assert len(keys_a) == len(keys_b), where
        for (ka, va), (kb, vb) in zip(a.items(), b.items()):
            if isinstance(ka, TableKey):
                assert_same_tree(ka.value, kb.value, f"{where}[key]", seen, rtol)
            else:
                assert ka == kb, f"{where}: keys {ka!r} vs {kb!r}"
            assert_same_tree(va, vb, f"{where}[{ka!r}]", seen, rtol)
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_tree(x, y, f"{where}[{i + 1}]", seen, rtol)
    elif isinstance(a, float) and a != a:
        assert b != b, where
    elif isinstance(a, float) and rtol:
        assert abs(a - b) <= rtol * abs(b), f"{where}: {a!r} vs {b!r}"
    else:
        assert a == b, f"{where}: {a!r} vs {b!r}"


def assert_matches_torchfile(ours, theirs, torchfile, where="root", seen=None):
    """A tree read by nnlib.torch7 holds what torchfile read: every tensor bit for bit, every value.

    `theirs` is read by `torchfile.load(path, use_list_heuristic=False)`.
    """
    seen = set() if seen is None else seen
    if id(ours) in seen:
        return
    if isinstance(ours, (dict, list, TorchObject)):
        seen.add(id(ours))
    if isinstance(ours, np.ndarray):
        assert isinstance(theirs, np.ndarray), f"{where}: torchfile read {type(theirs).__name__}"
        assert same_array(ours, theirs), f"{where}: tensors differ from torchfile's"
    elif isinstance(ours, TorchObject):
        assert isinstance(theirs, torchfile.TorchObject), where
        assert theirs.torch_typename().decode() == ours.typename, where
        assert_matches_torchfile(ours.fields, theirs._obj, torchfile, where, seen)
    elif isinstance(ours, LuaFunction):
        assert ours.bytecode == theirs.dumped, where
    elif isinstance(ours, dict):
        assert len(ours) == len(theirs), where
        for key, value in ours.items():
            if isinstance(key, (TableKey, TorchObject)):
                continue  # keyed by object identity: torchfile's objects are others
            their_key = key.encode() if isinstance(key, str) else key
            assert their_key in theirs, f"{where}: key {key!r} missing in torchfile's"
            assert_matches_torchfile(value, theirs[their_key], torchfile, f"{where}.{key}", seen)
    elif isinstance(ours, list):
        # torchfile is run without its list heuristic (it fails on lists of tensors)
        # (but reads a tds.Vec as a list)
        if isinstance(theirs, list):
            theirs = dict(enumerate(theirs, 1))
        assert sorted(theirs) == list(range(1, len(ours) + 1)), where
        for i, x in enumerate(ours):
            assert_matches_torchfile(x, theirs[i + 1], torchfile, f"{where}[{i + 1}]", seen)
    elif isinstance(ours, str):
        assert ours.encode() == theirs, where
    elif isinstance(ours, float) and ours != ours:
        assert theirs != theirs, where
    else:
        assert ours == theirs, f"{where}: {ours!r} vs {theirs!r}"
