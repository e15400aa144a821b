import math

import numpy as np
import pytest

import nnlib
from nnlib import optim

RNG = np.random.default_rng(1)
A = RNG.standard_normal((6, 5))
B = RNG.standard_normal(6)
LAM = 0.3


def f(v, mode=None):
    r = A @ v - B
    return (0.5 * float(r @ r), A.T @ r) if mode == "dx" else 0.5 * float(r @ r)


def g(v):
    return LAM * float(np.abs(v).sum())


def pl(v, lip):
    """Soft shrinkage by LAM / L, in place."""
    v[...] = np.sign(v) * np.maximum(np.abs(v) - LAM / lip, 0)


def torch7_fista(n, L=0.1, Lstep=1.5, maxiter=50, maxline=20, errthres=1e-4, fista=True, f=f, g=g, pl=pl):
    """Torch7's fista.lua (optim.FistaLS) transcribed: (final y, [(nline, L, F)] per iteration)."""
    xk, xkm, y = np.zeros(n), np.zeros(n), np.zeros(n)
    tk, history = 1.0, []
    while True:
        fy, gfy = f(y, "dx")
        nline = 0
        while True:
            ply = y - gfy / L
            pl(ply, L)
            xk = ply.copy()
            fply = f(ply)
            d = ply - y
            Q = fy + gfy @ d + L / 2 * d @ d
            if fply <= Q:
                done = True
            elif nline >= maxline:
                done = True
                xk = xkm.copy()
            else:
                done = False
                L = L * Lstep
            nline += 1
            if done:
                break
        if fista:
            tkp = (1 + math.sqrt(1 + 4 * tk * tk)) / 2
            y = xk + (1 - tk) / tkp * (xkm - xk)
            xkm = xk.copy()
            tk = tkp
        else:
            y = xk.copy()
        F = f(y) + g(y)
        history.append((nline, L, F))
        if (len(history) > 1 and abs(F - history[-2][2]) <= errthres) or len(history) >= maxiter:
            return y, history


@pytest.mark.parametrize("config, torch7", [
    ({}, {}),
    ({"do_fista_update": False}, {"fista": False}),
    ({"l": 0.5, "l_step": 2.0, "max_iter": 30, "max_line": 3, "err_thres": 1e-9},
     {"L": 0.5, "Lstep": 2.0, "maxiter": 30, "maxline": 3, "errthres": 1e-9}),
])
def test_run_matches_torch7(config, torch7):
    x = np.full(5, 7.0)  # ignored: the iteration starts from zeros, as Torch's
    out, history = optim.fista(f, g, pl, x, dict(config))
    want_y, want = torch7_fista(5, **torch7)
    assert out is x
    np.testing.assert_allclose(x, want_y, rtol=1e-12, atol=1e-14)
    assert [(h["nline"], h["l"]) for h in history] == [(n, lip) for n, lip, _ in want]
    np.testing.assert_allclose([h["f"] for h in history], [F for _, _, F in want], rtol=1e-12)
    assert history[-1]["f"] == pytest.approx(f(x) + g(x), rel=1e-12)


def _smooth_only(feval):
    """f(v, "dx") / f(v) from an (f, grad) feval; no non-smooth term: FISTA is accelerated gradient."""
    return (lambda v, mode=None: feval(v) if mode == "dx" else feval(v)[0]), (lambda v: 0.0), (lambda v, lip: None)


@pytest.mark.parametrize("problem, n, config", [("quadratic", 3, {"max_iter": 30}),
                                                ("rosenbrock", 2, {"max_iter": 40, "l": 1.0, "err_thres": 0.0})])
def test_smooth_problems_match_torch7(problem, n, config, request):
    fs, gs, pls = _smooth_only(request.getfixturevalue(problem))
    want_y, want = torch7_fista(n, L=config.get("l", 0.1), maxiter=config["max_iter"],
                                errthres=config.get("err_thres", 1e-4), f=fs, g=gs, pl=pls)
    x = np.zeros(n)
    _, history = optim.fista(fs, gs, pls, x, config)  # writes the last L into config, as Torch7
    assert len(history) == len(want) > 3
    np.testing.assert_allclose(x, want_y, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose([h["f"] for h in history], [F for _, _, F in want], rtol=1e-12)
    assert history[-1]["f"] < 0.5 * history[0]["f"]


def test_solves_the_lasso():
    x = np.zeros(5)
    optim.fista(f, g, pl, x, {"max_iter": 2000, "err_thres": 1e-14})
    # Optimality: A^T (A x - b) + LAM * sign(x) = 0 where x != 0, |A^T (A x - b)| <= LAM elsewhere.
    # Near the optimum, rounding makes Torch7's line search fail now and then, and each failure
    # multiplies L: the steps shrink and the iterate stalls a few 1e-5 short (how far depends on the
    # machine's rounding: 2.4e-5 on an AMD EPYC), as Torch7's own fista does.
    grad = f(x, "dx")[1]
    nz = x != 0
    np.testing.assert_allclose(grad[nz], -LAM * np.sign(x[nz]), atol=1e-4)
    assert np.all(np.abs(grad[~nz]) <= LAM + 1e-4)


def test_next_call_starts_from_the_last_l_and_resumes_after_checkpoint(tmp_path):
    state = {}
    optim.fista(f, g, pl, np.zeros(5), {"max_iter": 3}, state)
    assert state["l"] > 0.1  # L grew in the line searches
    nnlib.save(tmp_path / "fista.h5", state)
    loaded = nnlib.load(tmp_path / "fista.h5")
    a, ha = optim.fista(f, g, pl, np.zeros(5), {"max_iter": 5}, state)
    b, hb = optim.fista(f, g, pl, np.zeros(5), {"max_iter": 5}, loaded)
    np.testing.assert_array_equal(a, b)
    assert ha == hb and state == loaded
    _, want = torch7_fista(5, L=loaded["l"], maxiter=5)
    assert [h["l"] for h in ha] == [lip for _, lip, _ in want]


def test_verbose_keeps_iterates_and_logs(caplog):
    with caplog.at_level("DEBUG", logger="nnlib.optim"):
        _, history = optim.fista(f, g, pl, np.zeros(5), {"verbose": True, "max_iter": 2})
    assert set(history[0]) >= {"xk", "y"}
    assert any(r.getMessage().startswith("optim.fista: iter=0") for r in caplog.records)


@pytest.mark.parametrize("key, value", [("l", 0.0), ("l_step", 0.5), ("max_line", 0), ("do_fista_update", 1)])
def test_bad_config_values_name_the_key(key, value):
    with pytest.raises(ValueError, match=f"optim.fista: config\\['{key}'\\]"):
        optim.fista(f, g, pl, np.zeros(5), {key: value})
