import warnings

import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def test_gradients_through_the_input_module():
    rng = np.random.default_rng(0)
    c = nn.ModuleCriterion(nn.ClassNLLCriterion(), nn.LogSoftMax()).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((3, 5)), rng.integers(0, 5, 3))
    c2 = nn.ModuleCriterion(nn.MSECriterion(), nn.Tanh(), nn.Sigmoid()).astype(np.float64)
    check_criterion_gradients(c2, rng.standard_normal((2, 3)), rng.standard_normal((2, 3)))


def test_equals_cross_entropy():
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((4, 3)).astype(np.float32), rng.integers(0, 3, 4)
    c, ce = nn.ModuleCriterion(nn.ClassNLLCriterion(), nn.LogSoftMax()), nn.CrossEntropyCriterion()
    assert c.forward(x, t) == pytest.approx(ce.forward(x, t), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), ce.backward(x, t), atol=1e-7)


def test_target_module_and_casts():
    x, t = np.zeros(2, np.float32), np.array([1.0, -1.0], np.float32)
    c = nn.ModuleCriterion(nn.MSECriterion(), target_module=nn.Tanh())
    assert c.forward(x, t) == pytest.approx(np.tanh(1.0) ** 2, rel=1e-6)
    assert repr(c) == "nn.ModuleCriterion(nn.MSECriterion, target_module=nn.Tanh)"
    c.astype(np.float64)
    assert c.criterion.dtype == np.float64 and c.target_module.dtype == np.float64
    keep = nn.ModuleCriterion(nn.MSECriterion(), target_module=nn.Tanh(), cast_target=False).astype(np.float64)
    assert keep.target_module.dtype == np.float32


def test_warns_about_untrained_parameters():
    with pytest.warns(UserWarning, match="does not update the parameters of its input module"):
        nn.ModuleCriterion(nn.MSECriterion(), nn.Linear(2, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.ModuleCriterion(nn.MSECriterion(), nn.Tanh())
