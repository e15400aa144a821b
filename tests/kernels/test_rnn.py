import numpy as np
import pytest

from nnlib.kernels import rnn as K
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN
from nnlib.plans import RecurrentPlan

from ._recurrent_refs import random_mask, rnn_backward, rnn_forward, sig
from ._ulp import ulps

TRANSFERS = {0: (sig, lambda y: y * (1 - y)), 1: (np.tanh, lambda y: 1 - y * y)}


@pytest.mark.parametrize("transfer", [0, 1])
@pytest.mark.parametrize("hidden", [3, FUSED_MAX_HIDDEN + 1])  # inline step products and BLAS step products
def test_rnn_kernels_match_numpy(hidden, transfer):
    rng = np.random.default_rng(hidden + transfer)
    steps, n = 5, 3
    f, fprime = TRANSFERS[transfer]
    xproj = rng.standard_normal((steps, n, hidden))
    w_h = rng.standard_normal((hidden, hidden)) * 0.3
    b_h, start = rng.standard_normal(hidden), rng.standard_normal(hidden)
    h0 = rng.standard_normal((n, hidden))
    fresh0 = np.array([1, 0, 0], dtype=np.uint8)
    mask = random_mask(rng, steps, n)
    h_ref, used_ref, fresh_ref = rnn_forward(xproj, w_h, b_h, start, h0, fresh0, mask, f)
    h, used, fresh = np.empty((steps, n, hidden)), np.empty((steps, n), dtype=np.uint8), fresh0.copy()
    plan = RecurrentPlan(n, hidden, np.float64)  # the step products' choice and work arrays
    K.rnn_update_output(xproj, w_h, b_h, start, h0, fresh, mask, transfer, h, used, plan.inline, plan.forward_work)
    np.testing.assert_allclose(h, h_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(used, used_ref)
    np.testing.assert_array_equal(fresh, fresh_ref)

    grad_h = rng.standard_normal((steps, n, hidden))
    dpre_ref, dh_ref = rnn_backward(grad_h, h_ref, used_ref, mask, w_h, fprime)
    dpre, dh = np.empty_like(h), np.zeros((n, hidden))
    K.rnn_update_grad_input(grad_h, dh, h, used, mask, transfer, w_h, dpre, plan.inline)
    np.testing.assert_allclose(dpre, dpre_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dh, dh_ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("hidden", [4, FUSED_MAX_HIDDEN + 1])  # numba loop and BLAS
def test_rnn_parameter_gradients_split_start_and_feedback(hidden):
    rng = np.random.default_rng(3)
    steps, n = 3, 2
    dpre = rng.standard_normal((steps, n, hidden))
    h0, h = rng.standard_normal((n, hidden)), rng.standard_normal((steps, n, hidden))
    used = np.array([[1, 0], [0, 0], [0, 1]], dtype=np.uint8)
    gw, gb, gs = np.zeros((hidden, hidden)), np.zeros(hidden), np.zeros(hidden)
    K.rnn_acc_grad_parameters(dpre, h0, h, used, 2.0, gw, gb, gs, hidden <= FUSED_MAX_HIDDEN)
    h_prev = np.concatenate([h0[None], h[:-1]])
    fb = (1 - used)[:, :, None]
    np.testing.assert_allclose(gw, 2 * np.einsum("tnj,tnk->jk", dpre * fb, h_prev), rtol=1e-10)
    np.testing.assert_allclose(gb, 2 * (dpre * fb).sum((0, 1)), rtol=1e-12)
    np.testing.assert_allclose(gs, 2 * (dpre * used[:, :, None]).sum((0, 1)), rtol=1e-12)


@pytest.mark.parametrize("transfer", [0, 1])
def test_rnn_float32_transfer_within_ulps(transfer):
    """float32 steps use `_vmath`'s sigmoid (2 ulps) and tanh (1 ulp): a first step from a zero start is
    f(xproj) exactly, checked in ulps over a wide range, inf, -inf and NaN included."""
    x = np.concatenate([np.linspace(-100, 100, 4001), [np.inf, -np.inf, np.nan, 0.0, 1e-30]]).astype(np.float32)
    n, hidden = 5, x.size // 5
    xproj = x[: n * hidden].reshape(1, n, hidden)
    zeros = np.zeros(hidden, np.float32)
    h, used = np.empty_like(xproj), np.empty((1, n), np.uint8)
    plan = RecurrentPlan(n, hidden, np.float32)
    K.rnn_update_output(xproj, np.zeros((hidden, hidden), np.float32), zeros, zeros, np.zeros((n, hidden), np.float32),
                        np.ones(n, np.uint8), np.ones((1, n), np.uint8), transfer, h, used, plan.inline,
                        plan.forward_work)
    with np.errstate(over="ignore", invalid="ignore"):
        reference = TRANSFERS[transfer][0](xproj.astype(np.float64))
    assert ulps(h, reference).max() <= (2 if transfer == 0 else 1)
