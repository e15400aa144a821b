"""`cmaes`: the covariance matrix adaptation evolution strategy, Torch's optim.cmaes.

Torch's port of Hansen's barecmaes2 (www.lri.fr/~hansen/barecmaes2.html).
"""
import math

import numpy as np

from .. import random as nnrandom
from ._config import check_x, evaluate_value, logger, number, positive_int, read_config

SPEC = {
    "sigma": (None, number(above=0)),             # sigma: initial step size (required)
    "max_eval": (None, number(minimum=1)),        # maxEval (default 1e3 * N^2)
    "ftarget": (None, number(finite=False)),      # ftarget: stop once the best f <= ftarget
    "popsize": (None, positive_int),              # popsize (default 4 + floor(3 log N))
    "verb_disp": (0, number(minimum=0)),          # verb_disp: log every verb_disp iterations (0: never)
    "min_iterations": (1, positive_int),          # min_iterations
}
STATE = ()


def cmaes(feval, x, config=None, state=None):
    """Minimise feval from `x` by CMA-ES; `x` receives the best point found.

    A run samples `popsize` (lambda) candidates per iteration from
    N(mean, sigma^2 C), recombines the best lambda/2 into the new mean with
    log-rank weights, and adapts C (rank-one and rank-mu updates) and sigma
    (cumulative step-size control), until max_eval evaluations, f <= ftarget,
    a condition number of C above 1e14, a spread of the lambda values below
    1e-12 or a step below 1e-11 (but at least `min_iterations` iterations).
    feval's gradient is not used: it may return the loss alone.

    Candidates are drawn from the library generator (`nnlib.random`, as
    Torch's cmaes draws from torch's global one): `nnlib.random.manual_seed`
    makes a run repeatable and `nnlib.random.get_rng_state` checkpoints it.
    Arithmetic is in float64; candidates are passed to feval in x's dtype.
    The keys are read from `config` (Torch reads them from `state`, which
    defaults to config); nothing is kept between calls, as in Torch.

    Returns (x, fs, n_evals): fs holds f(x) at the start, the best value of
    each iteration, then the best value found (that of x).
    """
    config = {} if config is None else config
    o = read_config("cmaes", config, SPEC, STATE)
    check_x("cmaes", x)
    if o["sigma"] is None:
        raise ValueError("optim.cmaes: config['sigma'] (the initial step size) is required")
    rng = nnrandom.get_rng()
    xmean = x.astype(np.float64).ravel()
    n = xmean.size
    sigma = float(o["sigma"])
    max_eval = 1e3 * n * n if o["max_eval"] is None else float(o["max_eval"])
    ftarget = o["ftarget"]
    verb_disp = float(o["verb_disp"])

    # Selection and adaptation parameters (Torch's, with mu = lambda / 2 unrounded in the weights).
    lam = int(o["popsize"]) if o["popsize"] is not None else 4 + int(math.floor(3 * math.log(n)))
    mu = lam / 2
    n_parents = int(math.floor(mu))
    weights = math.log(mu + 0.5) - np.log(np.arange(1, n_parents + 1))
    weights /= weights.sum()
    mueff = weights.sum() ** 2 / float(weights @ weights)
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
    cs = (mueff + 2) / (n + mueff + 5)
    c1 = 2 / ((n + 1.3) ** 2 + mueff)
    cmu = min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + mueff))
    damps = 2 * mueff / lam + 0.3 + cs

    pc, ps = np.zeros(n), np.zeros(n)
    basis, scales = np.eye(n), np.ones(n)  # C = B diag(D^2) B^T
    cov, inv_sqrt_cov = np.eye(n), np.eye(n)
    eigen_eval = count_eval = 0
    fs = [evaluate_value("cmaes", feval, x)]
    fitness = np.empty(0)
    best_x, best_f = None, math.inf
    iteration = 0

    def stop():
        if count_eval == 0:
            return {}
        reasons = {}
        if count_eval >= max_eval:
            reasons["evals"] = max_eval
        if ftarget is not None and fitness[0] <= ftarget:
            reasons["ftarget"] = ftarget
        if scales.max() > 1e7 * scales.min():
            reasons["condition"] = 1e7
        if fitness[-1] - fitness[0] < 1e-12:
            reasons["tolfun"] = 1e-12
        if sigma * scales.max() < 1e-11:
            reasons["tolx"] = 1e-11
        return reasons

    while not stop() or iteration < int(o["min_iterations"]):
        iteration += 1
        # Ask: refresh the eigendecomposition when C has changed enough (keeps it O(N^2) per eval).
        if count_eval - eigen_eval > lam / (c1 + cmu) / n / 10:
            eigen_eval = count_eval
            cov = np.triu(cov) + np.triu(cov, 1).T
            eigenvalues, basis = np.linalg.eigh(cov)
            scales = np.sqrt(eigenvalues)
            inv_sqrt_cov = (basis / scales) @ basis.T
        candidates = xmean + sigma * (rng.standard_normal((lam, n)) * scales) @ basis.T
        fitness = np.array([evaluate_value("cmaes", feval, c.reshape(x.shape).astype(x.dtype))
                            for c in candidates])
        # Tell: recombine the best, update the paths, C and sigma.
        count_eval += lam
        order = np.argsort(fitness, kind="stable")
        fitness = fitness[order]
        parents = candidates[order[:n_parents]]
        fs.append(float(fitness[0]))
        if fitness[0] < best_f:
            best_x, best_f = parents[0].copy(), float(fitness[0])
        xold = xmean
        xmean = parents.T @ weights
        y = xmean - xold
        ps = ps * (1 - cs) + inv_sqrt_cov @ y * (math.sqrt(cs * (2 - cs) * mueff) / sigma)
        hsig = float(ps @ ps / (1 - (1 - cs) ** (2 * count_eval / lam)) / n < 2 + 4 / (n + 1))
        pc = pc * (1 - cc) + y * (math.sqrt(cc * (2 - cc) * mueff) / sigma * hsig)
        c1a = c1 - (1 - hsig ** 2) * c1 * cc * (2 - cc)
        steps = parents - xold
        rank_mu = (steps.T * weights) @ steps / sigma ** 2
        cov = cov + (-c1a - cmu) * cov + c1 * np.outer(pc, pc) + cmu * rank_mu
        sigma *= math.exp(min(0.6, (cs / damps) * (float(ps @ ps) / n - 1) / 2))
        if verb_disp > 0:
            _display(count_eval / lam, verb_disp, count_eval, scales, sigma, cov, fitness[0])
    if verb_disp > 0:
        for reason, value in stop().items():
            logger.info("optim.cmaes: termination by %s = %g", reason, value)
        logger.info("optim.cmaes: best f-value = %g after %d iterations", best_f, iteration)
    fs.append(best_f)
    x[...] = best_x.reshape(x.shape)
    return x, fs, count_eval


def _display(iteration, every, count_eval, scales, sigma, cov, best):
    """Torch's progress lines, on the "nnlib.optim" logger at INFO."""
    if iteration == 1 or iteration % (10 * every) == 0:
        logger.info("optim.cmaes: evals: axis-ratio max(std) f-value")
    if iteration <= 2 or iteration % every == 0:
        logger.info("optim.cmaes: %d: %6.1f %8.1e %g", count_eval, scales.max() / scales.min(),
                    sigma * math.sqrt(np.diag(cov).max()), best)
