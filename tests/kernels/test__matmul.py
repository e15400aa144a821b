import numpy as np

from nnlib.kernels._matmul import matmul_nn, matmul_nt


def test_matmul_nt_matches_numpy():
    rng = np.random.default_rng(0)
    a, w = rng.standard_normal((3, 5)), rng.standard_normal((7, 5))
    out = np.empty((3, 7))
    matmul_nt(a, w, out)
    np.testing.assert_allclose(out, a @ w.T, rtol=1e-12)


def test_matmul_nn_overwrites_or_accumulates():
    rng = np.random.default_rng(1)
    a, w = rng.standard_normal((1, 7)), rng.standard_normal((7, 3))
    a[0, 2] = 0.0
    out = np.full((1, 3), 5.0)
    matmul_nn(a, w, out, False)
    np.testing.assert_allclose(out, a @ w, rtol=1e-12)
    matmul_nn(a, w, out, True)
    np.testing.assert_allclose(out, 2 * (a @ w), rtol=1e-12)
