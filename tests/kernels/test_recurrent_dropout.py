import numpy as np
import pytest

from nnlib.kernels import recurrent_dropout as K


@pytest.mark.parametrize("gates", [1, 3])
def test_dropped_products_match_numpy(gates):
    rng = np.random.default_rng(gates)
    n, k, block = 3, 4, 5
    a = rng.standard_normal((n, k))
    w = rng.standard_normal((gates * block, k))
    masks = rng.random((gates, n, k)) > 0.3
    masks = masks / 0.7
    want = np.concatenate([(a * masks[g]) @ w[g * block:(g + 1) * block].T for g in range(gates)], axis=1)
    for fn in (lambda out: K.dropped_matmul_nt(a, w, masks, np.empty_like(a), out),
               lambda out: K.dropped_dot_nt(a, w, masks, out)):
        out = np.empty((n, gates * block))
        fn(out)
        np.testing.assert_allclose(out, want, rtol=1e-12)
    d = rng.standard_normal((n, gates * block))
    want = sum((d[:, g * block:(g + 1) * block] @ w[g * block:(g + 1) * block]) * masks[g] for g in range(gates))
    base = rng.standard_normal((n, k))
    for accumulate in (False, True):
        for fn in (lambda out: K.dropped_matmul_nn(d, w, masks, np.empty_like(out), out, accumulate),
                   lambda out: K.dropped_dot_nn(d, w, masks, out, accumulate)):
            out = base.copy()
            fn(out)
            np.testing.assert_allclose(out, want + (base if accumulate else 0), rtol=1e-12)
