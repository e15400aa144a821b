"""dpnn's Serial: its mode decides what nnlib.save writes of the wrapped tree; tensor_type casts the saved copy."""
import h5py
import numpy as np
import pytest

import nnlib
from nnlib import nn


def _trained(seed=0):
    """A small MLP with accumulated gradients and a momentum velocity."""
    nnlib.manual_seed(seed)
    mlp = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    x = np.random.default_rng(seed).standard_normal((5, 3)).astype(np.float32)
    mlp.forward(x)
    mlp.backward(x, np.ones((5, 2), np.float32))
    mlp.update_grad_parameters(0.9)
    mlp.backward(x, np.ones((5, 2), np.float32))
    return mlp, x


def _saved_names(path):
    """Attribute names stored for the first Linear of the wrapped Sequential."""
    with h5py.File(path, "r") as f:
        return set(f["object/modules/0/modules/0"]), set(f["object/modules/0"])


@pytest.mark.parametrize("mode, grads, momentum", [("heavy", True, True), ("medium", True, False),
                                                   ("light", False, False)])
def test_modes_choose_what_is_written(tmp_path, mode, grads, momentum):
    mlp, x = _trained()
    s = getattr(nn.Serial(mlp), f"{mode}_serial")()
    assert s.serial_mode == mode
    nnlib.save(tmp_path / "m.h5", s)
    linear, seq = _saved_names(tmp_path / "m.h5")
    assert ("grad_weight" in linear) == grads and ("grad_bias" in linear) == grads
    assert ("_momentum_velocity" in seq) == momentum
    assert "output" not in linear  # never written
    loaded = nnlib.load(tmp_path / "m.h5")
    assert type(loaded) is nn.Serial and loaded.serial_mode == mode
    np.testing.assert_array_equal(loaded.forward(x), mlp.forward(x))
    for a, b in zip(loaded.parameters()[1], mlp.parameters()[1]):
        if grads:
            np.testing.assert_array_equal(a, b)
            assert a.any()
        else:
            assert not a.any()
    assert (loaded.module.__dict__.get("_momentum_velocity") is not None) == momentum


def test_default_is_heavy_and_a_plain_save_writes_no_gradients(tmp_path):
    mlp, _ = _trained()
    assert nn.Serial(mlp).serial_mode == "heavy"
    nnlib.save(tmp_path / "plain.h5", nn.Sequential(mlp))
    with h5py.File(tmp_path / "plain.h5", "r") as f:
        assert "grad_weight" not in f["object/modules/0/modules/0"]


def test_loaded_gradients_keep_sharing(tmp_path):
    a = nn.Linear(3, 3)
    b = a.clone("weight", "bias")
    s = nn.Serial(nn.Sequential(a, b))
    x = np.ones((2, 3), np.float32)
    s.forward(x)
    s.backward(x, np.ones((2, 3), np.float32))
    nnlib.save(tmp_path / "s.h5", s)
    loaded = nnlib.load(tmp_path / "s.h5")
    la, lb = loaded.module.modules
    assert la.weight is lb.weight and la.grad_weight is lb.grad_weight
    np.testing.assert_array_equal(la.grad_weight, a.grad_weight)


def test_an_inner_serial_sets_its_own_mode(tmp_path):
    mlp, _ = _trained()
    outer = nn.Serial(nn.Sequential(nn.Serial(mlp).light_serial())).heavy_serial()
    nnlib.save(tmp_path / "n.h5", outer)
    with h5py.File(tmp_path / "n.h5", "r") as f:
        assert "grad_weight" not in f["object/modules/0/modules/0/modules/0/modules/0"]


@pytest.mark.parametrize("tensor_type", [np.float64, "float64", "torch.DoubleTensor"])
def test_tensor_type_casts_the_saved_copy_only(tmp_path, tensor_type):
    mlp, x = _trained()
    s = nn.Serial(mlp, tensor_type)
    nnlib.save(tmp_path / "t.h5", s)
    assert all(p.dtype == np.float32 for p in mlp.parameters()[0])  # the module in memory is not cast
    loaded = nnlib.load(tmp_path / "t.h5")
    assert loaded.tensor_type == np.float64
    assert all(p.dtype == np.float64 for p in loaded.parameters()[0] + loaded.parameters()[1])
    np.testing.assert_allclose(loaded.forward(x.astype(np.float64)), mlp.forward(x), rtol=1e-6)
    for a, b in zip(loaded.parameters()[1], mlp.parameters()[1]):
        np.testing.assert_array_equal(a, b.astype(np.float64))
    assert all(v.dtype == np.float64 for v in loaded.module._momentum_velocity)
    assert all(v.dtype == np.float32 for v in mlp._momentum_velocity)


def test_forwards_everything_and_has_a_gradient():
    from nnlib.testing import check_module_gradients
    s = nn.Serial(nn.Linear(3, 2)).astype(np.float64)
    check_module_gradients(s, np.random.default_rng(0).standard_normal((4, 3)))
    assert repr(nn.Serial(nn.Linear(3, 2), "torch.FloatTensor").light_serial()) == \
        "nn.Serial(light, float32) @ nn.Linear(3 -> 2)"


def test_a_non_float_tensor_type_is_refused():
    with pytest.raises(ValueError, match="not a float type"):
        nn.Serial(nn.Linear(2, 2), "torch.LongTensor")
