"""nn.Jacobian: torch/nn's gradient checks, as users call them."""
import numpy as np
import pytest

import nnlib
from nnlib import nn

PRECISION = 1e-5  # Torch7's tests' precision for double modules


class _WrongGradient(nn.Module):
    """y = x^2 with a deliberately wrong derivative (x instead of 2x)."""

    def __init__(self):
        super().__init__()
        self.dtype = np.dtype(np.float64)

    def update_output(self, input):
        self.output = input * input
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = grad_output * input
        return self.grad_input


def test_jacobian_of_correct_modules_is_within_torch7s_precision():
    nnlib.manual_seed(0)
    for module, shape in [(nn.Linear(3, 2), (2, 3)), (nn.Tanh(), (5,)), (nn.SpatialConvolution(2, 1, 2, 2), (1, 2, 3, 3))]:
        module.astype(np.float64)
        assert nn.Jacobian.test_jacobian(module, np.zeros(shape)) < PRECISION


def test_jacobian_finds_a_wrong_gradient():
    x = np.zeros(4)
    err = nn.Jacobian.test_jacobian(_WrongGradient(), x, 1, 2)
    assert 1 <= err <= 2 + 1e-6  # |2x - x| = |x| with x filled from U(1, 2)
    assert (1 <= x).all() and (x <= 2).all()


def test_jacobian_matrices():
    m = nn.Linear(3, 2).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((1, 3))
    np.testing.assert_allclose(nn.Jacobian.backward(m, x), m.weight.T)
    np.testing.assert_allclose(nn.Jacobian.forward(m, x), m.weight.T, atol=1e-8)
    np.testing.assert_allclose(nn.Jacobian.backward(m, x, m.bias, m.grad_bias), np.eye(2))


def test_parameters_and_update_parameters():
    nnlib.manual_seed(1)
    m = nn.Linear(4, 3).astype(np.float64)
    x = np.zeros((2, 4))
    assert nn.Jacobian.test_jacobian_parameters(m, x, m.weight, m.grad_weight) < PRECISION
    assert nn.Jacobian.test_jacobian_parameters(m, x, m.bias, m.grad_bias) < PRECISION
    assert nn.Jacobian.test_jacobian_update_parameters(m, x, m.weight) < PRECISION
    assert nn.Jacobian.test_jacobian_update_parameters(m, x, m.bias) < PRECISION


def test_io_round_trip():
    m = nn.Sequential(nn.Linear(3, 2), nn.Tanh()).astype(np.float64)
    errf, errb = nn.Jacobian.test_io(m, np.random.default_rng(2).standard_normal((2, 3)))
    assert errf == 0 and errb == 0


def test_all_update():
    nnlib.manual_seed(3)
    m = nn.Linear(3, 2).astype(np.float64)
    errors = nn.Jacobian.test_all_update(m, np.random.default_rng(3).standard_normal((2, 3)), "weight", "grad_weight")
    assert set(errors) == {"acc_grad_parameters", "acc_update_grad_parameters", "acc_grad_parameters [shared]",
                           "acc_update_grad_parameters [shared]"}
    for name, err in errors.items():
        assert err < 1e-12, name


def test_perturbed_array_must_be_contiguous():
    with pytest.raises(ValueError, match="must be a C-contiguous numpy array"):
        nn.Jacobian.forward(nn.Tanh().astype(np.float64), np.zeros((3, 2)).T)
