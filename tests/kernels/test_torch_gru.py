import numpy as np
import pytest

from nnlib.kernels import torch_gru as K
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN
from nnlib.plans import TorchGRUPlan

from ._recurrent_refs import torch_gru_backward, torch_gru_forward, random_mask


@pytest.mark.parametrize("hidden", [3, FUSED_MAX_HIDDEN + 1])  # inline step products and BLAS step products
def test_torch_gru_kernels_match_numpy(hidden):
    rng = np.random.default_rng(hidden)
    steps, n = 5, 3
    xg = rng.standard_normal((steps, n, 3 * hidden))
    w_h = rng.standard_normal((3 * hidden, hidden)) * 0.3
    b_h = rng.standard_normal(3 * hidden)
    h0 = rng.standard_normal((n, hidden))
    mask = random_mask(rng, steps, n)
    h_ref, g_ref, hn_ref = torch_gru_forward(xg, w_h, b_h, h0, mask)
    gates, hn, h = np.empty_like(xg), np.empty((steps, n, hidden)), np.empty((steps, n, hidden))
    plan = TorchGRUPlan(n, hidden, np.float64)  # the step products' choice and work arrays
    K.torch_gru_update_output(xg, w_h, b_h, h0, mask, gates, hn, h, plan.inline, plan.forward_work)
    for got, ref in ((h, h_ref), (gates, g_ref), (hn, hn_ref)):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)

    grad_h = rng.standard_normal((steps, n, hidden))
    dxg_ref, dhg_ref, dh_ref = torch_gru_backward(grad_h, g_ref, hn_ref, h0, h_ref, mask, w_h)
    dxg, dhg, dh = np.empty_like(xg), np.empty_like(xg), np.zeros((n, hidden))
    K.torch_gru_update_grad_input(grad_h, dh, gates, hn, h0, h, mask, w_h, dxg, dhg, plan.inline)
    for got, ref in ((dxg, dxg_ref), (dhg, dhg_ref), (dh, dh_ref)):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
