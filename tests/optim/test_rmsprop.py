import numpy as np
import pytest

from nnlib import optim


def test_decreases_quadratic(quadratic, quadratic_centre):
    x = np.zeros(3)
    config = {"learning_rate": 0.05}
    fs = [optim.rmsprop(quadratic, x, config)[1][0] for _ in range(200)]
    assert fs[-1] < 1e-2 * fs[0]
    np.testing.assert_allclose(x, quadratic_centre, atol=0.1)


def test_decreases_rosenbrock(rosenbrock):
    x = np.zeros(2)
    config = {"learning_rate": 1e-3}
    f0 = rosenbrock(x)[0]
    for _ in range(300):
        optim.rmsprop(rosenbrock, x, config)
    assert rosenbrock(x)[0] < 0.5 * f0


def test_steps_by_hand():
    x = np.zeros(2)
    grads = [np.array([2.0, -1.0]), np.array([1.0, 3.0])]
    feval = iter(grads)
    config = {"learning_rate": 0.1, "alpha": 0.9, "epsilon": 1e-6, "initial_mean": 0.5}
    for _ in grads:
        optim.rmsprop(lambda v: (0.0, next(feval)), x, config)
    x_ref, m = np.zeros(2), np.full(2, 0.5)
    for g in grads:
        m = 0.9 * m + 0.1 * g * g
        x_ref -= 0.1 * g / (np.sqrt(m) + 1e-6)
    np.testing.assert_allclose(x, x_ref, rtol=1e-12)
    np.testing.assert_allclose(config["m"], m)


def test_weight_decay():
    x = np.array([2.0])
    optim.rmsprop(lambda v: (0.0, np.zeros(1)), x, {"learning_rate": 0.1, "weight_decay": 0.5, "epsilon": 0.0})
    np.testing.assert_allclose(x, [2.0 - 0.1 / np.sqrt(0.01)])


def test_state_persists_across_calls():
    x = np.zeros(1)
    state = {}
    optim.rmsprop(lambda v: (0.0, np.ones(1)), x, {}, state)
    optim.rmsprop(lambda v: (0.0, np.ones(1)), x, {}, state)
    np.testing.assert_allclose(state["m"], [0.01 * 0.99 + 0.01])


def test_bad_config_value_names_the_key():
    with pytest.raises(ValueError, match="optim.rmsprop: config\\['alpha'\\]"):
        optim.rmsprop(lambda v: (0.0, v), np.zeros(2), {"alpha": 1.5})
