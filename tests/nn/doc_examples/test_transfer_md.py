"""The examples and formulas of torch/nn's doc/transfer.md, translated to nnlib: each
module forwarded on the doc's input, its output and gradient (backward of ones, what the
doc plots) compared with the documented formula."""

import numpy as np
import pytest

import nnlib
from nnlib import nn


def lin(a, b, n=100):
    return np.linspace(a, b, n)  # torch.linspace(a, b) has 100 points


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# name: (module factory, input, f, df) -- df None where the doc gives no derivative to check
CASES = {
    "HardTanh": (lambda: nn.HardTanh(), lin(-2, 2), lambda x: np.clip(x, -1, 1),
                 lambda x: ((x > -1) & (x < 1)).astype(float)),
    "HardShrink": (lambda: nn.HardShrink(0.85), lin(-2, 2), lambda x: np.where(np.abs(x) > 0.85, x, 0),
                   lambda x: (np.abs(x) > 0.85).astype(float)),
    "SoftShrink": (lambda: nn.SoftShrink(0.85), lin(-2, 2),
                   lambda x: np.where(x > 0.85, x - 0.85, np.where(x < -0.85, x + 0.85, 0)),
                   lambda x: (np.abs(x) > 0.85).astype(float)),
    "SoftPlus": (lambda: nn.SoftPlus(), lin(-3, 3), lambda x: np.log1p(np.exp(x)), _sigmoid),
    "SoftSign": (lambda: nn.SoftSign(), lin(-5, 5), lambda x: x / (1 + np.abs(x)),
                 lambda x: 1 / (1 + np.abs(x)) ** 2),
    "LogSigmoid": (lambda: nn.LogSigmoid(), np.random.default_rng(0).standard_normal(10),
                   lambda x: np.log(1 / (1 + np.exp(-x))), lambda x: 1 - _sigmoid(x)),
    "Sigmoid": (lambda: nn.Sigmoid(), lin(-5, 5), _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
    "Tanh": (lambda: nn.Tanh(), lin(-3, 3), np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "ReLU": (lambda: nn.ReLU(), lin(-3, 3), lambda x: np.maximum(0, x), lambda x: (x > 0).astype(float)),
    "ReLU6": (lambda: nn.ReLU6(), lin(-3, 9), lambda x: np.minimum(np.maximum(0, x), 6),
              lambda x: ((x > 0) & (x < 6)).astype(float)),
    "PReLU": (lambda: nn.PReLU(), lin(-3, 3), lambda x: np.maximum(0, x) + 0.25 * np.minimum(0, x),
              lambda x: np.where(x > 0, 1, 0.25)),
    "ELU(1.0)": (lambda: nn.ELU(1.0), lin(-3, 3, 200), lambda x: np.maximum(0, x) + np.minimum(0, np.exp(x) - 1),
                 lambda x: np.where(x > 0, 1, np.exp(x))),
    "ELU(0.1)": (lambda: nn.ELU(0.1), lin(-3, 3, 200),
                 lambda x: np.maximum(0, x) + np.minimum(0, 0.1 * (np.exp(x) - 1)),
                 lambda x: np.where(x > 0, 1, 0.1 * np.exp(x))),
    "LeakyReLU": (lambda: nn.LeakyReLU(0.2), lin(-3, 3), lambda x: np.maximum(0, x) + 0.2 * np.minimum(0, x),
                  lambda x: np.where(x > 0, 1, 0.2)),
    "AddConstant": (lambda: nn.AddConstant(2.5), lin(-3, 3), lambda x: x + 2.5, lambda x: np.ones_like(x)),
    "MulConstant": (lambda: nn.MulConstant(-1.5), lin(-3, 3), lambda x: -1.5 * x, lambda x: np.full_like(x, -1.5)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_formula_and_gradient(name):
    make, ii, f, df = CASES[name]
    m = make().double()
    oo = m.forward(ii)
    np.testing.assert_allclose(oo, f(ii), rtol=1e-10, atol=1e-12)
    gi = m.backward(ii, np.ones_like(ii))
    np.testing.assert_allclose(gi, df(ii), rtol=1e-10, atol=1e-12)


def test_softmax_and_softmin():
    ii = np.exp(np.abs(np.random.default_rng(0).standard_normal(10)))
    oo = nn.SoftMax().double().forward(ii)
    np.testing.assert_allclose(oo, np.exp(ii - ii.max()) / np.exp(ii - ii.max()).sum(), rtol=1e-12)
    oo = nn.SoftMin().double().forward(ii)
    np.testing.assert_allclose(oo, np.exp(-ii) / np.exp(-ii).sum(), rtol=1e-12)


def test_log_softmax():
    ii = np.random.default_rng(0).standard_normal(10)
    m = nn.LogSoftMax().double()
    oo = m.forward(ii)
    # f_i(x) = log(exp(x_i) / a), a = sum_j exp(x_j)
    np.testing.assert_allclose(oo, ii - np.log(np.exp(ii).sum()), rtol=1e-12)
    gi = m.backward(ii, np.ones(10))
    np.testing.assert_allclose(gi, 1 - 10 * np.exp(oo), rtol=1e-10, atol=1e-12)


def test_rrelu_training_slopes():
    nnlib.manual_seed(0)
    ii = lin(-3, 3)
    m = nn.RReLU().double()
    oo = m.forward(ii).copy()
    gi = m.backward(ii, np.ones(100))
    pos, neg = ii > 0, ii < 0
    np.testing.assert_array_equal(oo[pos], ii[pos])
    np.testing.assert_array_equal(gi[pos], 1)
    a = oo[neg] / ii[neg]  # the random slopes, in [l, u] = [1/8, 1/3]
    assert np.all((a >= 1 / 8 - 1e-12) & (a <= 1 / 3 + 1e-12))
    np.testing.assert_allclose(gi[neg], a, rtol=1e-12)
    m.evaluate()  # evaluation: the mean slope (l + u) / 2
    np.testing.assert_allclose(m.forward(ii)[neg], ii[neg] * (1 / 8 + 1 / 3) / 2, rtol=1e-12)


def test_crelu_sizes():
    crelu = nn.CReLU(3)
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (2, 3, 5, 5)).astype(np.float32)  # the doc's 20 x 20, shrunk
    out = crelu.forward(x)
    assert out.shape == (2, 6, 5, 5)
    np.testing.assert_array_equal(out, np.concatenate([np.maximum(0, x), np.maximum(0, -x)], axis=1))
    x = rng.uniform(-1, 1, (3, 5, 5)).astype(np.float32)
    assert crelu.forward(x).shape == (6, 5, 5)


def test_spatial_softmax_and_log_softmax():
    ii = np.random.default_rng(0).standard_normal((2, 3, 4, 5))  # the doc's 4x8x16x16, shrunk
    oo = nn.SpatialSoftMax().double().forward(ii)
    ref = np.exp(ii) / np.exp(ii).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(oo, ref, rtol=1e-12)
    oo = nn.SpatialLogSoftMax().double().forward(ii)
    np.testing.assert_allclose(oo, np.log(ref), rtol=1e-10, atol=1e-12)
