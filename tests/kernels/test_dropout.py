import numpy as np

from nnlib.kernels import dropout as K


def test_against_numpy():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(37)
    u = rng.random(37)
    noise, out = u.copy(), np.empty(37)
    K.dropout_update_output(x, noise, 0.3, 1 / 0.7, out)
    mask = np.where(u >= 0.3, 1 / 0.7, 0.0)
    np.testing.assert_allclose(noise, mask)
    np.testing.assert_allclose(out, x * mask)
    g, gx = rng.standard_normal(37), np.empty(37)
    K.dropout_update_grad_input(noise, g, gx)
    np.testing.assert_allclose(gx, g * mask)


def test_float32():
    x = np.ones(5, dtype=np.float32)
    noise = np.array([0.0, 0.49, 0.5, 0.51, 0.99], dtype=np.float32)
    out = np.empty(5, dtype=np.float32)
    K.dropout_update_output(x, noise, 0.5, 2.0, out)
    np.testing.assert_array_equal(out, [0, 0, 2, 2, 2])


def test_unscaled_mask_in_place():
    """Torch7's v1 dropout keeps units unscaled (scale 1); out may be the input itself."""
    x = np.arange(1, 6, dtype=np.float64)
    noise = np.array([0.1, 0.9, 0.2, 0.8, 0.5])
    K.dropout_update_output(x, noise, 0.5, 1.0, x)
    np.testing.assert_array_equal(x, [0, 2, 0, 4, 5])
    np.testing.assert_array_equal(noise, [0, 1, 0, 1, 1])
