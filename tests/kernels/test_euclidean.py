import numpy as np
import pytest

from nnlib.kernels import euclidean as K


@pytest.mark.parametrize("n, n_in, n_out", [(1, 1, 1), (3, 5, 7), (4100, 17, 13)])  # the last runs in parallel
def test_distances_match_numpy(n, n_in, n_out):
    rng = np.random.default_rng(0)
    x, w, c = rng.standard_normal((n, n_in)), rng.standard_normal((n_in, n_out)), rng.standard_normal((n_in, n_out))
    out = np.empty((n, n_out))
    K.euclidean_update_output(x, w, out)
    np.testing.assert_allclose(out, np.linalg.norm(x[:, :, None] - w[None], axis=1), rtol=1e-12)
    K.weighted_euclidean_update_output(x, w, c, out)
    np.testing.assert_allclose(out, np.linalg.norm(c[None] * (x[:, :, None] - w[None]), axis=1), rtol=1e-12)


def test_float32_stays_float32_and_zero_distance_is_exact():
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    out = np.empty((1, 2), np.float32)
    K.euclidean_update_output(np.ascontiguousarray(w[:, :1].T), w, out)
    assert out[0, 0] == 0 and out[0, 1] == np.float32(np.sqrt(3))
