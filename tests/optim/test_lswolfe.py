import numpy as np
import pytest

from nnlib import optim


def test_step_satisfies_the_strong_wolfe_conditions(rosenbrock):
    x0 = np.array([-1.2, 1.0])
    f, g = rosenbrock(x0)
    d = -g
    gtd = float(g @ d)
    x = x0.copy()
    f_new, g_new, out, t, n_evals = optim.lswolfe(rosenbrock, x, 1.0, d, f, g, gtd)
    assert out is x
    np.testing.assert_allclose(x, x0 + t * d)
    assert f_new == rosenbrock(x)[0]
    np.testing.assert_allclose(g_new, rosenbrock(x)[1])
    assert f_new <= f + 1e-4 * t * gtd
    assert abs(float(g_new @ d)) <= 0.9 * abs(gtd)
    assert n_evals >= 1


def test_extrapolates_when_the_first_step_is_too_short():
    feval = lambda v: (float((v[0] - 10.0) ** 2), 2 * (v - 10.0))  # noqa: E731
    x = np.zeros(1)
    f, g = feval(x)
    f_new, _, _, t, n_evals = optim.lswolfe(feval, x, 0.01, -g, f, g, float(g @ -g))
    assert t > 0.01 and n_evals > 1 and f_new < f


def test_bad_option_names_the_key():
    with pytest.raises(ValueError, match="optim.lswolfe: config\\['c1'\\]"):
        optim.lswolfe(lambda v: (0.0, v), np.ones(1), 1.0, -np.ones(1), 0.0, np.ones(1), -1.0, {"c1": 2})
