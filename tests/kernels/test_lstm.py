import numpy as np
import pytest

from nnlib.kernels import lstm as K
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN
from nnlib.plans import LSTMPlan

from ._recurrent_refs import lstm_backward, lstm_forward, random_mask


@pytest.mark.parametrize("hidden", [3, FUSED_MAX_HIDDEN + 1])  # inline step products and BLAS step products
@pytest.mark.parametrize("peepholes", [False, True])
@pytest.mark.parametrize("projection", [None, 2])
def test_lstm_kernels_match_numpy(hidden, peepholes, projection):
    rng = np.random.default_rng(hidden)
    steps, n = 5, 3
    out_size = hidden if projection is None else projection
    xproj = rng.standard_normal((steps, n, 4 * hidden))
    w_h = rng.standard_normal((4 * hidden, out_size)) * 0.3
    peep = rng.standard_normal((3, hidden)) if peepholes else np.zeros((3, hidden))
    w_p = None if projection is None else rng.standard_normal((projection, hidden)) * 0.5
    h0, c0 = rng.standard_normal((n, out_size)), rng.standard_normal((n, hidden))
    mask = random_mask(rng, steps, n)
    h_ref, c_ref, g_ref, r_ref = lstm_forward(xproj, w_h, h0, c0, mask, peep, w_p)
    gates, h, c = xproj.copy(), np.empty((steps, n, out_size)), np.empty((steps, n, hidden))
    r = h if w_p is None else np.empty_like(c)
    k_wp = np.zeros((0, hidden)) if w_p is None else w_p
    plan = LSTMPlan(n, hidden, np.float64, out_size)  # the step products' choice and work arrays
    K.lstm_update_output(gates, w_h, h0, c0, peep, k_wp, mask, h, c, r, None, plan.inline, plan.forward_work)
    for got, ref in ((h, h_ref), (c, c_ref), (gates, g_ref), (r, r_ref)):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)

    grad_h = rng.standard_normal((steps, n, out_size))
    dg_ref, dh_ref, dc_ref = lstm_backward(grad_h, g_ref, h0, c0, h_ref, c_ref, mask, w_h, peep, w_p)
    dgates, dh, dc = np.empty_like(gates), np.zeros((n, out_size)), np.zeros((n, hidden))
    K.lstm_update_grad_input(grad_h, dh, dc, gates, c0, c, peep, k_wp, mask, w_h, dgates, np.empty_like(h), None,
                             plan.inline, plan.grad_work)
    for got, ref in ((dgates, dg_ref), (dh, dh_ref), (dc, dc_ref)):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
