import math

import numpy as np
import pytest

import nnlib
from nnlib import optim


def torch7_cmaes(f, x, sigma, rng, popsize=None, max_eval=None, min_iterations=1):
    """Torch7's cmaes.lua transcribed (loops kept), drawing from `rng` as nnlib does:
    one (lambda, N) standard-normal block per iteration, eigh for symeig."""
    xmean = x.astype(float).copy()
    n = xmean.size
    max_eval = 1e3 * n * n if max_eval is None else max_eval
    lam = popsize or 4 + math.floor(3 * math.log(n))
    mu = lam / 2
    weights = np.array([math.log(mu + 0.5) - math.log(i + 1) for i in range(int(mu - 1) + 1)])
    weights /= weights.sum()
    mueff = weights.sum() ** 2 / (weights ** 2).sum()
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n)
    cs = (mueff + 2) / (n + mueff + 5)
    c1 = 2 / ((n + 1.3) ** 2 + mueff)
    cmu = min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) ** 2 + mueff))
    damps = 2 * mueff / lam + 0.3 + cs
    pc, ps, B, D, C, invsqrtC = np.zeros(n), np.zeros(n), np.eye(n), np.ones(n), np.eye(n), np.eye(n)
    eigeneval = counteval = 0
    f_hist = [f(x)]
    best = (None, None)
    fitvals = None
    iteration = 0

    def stop():
        res = {}
        if counteval > 0:
            if counteval >= max_eval:
                res["evals"] = 1
            if D.max() > 1e7 * D.min():
                res["condition"] = 1
            if fitvals[-1] - fitvals[0] < 1e-12:
                res["tolfun"] = 1
            if sigma * D.max() < 1e-11:
                res["tolx"] = 1
        return res

    while not stop() or iteration < min_iterations:
        iteration += 1
        if counteval - eigeneval > lam / (c1 + cmu) / n / 10:
            eigeneval = counteval
            C = np.triu(C) + np.triu(C, 1).T
            D, B = np.linalg.eigh(C)
            D = np.sqrt(D)
            invsqrtC = B @ np.diag(1 / D) @ B.T
        z = rng.standard_normal((lam, n))
        arx = np.array([xmean + (B @ (z[k] * D)) * sigma for k in range(lam)])
        fitvals = np.array([f(a) for a in arx])
        counteval += lam
        xold = xmean.copy()
        idx = np.argsort(fitvals, kind="stable")
        fitvals = fitvals[idx]
        arx = arx[idx[:len(weights)]]
        f_hist.append(fitvals[0])
        if best[1] is None or fitvals[0] < best[1]:
            best = (arx[0].copy(), fitvals[0])
        xmean = arx.T @ weights
        y = xmean - xold
        ps = ps - ps * cs + (invsqrtC @ y) * ((cs * (2 - cs) * mueff) ** 0.5 / sigma)
        hsig = 1.0 if (ps ** 2).sum() / (1 - (1 - cs) ** (2 * counteval / lam)) / n < 2 + 4 / (n + 1) else 0.0
        pc = pc - pc * cc + y * ((cc * (2 - cc) * mueff) ** 0.5 / sigma) * hsig
        c1a = c1 - (1 - hsig ** 2) * c1 * cc * (2 - cc)
        for i in range(n):
            for j in range(n):
                cmuij = sum(weights[k] * (arx[k][i] - xold[i]) * (arx[k][j] - xold[j])
                            for k in range(len(weights))) / sigma ** 2
                C[i][j] = C[i][j] + ((-c1a - cmu) * C[i][j] + c1 * pc[i] * pc[j] + cmu * cmuij)
        sigma = sigma * math.exp(min(0.6, (cs / damps) * ((ps ** 2).sum() / n - 1) / 2))
    f_hist.append(best[1])
    return best[0], f_hist, counteval


def value(fe):
    return lambda v: fe(v)[0]


@pytest.mark.parametrize("problem, n, config", [("quadratic", 3, {"sigma": 0.5, "max_eval": 350}),
                                                ("rosenbrock", 2, {"sigma": 0.3, "max_eval": 300, "popsize": 7})])
def test_run_matches_torch7(problem, n, config, request):
    feval = request.getfixturevalue(problem)
    x0 = np.array([-1.2, 1.0, 0.3])[:n]
    nnlib.random.manual_seed(5)
    x = x0.copy()
    _, fs, n_evals = optim.cmaes(feval, x, config)
    want_x, want_fs, want_evals = torch7_cmaes(value(feval), x0, config["sigma"], np.random.default_rng(5),
                                               config.get("popsize"), config["max_eval"])
    assert n_evals == want_evals >= config["max_eval"]
    np.testing.assert_allclose(fs, want_fs, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(x, want_x, rtol=1e-10, atol=1e-13)
    assert fs[-1] == min(fs[1:-1]) == pytest.approx(feval(x)[0], rel=1e-12)


def test_converges_on_rosenbrock_and_accepts_a_loss_only_feval(rosenbrock):
    nnlib.random.manual_seed(0)
    x = np.zeros(2)
    _, fs, _ = optim.cmaes(lambda v: rosenbrock(v)[0], x, {"sigma": 0.5})
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-4)
    assert fs[0] == 1.0


def test_ftarget_stops_early(quadratic):
    nnlib.random.manual_seed(0)
    _, fs, n_evals = optim.cmaes(quadratic, np.zeros(3), {"sigma": 0.5, "ftarget": 0.1})
    assert fs[-1] <= 0.1 and n_evals < 1000


def test_resumes_after_checkpoint(quadratic, tmp_path):
    # cmaes keeps no state of its own (as Torch's); its randomness is the library generator's.
    nnlib.random.manual_seed(3)
    x = np.zeros(3)
    optim.cmaes(quadratic, x, {"sigma": 0.5, "max_eval": 50})
    nnlib.save(tmp_path / "c.h5", {"rng": nnlib.random.get_rng_state(), "x": x})
    first = optim.cmaes(quadratic, x.copy(), {"sigma": 0.5, "max_eval": 50})
    loaded = nnlib.load(tmp_path / "c.h5")
    nnlib.random.set_rng_state(loaded["rng"])
    second = optim.cmaes(quadratic, loaded["x"], {"sigma": 0.5, "max_eval": 50})
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1] == second[1]


def test_sigma_is_required():
    with pytest.raises(ValueError, match="optim.cmaes: config\\['sigma'\\].*required"):
        optim.cmaes(lambda v: 0.0, np.zeros(2), {})


@pytest.mark.parametrize("key, value", [("sigma", 0.0), ("popsize", 0), ("max_eval", "10")])
def test_bad_config_values_name_the_key(key, value):
    with pytest.raises(ValueError, match=f"optim.cmaes: config\\['{key}'\\]"):
        optim.cmaes(lambda v: 0.0, np.zeros(2), {"sigma": 0.5, key: value})
