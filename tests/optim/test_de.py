import numpy as np
import pytest

import nnlib
from nnlib import optim


def torch7_de(f, n, popsize, scale, rate, max_fes, lo=-30.0, hi=30.0, seed=1):
    """Torch7's de.lua transcribed member by member (with the initial best taken as the
    minimum, not Torch's maximum), drawing its random numbers as nnlib does per generation."""
    rng = np.random.default_rng(seed)
    pop = rng.uniform(lo, hi, (popsize, n))
    fitness = np.array([f(p) for p in pop])
    fx = list(fitness)
    best_fitness = fitness.min()
    best = pop[fitness.argmin()].copy()
    while len(fx) < max_fes:
        r1s = rng.integers(0, popsize - 1, popsize)
        r2s = rng.integers(0, popsize - 2, popsize)
        jrands = rng.integers(0, n, popsize)
        coins = rng.random((popsize, n))
        children, children_fitness = np.empty_like(pop), np.empty(popsize)
        for i in range(popsize):
            others = [k for k in range(popsize) if k != i]
            r1 = others[r1s[i]]
            r2 = [k for k in others if k != r1][r2s[i]]
            for j in range(n):
                if coins[i, j] < rate or j == jrands[i]:
                    children[i, j] = best[j] + scale * (pop[r1, j] - pop[r2, j])
                else:
                    children[i, j] = pop[i, j]
            children_fitness[i] = f(children[i])
            fx.append(children_fitness[i])
        for i in range(popsize):
            if children_fitness[i] <= fitness[i]:
                pop[i] = children[i]
                fitness[i] = children_fitness[i]
                if fitness[i] < best_fitness:
                    best_fitness = fitness[i]
                    best = children[i].copy()
    return best, fx


@pytest.mark.parametrize("problem, n, config", [
    ("quadratic", 3, {"scale_factor": 0.7, "crossover_rate": 0.5, "max_fes": 300}),
    ("rosenbrock", 2, {"scale_factor": 0.5, "crossover_rate": 0.9, "max_fes": 200, "popsize": 8,
                       "max_region": 2.0, "min_region": -2.0, "seed": 4}),
])
def test_run_matches_torch7(problem, n, config, request):
    feval = request.getfixturevalue(problem)
    x = np.zeros(n)
    _, fs = optim.de(feval, x, config)
    want_x, want_fs = torch7_de(lambda v: feval(v)[0], n, config.get("popsize", 10 * n), config["scale_factor"],
                                config["crossover_rate"], config["max_fes"], config.get("min_region", -30.0),
                                config.get("max_region", 30.0), config.get("seed", 1))
    np.testing.assert_allclose(fs, want_fs, rtol=1e-12)
    np.testing.assert_allclose(x, want_x, rtol=1e-12)
    assert feval(x)[0] == min(fs)


def test_converges_on_rosenbrock(rosenbrock):
    x = np.zeros(2)
    optim.de(lambda v: rosenbrock(v)[0], x, {"scale_factor": 0.6, "crossover_rate": 0.9, "max_fes": 3000})
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-3)


def test_repeatable_and_config_round_trips(quadratic, tmp_path):
    # de keeps no state between calls (a private generator seeded each call, as Torch's).
    config = {"scale_factor": 0.7, "crossover_rate": 0.5, "max_fes": 100, "seed": 9}
    nnlib.save(tmp_path / "de.h5", config)
    a, b = np.zeros(3), np.zeros(3)
    fa = optim.de(quadratic, a, config)[1]
    fb = optim.de(quadratic, b, nnlib.load(tmp_path / "de.h5"))[1]
    np.testing.assert_array_equal(a, b)
    assert fa == fb


@pytest.mark.parametrize("config, message", [
    ({"crossover_rate": 0.5, "max_fes": 10}, "scale_factor'\\] is required"),
    ({"scale_factor": 0.5, "crossover_rate": 0.5, "max_fes": 10, "popsize": 2}, "at least 3"),
    ({"scale_factor": 0.5, "crossover_rate": 1.5, "max_fes": 10}, "crossover_rate.*<= 1"),
])
def test_bad_config(config, message):
    with pytest.raises(ValueError, match=message):
        optim.de(lambda v: 0.0, np.zeros(2), config)
