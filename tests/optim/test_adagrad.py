import numpy as np
import pytest

from nnlib import optim


def test_decreases_quadratic(quadratic, quadratic_centre):
    x = np.zeros(3)
    config = {"learning_rate": 1.0}
    fs = [optim.adagrad(quadratic, x, config)[1][0] for _ in range(100)]
    assert fs[-1] < 1e-3 * fs[0]
    np.testing.assert_allclose(x, quadratic_centre, atol=0.05)


def test_decreases_rosenbrock(rosenbrock):
    x = np.zeros(2)
    config = {"learning_rate": 0.1}
    f0 = rosenbrock(x)[0]
    for _ in range(300):
        optim.adagrad(rosenbrock, x, config)
    assert rosenbrock(x)[0] < 0.5 * f0


def test_steps_by_hand():
    x = np.zeros(2)
    grads = [np.array([2.0, -1.0]), np.array([1.0, 3.0])]
    feval = iter(grads)
    config = {"learning_rate": 0.5, "learning_rate_decay": 1.0, "weight_decay": 0.0}
    for _ in grads:
        optim.adagrad(lambda v: (0.0, next(feval)), x, config)
    x_ref, var = np.zeros(2), np.zeros(2)
    for n, g in enumerate(grads):
        var += g * g
        x_ref -= 0.5 / (1 + n) * g / (np.sqrt(var) + 1e-10)
    np.testing.assert_allclose(x, x_ref, rtol=1e-12)
    assert config["eval_counter"] == 2
    np.testing.assert_allclose(config["param_variance"], var)


def test_weight_decay():
    x = np.array([2.0])
    optim.adagrad(lambda v: (0.0, np.zeros(1)), x, {"learning_rate": 0.1, "weight_decay": 0.5})
    np.testing.assert_allclose(x, [1.9])  # g = 0.5 * 2 = 1: the first step is lr * sign(g)


def test_state_persists_across_calls():
    x = np.zeros(1)
    state = {}
    for _ in range(4):
        optim.adagrad(lambda v: (0.0, np.ones(1)), x, {"learning_rate": 1.0}, state)
    np.testing.assert_allclose(x, [-(1 + 1 / np.sqrt(2) + 1 / np.sqrt(3) + 1 / 2)], rtol=1e-9)
    assert state["eval_counter"] == 4


def test_bad_config_value_names_the_key():
    with pytest.raises(ValueError, match="optim.adagrad: config\\['learning_rate_decay'\\]"):
        optim.adagrad(lambda v: (0.0, v), np.zeros(2), {"learning_rate_decay": -1.0})
