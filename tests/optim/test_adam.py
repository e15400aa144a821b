import math
import pickle

import numpy as np
import pytest

from nnlib import optim


def test_decreases_quadratic(quadratic, quadratic_centre):
    x = np.zeros(3)
    config = {"learning_rate": 0.1}
    fs = [optim.adam(quadratic, x, config)[1][0] for _ in range(200)]
    assert fs[-1] < 1e-3 * fs[0]
    np.testing.assert_allclose(x, quadratic_centre, atol=0.05)


def test_decreases_rosenbrock(rosenbrock):
    x = np.zeros(2)
    config = {"learning_rate": 0.02}
    f0 = rosenbrock(x)[0]
    for _ in range(300):
        optim.adam(rosenbrock, x, config)
    assert rosenbrock(x)[0] < 0.1 * f0


def test_first_two_steps_by_hand():
    x = np.array([0.0, 0.0])
    grads = iter([np.array([2.0, -1.0]), np.array([1.0, 1.0])])
    config = {"learning_rate": 0.1, "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-3}
    optim.adam(lambda v: (0.0, next(grads)), x, config)
    optim.adam(lambda v: (0.0, next(grads)), x, config)
    x_ref = np.zeros(2)
    m = v = np.zeros(2)
    for t, g in enumerate([np.array([2.0, -1.0]), np.array([1.0, 1.0])], 1):
        m = 0.8 * m + 0.2 * g
        v = 0.9 * v + 0.1 * g * g
        x_ref -= 0.1 * math.sqrt(1 - 0.9 ** t) / (1 - 0.8 ** t) * m / (np.sqrt(v) + 1e-3)
    np.testing.assert_allclose(x, x_ref, rtol=1e-12)
    assert config["t"] == 2


def test_weight_decay_and_learning_rate_decay():
    x = np.array([1.0])
    config = {"learning_rate": 0.1, "weight_decay": 1.0, "learning_rate_decay": 1.0, "epsilon": 0.0}
    optim.adam(lambda v: (0.0, np.zeros(1)), x, config)  # g = 1 * x: first step is lr * sign
    np.testing.assert_allclose(x, [0.9])
    optim.adam(lambda v: (0.0, np.zeros(1)), x, config)  # lr halves at t = 1
    g1, g2 = 1.0, 0.9
    m = 0.9 * 0.1 * g1 + 0.1 * g2
    v = 0.999 * 0.001 * g1 ** 2 + 0.001 * g2 ** 2
    np.testing.assert_allclose(x, [0.9 - 0.05 * math.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2) * m / math.sqrt(v)])


def test_state_persists_across_calls():
    x, twin = np.zeros(3), np.zeros(3)
    feval = lambda v: (0.0, v - 1.0)  # noqa: E731
    state = {}
    for _ in range(3):
        optim.adam(feval, x, {"learning_rate": 0.1}, state)
    restored = pickle.loads(pickle.dumps(state))
    twin[...] = x
    optim.adam(feval, x, {"learning_rate": 0.1}, state)
    optim.adam(feval, twin, {"learning_rate": 0.1}, restored)
    np.testing.assert_array_equal(x, twin)
    assert state["t"] == 4


@pytest.mark.parametrize("key, value", [("beta1", 1.0), ("beta2", -0.1), ("learning_rate", -1), ("epsilon", "1")])
def test_bad_config_values_name_the_key(key, value):
    with pytest.raises(ValueError, match=f"optim.adam: config\\['{key}'\\]"):
        optim.adam(lambda v: (0.0, v), np.zeros(2), {key: value})
