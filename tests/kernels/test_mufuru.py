import numpy as np
import pytest

from nnlib.kernels import mufuru as K
from nnlib.kernels._matmul import FUSED_MAX_HIDDEN
from nnlib.plans import MuFuRuPlan

from ._recurrent_refs import random_mask, sig

NUMPY_OPS = {
    "keep": lambda s, v: s, "replace": lambda s, v: v, "mul": lambda s, v: s * v, "diff": lambda s, v: s - v,
    "forget": lambda s, v: 0 * s, "sqrt_diff": lambda s, v: 0.25 * np.sqrt(np.abs(s - v)),
    "max": np.maximum, "min": np.minimum,
}


def mufuru_forward(xg, w_h, h0, mask, ops):
    """Plain numpy MuFuRu over (T, N, (J+2)H) input projections."""
    hidden, n_ops = h0.shape[1], len(ops)
    vcol = (n_ops + 1) * hidden
    s, hs = h0, []
    for t in range(xg.shape[0]):
        pre = xg[t, :, :vcol] + s @ w_h[:vcol].T
        r = sig(pre[:, :hidden])
        logits = pre[:, hidden:].reshape(-1, n_ops, hidden)
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        v = sig(xg[t, :, vcol:] + (r * s) @ w_h[vcol:].T)
        new = sum(p[:, j] * NUMPY_OPS[op](s, v) for j, op in enumerate(ops))
        s = np.where(mask[t][:, None].astype(bool), new, 0)
        hs.append(s)
    return np.array(hs)


ALL = list(K.OPS)


@pytest.mark.parametrize("hidden, ops", [(3, ALL), (FUSED_MAX_HIDDEN + 1, ALL), (2, ["keep", "replace"]),
                                         (3, ["sqrt_diff", "max", "mul"])])
def test_kernels_match_numpy(hidden, ops):
    rng = np.random.default_rng(hidden + len(ops))
    steps, n = 4, 3
    width = (len(ops) + 2) * hidden
    xg = rng.standard_normal((steps, n, width))
    w_h = rng.standard_normal((width, hidden)) * 0.3
    h0 = rng.standard_normal((n, hidden))
    mask = random_mask(rng, steps, n)
    codes = np.array([K.OPS[op] for op in ops], dtype=np.int64)
    gates, rs, h = np.empty_like(xg), np.empty((steps, n, hidden)), np.empty((steps, n, hidden))
    plan = MuFuRuPlan(n, hidden, np.float64, len(ops))  # the step products' choice and work arrays
    K.mufuru_update_output(xg, w_h, h0, codes, mask, gates, rs, h, plan.inline, plan.forward_work)
    np.testing.assert_allclose(h, mufuru_forward(xg, w_h, h0, mask, ops), rtol=1e-10, atol=1e-12)

    # backward: the gradients w.r.t. the projections and h0 of sum(h * grad_h), against central differences
    grad_h = rng.standard_normal((steps, n, hidden))
    dgates, dh = np.empty_like(xg), np.zeros((n, hidden))
    K.mufuru_update_grad_input(grad_h, dh, gates, h0, h, codes, mask, w_h, dgates, plan.inline, plan.grad_work)
    eps = 1e-6
    for array, analytic in ((xg, dgates), (h0, dh)):
        picks = [tuple(rng.integers(0, d) for d in array.shape) for _ in range(25)]
        for idx in picks:
            old = array[idx]
            array[idx] = old + eps
            plus = np.sum(mufuru_forward(xg, w_h, h0, mask, ops) * grad_h)
            array[idx] = old - eps
            minus = np.sum(mufuru_forward(xg, w_h, h0, mask, ops) * grad_h)
            array[idx] = old
            assert analytic[idx] == pytest.approx((plus - minus) / (2 * eps), rel=1e-5, abs=1e-7), (array.shape, idx)


def test_op_gradients_follow_torch_at_ties():
    # max and min send a tie's gradient to s_prev (torch.max keeps the first); sqrt_diff's is 0 at s = v (nn.Sqrt)
    assert K._op(K.OPS["max"], 0.5, 0.5) == (0.5, 1.0, 0.0)
    assert K._op(K.OPS["min"], 0.5, 0.5) == (0.5, 1.0, 0.0)
    assert K._op(K.OPS["sqrt_diff"], 0.5, 0.5) == (0.0, 0.0, 0.0)
    value, ds, dv = K._op(K.OPS["sqrt_diff"], 0.75, 0.5)
    assert value == pytest.approx(0.125) and ds == pytest.approx(0.25) and dv == pytest.approx(-0.25)
