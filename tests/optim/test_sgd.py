import pickle

import numpy as np
import pytest

from nnlib import optim


def constant_grads(*grads):
    """feval returning loss 0 and the given gradients in turn (to check steps by hand)."""
    it = iter(grads)
    return lambda x: (0.0, np.array(next(it), dtype=x.dtype))


def test_decreases_quadratic(quadratic, quadratic_centre):
    x = np.zeros(3)
    config = {"learning_rate": 0.2}
    fs = [optim.sgd(quadratic, x, config)[1][0] for _ in range(60)]
    assert fs[-1] < 1e-3 * fs[0]
    np.testing.assert_allclose(x, quadratic_centre, atol=0.05)


def test_decreases_rosenbrock(rosenbrock):
    x = np.zeros(2)
    config = {"learning_rate": 1e-3, "momentum": 0.9, "dampening": 0.0}
    f0 = rosenbrock(x)[0]
    for _ in range(300):
        optim.sgd(rosenbrock, x, config)
    assert rosenbrock(x)[0] < 0.5 * f0


def test_returns_x_in_place_and_loss_before_step():
    x = np.array([1.0, 2.0])
    out, fs = optim.sgd(lambda v: (float(v.sum()), np.ones_like(v)), x, {"learning_rate": 0.5})
    assert out is x
    assert fs == [3.0]
    np.testing.assert_array_equal(x, [0.5, 1.5])


def test_plain_step_default_learning_rate():
    x = np.array([1.0, -1.0])
    optim.sgd(constant_grads([2.0, 4.0]), x)
    np.testing.assert_allclose(x, [1.0 - 2e-3, -1.0 - 4e-3])


def test_learning_rate_decay():
    x = np.zeros(1)
    config = {"learning_rate": 1.0, "learning_rate_decay": 0.5}
    optim.sgd(constant_grads([1.0], [1.0], [1.0]), x, config)
    optim.sgd(constant_grads([1.0], [1.0], [1.0]), x, config)
    # steps lr / (1 + n * decay) for n = 0, 1
    np.testing.assert_allclose(x, [-(1.0 + 1.0 / 1.5)])
    assert config["eval_counter"] == 2


def test_weight_decay_adds_to_the_gradient_without_touching_it():
    x = np.array([2.0])
    grad = np.array([1.0])
    optim.sgd(lambda v: (0.0, grad), x, {"learning_rate": 0.1, "weight_decay": 0.5})
    np.testing.assert_allclose(x, [2.0 - 0.1 * (1.0 + 0.5 * 2.0)])
    assert grad[0] == 1.0


def test_per_parameter_learning_rates_and_weight_decays():
    x = np.array([1.0, 1.0])
    config = {"learning_rate": 0.1, "learning_rates": np.array([1.0, 0.0]), "weight_decays": np.array([0.0, 2.0])}
    optim.sgd(constant_grads([1.0, 1.0]), x, config)
    np.testing.assert_allclose(x, [0.9, 1.0])


def test_momentum_with_default_dampening():
    # Torch: dampening defaults to momentum; v starts at the first gradient.
    x = np.zeros(1)
    config = {"learning_rate": 1.0, "momentum": 0.5}
    feval = constant_grads([1.0], [2.0], [4.0])
    for _ in range(3):
        optim.sgd(feval, x, config)
    v1 = 1.0
    v2 = 0.5 * v1 + 0.5 * 2.0
    v3 = 0.5 * v2 + 0.5 * 4.0
    np.testing.assert_allclose(x, [-(v1 + v2 + v3)])
    np.testing.assert_allclose(config["dfdx"], [v3])


def test_momentum_with_explicit_dampening():
    x = np.zeros(1)
    config = {"learning_rate": 0.1, "momentum": 0.9, "dampening": 0.0}
    feval = constant_grads([1.0], [1.0])
    optim.sgd(feval, x, config)
    optim.sgd(feval, x, config)
    np.testing.assert_allclose(x, [-0.1 * (1.0 + 1.9)])


def test_nesterov():
    x = np.zeros(1)
    config = {"learning_rate": 0.1, "momentum": 0.9, "dampening": 0.0, "nesterov": True}
    feval = constant_grads([1.0], [2.0])
    optim.sgd(feval, x, config)
    optim.sgd(feval, x, config)
    # step uses g + momentum * v: v1 = 1 -> 1.9; v2 = 0.9 + 2 = 2.9 -> 2 + 2.61
    np.testing.assert_allclose(x, [-0.1 * (1.9 + 4.61)])


@pytest.mark.parametrize("config", [{"nesterov": True, "momentum": 0.9},
                                    {"nesterov": True, "momentum": 0.0, "dampening": 0.0}])
def test_nesterov_needs_momentum_and_zero_dampening(config):
    with pytest.raises(ValueError, match="nesterov needs momentum > 0 and dampening 0"):
        optim.sgd(constant_grads([1.0]), np.zeros(1), config)


def test_float32_stays_float32():
    x = np.ones(4, dtype=np.float32)
    config = {"learning_rate": 0.1, "momentum": 0.9, "weight_decay": 1e-3}
    for _ in range(2):
        optim.sgd(lambda v: (0.0, np.ones_like(v)), x, config)
    assert x.dtype == np.float32 and config["dfdx"].dtype == np.float32


def test_state_persists_across_calls_and_pickles():
    x, twin = np.zeros(2), np.zeros(2)
    state = {}
    config = {"learning_rate": 0.1, "momentum": 0.9, "learning_rate_decay": 0.1}
    feval = lambda v: (0.0, v - np.array([1.0, 2.0]))  # noqa: E731
    for _ in range(3):
        optim.sgd(feval, x, config, state)
    assert "eval_counter" not in config and state["eval_counter"] == 3
    # A restored copy of the state continues exactly like the original.
    restored = pickle.loads(pickle.dumps(state))
    twin[...] = x
    optim.sgd(feval, x, config, state)
    optim.sgd(feval, twin, config, restored)
    np.testing.assert_array_equal(x, twin)


@pytest.mark.parametrize("key, value, message", [
    ("learning_rate", -0.1, "learning_rate.*>= 0"),
    ("learning_rate", "0.1", "learning_rate.*a number"),
    ("momentum", True, "momentum.*a number"),
    ("dampening", 2.0, "dampening.*<= 1"),
    ("nesterov", 1, "nesterov.*True or False"),
    ("learning_rates", [0.1, 0.2], "learning_rates.*numpy array"),
    ("weight_decay", float("nan"), "weight_decay.*finite"),
])
def test_bad_config_values_name_the_key(key, value, message):
    with pytest.raises(ValueError, match=message):
        optim.sgd(lambda v: (0.0, v), np.zeros(2), {key: value})


def test_per_parameter_size_mismatch():
    with pytest.raises(ValueError, match="learning_rates.*3 entries; x has 2"):
        optim.sgd(lambda v: (0.0, v), np.zeros(2), {"learning_rates": np.ones(3)})


def test_bad_feval_and_x():
    with pytest.raises(ValueError, match="gradient of shape \\(3,\\).*shaped like x \\(2,\\)"):
        optim.sgd(lambda v: (0.0, np.zeros(3)), np.zeros(2))
    with pytest.raises(ValueError, match="must return \\(loss, grad\\)"):
        optim.sgd(lambda v: 0.0, np.zeros(2))
    with pytest.raises(ValueError, match="x must be a float numpy array"):
        optim.sgd(lambda v: (0.0, v), [0.0, 1.0])
