"""`de`: differential evolution (DE/best/1/bin), Torch's optim.de."""
import numpy as np

from ._config import check_x, evaluate_value, number, positive_int, read_config

SPEC = {
    "popsize": (None, positive_int),                       # popsize (default 10 * N, at least 3)
    "scale_factor": (None, number(minimum=0)),             # scaleFactor (required), usually 0.4..1
    "crossover_rate": (None, number(minimum=0, maximum=1)),  # crossoverRate (required), usually 0.1..0.9
    "max_fes": (None, number(minimum=1)),                  # maxFEs: evaluations (required)
    "max_region": (30.0, number()),                        # maxRegion: upper bound of the initial population
    "min_region": (-30.0, number()),                       # minRegion: lower bound
    "seed": (1, positive_int),                             # the private generator's seed (Torch: always 1)
}
STATE = ()


def de(feval, x, config=None, state=None):
    """Minimise feval by differential evolution; `x` receives the best point found.

    The population (`popsize` points, uniform in [min_region, max_region]^N;
    x's initial values are not used, as in Torch) evolves by generations:
    each member i gets a child that takes, for each coordinate with
    probability `crossover_rate` (and for one random coordinate always),
    best + scale_factor * (pop[r1] - pop[r2]) with r1 != r2 != i, else its
    own coordinate; a child at least as good replaces its parent. Runs whole
    generations until `max_fes` evaluations are reached. feval's gradient is
    not used: it may return the loss alone.

    As Torch's, a run draws from a private generator seeded with `seed`
    (Torch always seeds 1), so a call is repeatable and nothing is kept
    between calls; the draws are numpy's, not Torch's. Difference: Torch
    starts from the *worst* initial member as "best" (fitness:max), a bug
    fixed here (the best initial member).

    Returns (x, fs): fs holds f of every evaluated point, in order.
    """
    config = {} if config is None else config
    o = read_config("de", config, SPEC, STATE)
    check_x("de", x)
    for key in ("scale_factor", "crossover_rate", "max_fes"):
        if o[key] is None:
            raise ValueError(f"optim.de: config[{key!r}] is required")
    n = x.size
    popsize = 10 * n if o["popsize"] is None else int(o["popsize"])
    if popsize < 3:
        raise ValueError(f"optim.de: config['popsize'] = {popsize} is invalid; expected at least 3 "
                         "(each child mixes two other members)")
    scale, rate = float(o["scale_factor"]), float(o["crossover_rate"])
    rng = np.random.default_rng(int(o["seed"]))

    def fitness_of(points):
        return np.array([evaluate_value("de", feval, p.reshape(x.shape)) for p in points])

    pop = rng.uniform(float(o["min_region"]), float(o["max_region"]), (popsize, n)).astype(x.dtype)
    fitness = fitness_of(pop)
    fs = fitness.tolist()
    best = int(np.argmin(fitness))
    best_solution, best_fitness = pop[best].copy(), fitness[best]
    members = np.arange(popsize)
    while len(fs) < float(o["max_fes"]):
        # r1 uniform over the others; r2 uniform over the members other than i and r1.
        r1 = rng.integers(0, popsize - 1, popsize)
        r1 += r1 >= members
        r2 = rng.integers(0, popsize - 2, popsize)
        low, high = np.minimum(members, r1), np.maximum(members, r1)
        r2 += r2 >= low
        r2 += r2 >= high
        jrand = rng.integers(0, n, popsize)
        cross = rng.random((popsize, n)) < rate
        cross[members, jrand] = True
        children = np.where(cross, best_solution + scale * (pop[r1] - pop[r2]), pop).astype(x.dtype)
        children_fitness = fitness_of(children)
        fs.extend(children_fitness.tolist())
        better = children_fitness <= fitness
        pop[better] = children[better]
        fitness[better] = children_fitness[better]
        best = int(np.argmin(np.where(better, fitness, np.inf)))
        if better[best] and fitness[best] < best_fitness:
            best_solution, best_fitness = pop[best].copy(), fitness[best]
    x[...] = best_solution.reshape(x.shape)
    return x, fs
