import numpy as np
import pytest

from nnlib.kernels import gru as K
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN
from nnlib.plans import GRUPlan

from ._recurrent_refs import random_mask, rnn_gru_backward, rnn_gru_forward


@pytest.mark.parametrize("hidden", [3, FUSED_MAX_HIDDEN + 1])  # inline step products and BLAS step products
def test_rnn_gru_kernels_match_numpy(hidden):
    rng = np.random.default_rng(hidden)
    steps, n = 5, 3
    xg = rng.standard_normal((steps, n, 3 * hidden))
    w_h = rng.standard_normal((3 * hidden, hidden)) * 0.3
    h0 = rng.standard_normal((n, hidden))
    mask = random_mask(rng, steps, n)
    h_ref, g_ref, rh_ref = rnn_gru_forward(xg, w_h, h0, mask)
    gates, rh, h = np.empty_like(xg), np.empty((steps, n, hidden)), np.empty((steps, n, hidden))
    plan = GRUPlan(n, hidden, np.float64)  # the step products' choice and work arrays
    K.gru_update_output(xg, w_h, h0, mask, gates, rh, h, None, plan.inline, plan.forward_work)
    for got, ref in ((h, h_ref), (gates, g_ref), (rh, rh_ref)):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)

    grad_h = rng.standard_normal((steps, n, hidden))
    dg_ref, dh_ref = rnn_gru_backward(grad_h, g_ref, h0, h_ref, mask, w_h)
    dgates, dh = np.empty_like(xg), np.zeros((n, hidden))
    K.gru_update_grad_input(grad_h, dh, gates, h0, h, mask, w_h, dgates, None, plan.inline, plan.grad_work)
    for got, ref in ((dgates, dg_ref), (dh, dh_ref)):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
