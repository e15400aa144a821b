"""`fista`: FISTA/ISTA with backtracking (Beck & Teboulle, 2009), Torch's optim.FistaLS."""
import math

import numpy as np

from ._config import check_x, flag, logger, number, positive_int, read_config

SPEC = {
    "l": (0.1, number(above=0)),                     # L: 1 / step size (the Lipschitz estimate)
    "l_step": (1.5, number(minimum=1)),              # Lstep: L's growth per failed line-search step
    "max_iter": (50, positive_int),                  # maxiter
    "max_line": (20, positive_int),                  # maxline: line-search steps per iteration
    "err_thres": (1e-4, number(minimum=0)),          # errthres: stop when F changes by less
    "do_fista_update": (True, flag),                 # doFistaUpdate: FISTA (True) or ISTA (False)
    "verbose": (False, flag),                        # verbose: log each step, keep xk, y in history
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("l",)


def _value(result):
    return float(result[0] if isinstance(result, tuple) else result)


def fista(f, g, pl, x, config=None, state=None):
    """Minimise f + g, f smooth and g not (e.g. an L1 penalty), by FISTA with backtracking.

    Args:
        f: `f(v)` -> f's value; `f(v, "dx")` -> (value, gradient) (Torch's calling convention).
        g: `g(v)` -> the non-smooth term's value.
        pl: `pl(v, L)` solves the proximal problem in place (soft shrinkage by
            lambda / L for an L1 penalty lambda * |v|_1).
        x: array that receives the solution (its initial values are not used:
            as in Torch, the iteration starts from zeros).
        config: keys above; `state` (default: `config`) keeps the last `l`,
            from which the next call starts, as Torch's params.L.

    Each iteration steps from y along -grad f(y) / L, applies `pl`, and
    multiplies L by `l_step` until f(p) <= Q(p, y) (at most `max_line`
    times; then the previous iterate is kept); FISTA then extrapolates y.
    Stops when F = f + g changes by at most `err_thres`, or after `max_iter`.
    Returns (x, history): x holds the final y; history has one dict per
    iteration with nline, l, f (= F), f_ply, g_ply, q (Torch's nline, L, F,
    Fply, Gply, Q), plus xk and y when `verbose`, which also logs each step
    at DEBUG on the "nnlib.optim" logger.

    Torch's documentation says doFistaUpdate defaults to true but its code
    runs ISTA when it is absent; here the default is True, as documented.
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("fista", config, SPEC, STATE)
    check_x("fista", x)
    lip = float(state.get("l", o["l"]))
    l_step, max_line, err_thres = float(o["l_step"]), int(o["max_line"]), float(o["err_thres"])
    verbose = o["verbose"]

    xk = x
    xkm = np.zeros_like(x)  # previous iterate
    y = np.zeros_like(x)    # the extrapolated point
    ply = np.empty_like(x)
    history = []
    tk = 1.0
    fval = math.inf
    while True:
        fy, gfy = f(y, "dx")
        fy = float(fy)
        nline = 0
        while True:
            np.subtract(y, gfy / lip, out=ply)
            pl(ply, lip)
            xk[...] = ply
            fply = _value(f(ply))
            ply -= y
            q2 = float(gfy.ravel() @ ply.ravel())
            q3 = lip / 2 * float(ply.ravel() @ ply.ravel())
            q = fy + q2 + q3
            if verbose:
                logger.debug("optim.fista: nline=%d L=%g fply=%g Q=%g fy=%g Q2=%g Q3=%g",
                             nline, lip, fply, q, fy, q2, q3)
            nline += 1
            if fply <= q:
                break
            if nline > max_line:
                xk[...] = xkm  # no better point: keep the previous iterate
                break
            lip *= l_step
        if o["do_fista_update"]:
            tkp = (1 + math.sqrt(1 + 4 * tk * tk)) / 2
            xkm -= xk
            np.add(xk, (1 - tk) / tkp * xkm, out=y)
            xkm[...] = xk
            tk = tkp
        else:
            y[...] = xk
        fply = _value(f(y))
        gply = float(g(y))
        if verbose:
            logger.debug("optim.fista: iter=%d eold=%g enew=%g", len(history), fval, fply + gply)
        fval = fply + gply
        entry = {"nline": nline, "l": lip, "f": fval, "f_ply": fply, "g_ply": gply, "q": q}
        if verbose:
            entry.update(xk=xk.copy(), y=y.copy())
        history.append(entry)
        state["l"] = lip
        n = len(history)
        if (n > 1 and abs(fval - history[-2]["f"]) <= err_thres) or n >= int(o["max_iter"]):
            x[...] = y
            return x, history
