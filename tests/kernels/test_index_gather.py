"""Index-gather kernels against numpy fancy indexing and np.add.at on odd shapes."""
import numpy as np

from nnlib.kernels import index_gather as K


def test_against_numpy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 2, 5, 7))
    maps = [rng.integers(0, s, n) for s, n in zip(x.shape[1:], (3, 6, 9))]
    out = np.empty((3, 3, 6, 9))
    K.index_gather_update_output(x, *maps, out)
    np.testing.assert_array_equal(out, x[:, maps[0]][:, :, maps[1]][:, :, :, maps[2]])
    gy = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.index_gather_update_grad_input(gy, *maps, gx)
    ref = np.zeros(x.shape)
    t, h, w = np.meshgrid(*maps, indexing="ij")
    for p in range(3):
        np.add.at(ref[p], (t, h, w), gy[p])
    np.testing.assert_allclose(gx, ref, rtol=1e-12)
