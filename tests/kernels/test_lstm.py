import numpy as np
import pytest

from nnlib.kernels import lstm as K
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN

from ._recurrent_refs import lstm_backward, lstm_forward, random_mask


@pytest.mark.parametrize("hidden", [3, FUSED_MAX_HIDDEN + 1])  # fused kernel and BLAS-per-step driver
def test_lstm_kernels_match_numpy(hidden):
    rng = np.random.default_rng(hidden)
    steps, n = 5, 3
    xproj = rng.standard_normal((steps, n, 4 * hidden))
    w_h = rng.standard_normal((4 * hidden, hidden)) * 0.3
    h0, c0 = rng.standard_normal((n, hidden)), rng.standard_normal((n, hidden))
    mask = random_mask(rng, steps, n)
    h_ref, c_ref, g_ref = lstm_forward(xproj, w_h, h0, c0, mask)
    gates, h, c = xproj.copy(), np.empty((steps, n, hidden)), np.empty((steps, n, hidden))
    K.lstm_update_output(gates, w_h, h0, c0, mask, h, c)
    np.testing.assert_allclose(h, h_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(c, c_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gates, g_ref, rtol=1e-10, atol=1e-12)

    grad_h = rng.standard_normal((steps, n, hidden))
    dg_ref, dh_ref, dc_ref = lstm_backward(grad_h, g_ref, h0, c0, h_ref, c_ref, mask, w_h)
    dgates, dh, dc = np.empty_like(gates), np.zeros((n, hidden)), np.zeros((n, hidden))
    K.lstm_update_grad_input(grad_h, dh, dc, gates, c0, c, mask, w_h, dgates)
    np.testing.assert_allclose(dgates, dg_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dh, dh_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dc, dc_ref, rtol=1e-10, atol=1e-12)
