import numpy as np
import pytest

from nnlib import optim


def test_exact_gradient_gives_a_tiny_diff(rosenbrock):
    x = np.array([-0.7, 0.4, 1.3])
    before = x.copy()
    diff, d_c, d_c_est = optim.checkgrad(rosenbrock, x)
    np.testing.assert_array_equal(x, before)  # restored after the perturbations
    np.testing.assert_array_equal(d_c, rosenbrock(x)[1])
    eps = 1e-7
    want = [(rosenbrock(x + eps * e)[0] - rosenbrock(x - eps * e)[0]) / (2 * eps) for e in np.eye(3)]
    np.testing.assert_allclose(d_c_est, want, rtol=1e-12)
    assert diff < 1e-7
    assert diff == pytest.approx(np.linalg.norm(d_c - d_c_est) / np.linalg.norm(d_c + d_c_est))


def test_wrong_gradient_gives_a_large_diff(quadratic):
    diff, _, _ = optim.checkgrad(lambda v: (quadratic(v)[0], 2 * quadratic(v)[1]), np.array([0.5, 0.1, -0.3]))
    assert diff == pytest.approx(1 / 3, rel=1e-5)  # |2g - g| / |2g + g|


def test_eps_and_a_2d_x(quadratic):
    x = np.array([[0.5, 0.1, -0.3]])

    def feval(v):
        f, g = quadratic(v.ravel())
        return f, g.reshape(v.shape)

    diff, d_c, d_c_est = optim.checkgrad(feval, x, 1e-4)
    assert d_c_est.shape == (1, 3) and diff < 1e-8


def test_bad_eps():
    with pytest.raises(ValueError, match="optim.checkgrad: eps = 0.0 is invalid; expected a number > 0"):
        optim.checkgrad(lambda v: (0.0, v), np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="x must be contiguous"):
        optim.checkgrad(lambda v: (0.0, v), np.zeros((3, 2)).T)
