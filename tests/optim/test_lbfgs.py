import pickle

import numpy as np
import pytest

from nnlib import optim


def test_converges_on_rosenbrock_with_lswolfe(rosenbrock):
    x = np.zeros(2)
    out, fs, n_evals = optim.lbfgs(rosenbrock, x, {"max_iter": 100, "line_search": "lswolfe"})
    assert out is x
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-6)
    assert fs[-1] < 1e-12 and n_evals < 100


def test_converges_on_rosenbrock_with_a_line_search_function(rosenbrock):
    x = np.zeros(3)
    optim.lbfgs(rosenbrock, x, {"max_iter": 200, "tol_fun": 1e-10, "tol_x": 1e-14, "line_search": optim.lswolfe,
                                "line_search_options": {"c2": 0.9}})
    np.testing.assert_allclose(x, np.ones(3), atol=1e-6)


def test_fixed_steps_converge_on_rosenbrock(rosenbrock):
    x = np.zeros(2)
    optim.lbfgs(rosenbrock, x, {"max_iter": 200, "max_eval": 400, "tol_fun": 1e-10, "tol_x": 1e-14})
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-6)


def test_decreases_quadratic(quadratic, quadratic_centre):
    x = np.zeros(3)
    _, fs, _ = optim.lbfgs(quadratic, x, {"max_iter": 30})
    assert fs[-1] < 1e-10 * fs[0]
    np.testing.assert_allclose(x, quadratic_centre, atol=1e-5)


def test_first_step_is_scaled_steepest_descent():
    x = np.array([1.0, -3.0])
    grad = np.array([2.0, -2.0])
    optim.lbfgs(lambda v: (0.0, grad.copy()), x, {"max_iter": 1, "learning_rate": 0.5})
    # t = min(1, 1 / sum|g|) * lr = 0.25 * 0.5
    np.testing.assert_allclose(x, [1.0 - 0.125 * 2.0, -3.0 + 0.125 * 2.0])


def test_stops_at_an_optimal_start():
    x = np.ones(2)
    _, fs, n_evals = optim.lbfgs(lambda v: (0.0, np.zeros(2)), x)
    assert fs == [0.0] and n_evals == 1


def test_n_correction_limits_the_history(rosenbrock):
    state = {}
    optim.lbfgs(rosenbrock, np.zeros(4), {"max_iter": 30, "n_correction": 3, "line_search": "lswolfe"}, state)
    assert 0 < len(state["old_dirs"]) <= 3 and len(state["old_stps"]) == len(state["old_dirs"])


def test_state_continues_across_calls_and_pickles(rosenbrock):
    # Two calls of 5 iterations equal one call of 10 (without a line search the
    # last step of a call is not re-evaluated, so compare the iterates).
    config = {"max_iter": 5, "learning_rate": 0.1}
    x, state = np.zeros(2), {}
    optim.lbfgs(rosenbrock, x, config, state)
    restored = pickle.loads(pickle.dumps(state))
    twin = x.copy()
    optim.lbfgs(rosenbrock, x, config, state)
    optim.lbfgs(rosenbrock, twin, config, restored)
    np.testing.assert_array_equal(x, twin)
    assert state["n_iter"] == 10 and state["func_eval"] == 10

    once = np.zeros(2)
    optim.lbfgs(rosenbrock, once, {"max_iter": 10, "max_eval": 100, "learning_rate": 0.1}, {})
    np.testing.assert_allclose(x, once, rtol=1e-12)


@pytest.mark.parametrize("key, value", [("max_iter", -1), ("tol_fun", "1e-5"), ("line_search", "armijo"),
                                        ("line_search", ["lswolfe"]),
                                        ("line_search_options", 3), ("n_correction", 0),
                                        ("max_iter", float("inf"))])
def test_bad_config_values_name_the_key(key, value):
    with pytest.raises(ValueError, match=f"optim.lbfgs: config\\['{key}'\\]"):
        optim.lbfgs(lambda v: (float(v @ v), 2 * v), np.ones(2), {key: value})
