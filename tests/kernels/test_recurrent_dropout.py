import numpy as np
import pytest

from nnlib.kernels import recurrent_dropout as K
from nnlib.kernels._blas import single_threaded


@pytest.mark.parametrize("inline", [True, False])  # inline loops and BLAS
@pytest.mark.parametrize("gates", [1, 3])
def test_dropped_products_match_numpy(gates, inline):
    rng = np.random.default_rng(gates)
    n, k, block = 3, 4, 5
    a = rng.standard_normal((n, k))
    w = rng.standard_normal((gates * block, k))
    masks = rng.random((gates, n, k)) > 0.3
    masks = masks / 0.7
    want = np.concatenate([(a * masks[g]) @ w[g * block:(g + 1) * block].T for g in range(gates)], axis=1)
    out = np.empty((n, gates * block))
    single_threaded(K.dropped_product_nt, a, w, masks, np.empty_like(a), np.empty((n, block)), out, inline)
    np.testing.assert_allclose(out, want, rtol=1e-12)
    d = rng.standard_normal((n, gates * block))
    want = sum((d[:, g * block:(g + 1) * block] @ w[g * block:(g + 1) * block]) * masks[g] for g in range(gates))
    base = rng.standard_normal((n, k))
    for accumulate in (False, True):
        out = base.copy()
        single_threaded(K.dropped_product_nn, d, w, masks, np.empty_like(out), out, accumulate, inline)
        np.testing.assert_allclose(out, want + (base if accumulate else 0), rtol=1e-12)
