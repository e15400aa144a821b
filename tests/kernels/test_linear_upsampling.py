"""Linear-upsampling kernels against a numpy reference (weights as dense per-axis matrices)."""
import numpy as np

from nnlib.kernels import linear_upsampling as K


def _axis(rng, size, n_out):
    i0 = rng.integers(0, size, n_out)
    i1 = np.minimum(i0 + 1, size - 1)
    l1 = rng.uniform(0, 1, n_out)
    return i0, i1, 1 - l1, l1


def _matrix(i0, i1, l0, l1, size):
    m = np.zeros((i0.size, size))
    np.add.at(m, (np.arange(i0.size), i0), l0)
    np.add.at(m, (np.arange(i0.size), i1), l1)
    return m


def test_against_numpy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4, 5))
    axes = [_axis(rng, s, n) for s, n in zip(x.shape[1:], (5, 7, 9))]
    args = [a for ax in axes for a in ax]
    mt, mh, mw = (_matrix(*ax, s) for ax, s in zip(axes, x.shape[1:]))
    out = np.empty((2, 5, 7, 9))
    K.linear_upsampling_update_output(x, *args, out)
    np.testing.assert_allclose(out, np.einsum("at,bh,cw,pthw->pabc", mt, mh, mw, x), rtol=1e-12, atol=1e-12)
    gy = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.linear_upsampling_update_grad_input(gy, *args, gx)
    np.testing.assert_allclose(gx, np.einsum("at,bh,cw,pabc->pthw", mt, mh, mw, gy), rtol=1e-12, atol=1e-12)
