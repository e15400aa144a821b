import numpy as np
import pytest

from nnlib import optim


def test_converges_on_rosenbrock(rosenbrock):
    x = np.zeros(2)
    out, fs, n_evals = optim.cg(rosenbrock, x, {"max_iter": 100})
    assert out is x
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-6)
    assert fs[0] == rosenbrock(np.zeros(2))[0] and fs[-1] < 1e-12
    assert all(b <= a for a, b in zip(fs, fs[1:]))  # f after each successful line search
    assert n_evals <= 125  # max_eval defaults to 1.25 * max_iter


def test_matches_rasmussens_published_run(rosenbrock):
    # minimize([0 0]', 'rosenbrock', -25) on Rasmussen's minimize.m example page
    # (gatsby.ucl.ac.uk/~edward/code/minimize/example.html): f after each line search.
    published = [0.78251060908545, 0.39556533940410, 0.21891183735928, 0.08594362786359,
                 0.08167279250615, 0.04803799828332, 0.03385004042904, 0.01810891772958]
    x = np.zeros(2)
    _, fs, n_evals = optim.cg(rosenbrock, x, {"max_eval": 25})
    assert fs[0] == 1.0 and n_evals == 25
    np.testing.assert_allclose(fs[1:], published, rtol=0, atol=5e-14)
    assert rosenbrock(x)[0] == fs[-1]  # the line search that ran out of evaluations was undone


def test_converges_on_rosenbrock_5d(rosenbrock):
    x = np.zeros(5)
    optim.cg(rosenbrock, x, {"max_iter": 100, "max_eval": 400})
    np.testing.assert_allclose(x, np.ones(5), atol=1e-6)


def test_decreases_quadratic(quadratic, quadratic_centre):
    x = np.zeros(3)
    _, fs, _ = optim.cg(quadratic, x, {"max_iter": 40})
    assert fs[-1] < 1e-10 * fs[0]
    np.testing.assert_allclose(x, quadratic_centre, atol=1e-6)


def test_respects_the_evaluation_budget(rosenbrock):
    calls = []

    def counted(x):
        calls.append(1)
        return rosenbrock(x)

    x = np.zeros(2)
    _, fs, n_evals = optim.cg(counted, x, {"max_iter": 10, "max_eval": 15})
    assert n_evals == len(calls) <= 15
    assert fs[-1] < fs[0]


def test_fractional_budget_terminates():
    # Torch's default max_eval = 1.25 * max_iter is fractional; an unbounded
    # descent must still stop (Torch's m == 0 test never fires then).
    x = np.zeros(1)
    _, _, n_evals = optim.cg(lambda v: (float(-v[0]), -np.ones(1)), x, {"max_iter": 3})
    assert n_evals <= 5


def test_float32(rosenbrock):
    x = np.zeros(2, dtype=np.float32)
    _, fs, _ = optim.cg(rosenbrock, x, {"max_iter": 50})
    assert x.dtype == np.float32
    assert fs[-1] < 1e-3


def test_state_keeps_its_scratch_arrays(rosenbrock):
    x = np.zeros(2)
    state = {}
    optim.cg(rosenbrock, x, {"max_iter": 5}, state)
    buffers = {k: state[k] for k in ("df0", "df1", "df2", "s", "x0")}
    optim.cg(rosenbrock, x, {"max_iter": 5}, state)
    assert {k for k, v in buffers.items() if state[k] is v} >= {"df0", "s", "x0"}


@pytest.mark.parametrize("key, value", [("max_iter", 0), ("max_iter", 2.5), ("rho", -0.1), ("ext", 0.5),
                                        ("max_eval", "10")])
def test_bad_config_values_name_the_key(key, value):
    with pytest.raises(ValueError, match=f"optim.cg: config\\['{key}'\\]"):
        optim.cg(lambda v: (0.0, v), np.zeros(2), {key: value})
