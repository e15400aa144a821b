"""Test functions for the optimizers: a quadratic bowl and Rosenbrock's function (with gradients)."""
import numpy as np
import pytest


def _rosenbrock(x):
    """sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2; minimum 0 at (1, ..., 1)."""
    a, b = x[:-1], x[1:]
    r = b - a * a
    f = float(np.sum(100 * r * r + (1 - a) ** 2))
    g = np.zeros_like(x)
    g[:-1] = -400 * a * r - 2 * (1 - a)
    g[1:] += 200 * r
    return f, g


_SCALES = np.array([1.0, 3.0, 0.5])
_CENTRE = np.array([1.0, -2.0, 0.5])


def _quadratic(x):
    """0.5 sum s_i (x_i - c_i)^2: minimum 0 at c."""
    r = x - _CENTRE.astype(x.dtype)
    return float(0.5 * np.sum(_SCALES * r * r)), (_SCALES * r).astype(x.dtype)


@pytest.fixture
def rosenbrock():
    return _rosenbrock


@pytest.fixture
def quadratic():
    return _quadratic


@pytest.fixture
def quadratic_centre():
    return _CENTRE.copy()


def _resumes_after_checkpoint(step, config, feval, x0, tmp_path, before=5, after=5):
    """Run `before` steps, save (x, config, state) with nnlib.save, load, and check that
    `after` more steps from the loaded copy follow the original trajectory exactly."""
    import nnlib

    x, state = np.array(x0, dtype=float), {}
    for _ in range(before):
        step(feval, x, config, state)
    nnlib.save(tmp_path / "optim_state.h5", {"x": x, "config": config, "state": state})
    loaded = nnlib.load(tmp_path / "optim_state.h5")
    x2, config2, state2 = loaded["x"], loaded["config"], loaded["state"]
    for _ in range(after):
        step(feval, x, config, state)
        step(feval, x2, config2, state2)
        np.testing.assert_array_equal(x2, x)
    assert set(state2) == set(state)


@pytest.fixture
def resumes_after_checkpoint():
    return _resumes_after_checkpoint
