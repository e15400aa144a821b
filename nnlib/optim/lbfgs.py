"""`lbfgs`: limited-memory BFGS, Torch's optim.lbfgs (after Mark Schmidt's minFunc)."""
import numpy as np

from ._config import check_x, evaluate, flag, number, options, positive_int, read_config
from .lswolfe import lswolfe

LINE_SEARCHES = {"lswolfe": lswolfe}


def _line_search(v):
    if (isinstance(v, str) and v in LINE_SEARCHES) or callable(v):
        return None
    return f"one of {sorted(LINE_SEARCHES)} or a function like optim.lswolfe"


SPEC = {
    "max_iter": (20, positive_int),                 # maxIter
    "max_eval": (None, number(minimum=1)),          # maxEval (default 1.25 * max_iter)
    "tol_fun": (1e-5, number(minimum=0)),           # tolFun: stop when sum|grad| <= tol_fun
    "tol_x": (1e-9, number(minimum=0)),             # tolX: stop on smaller steps / changes of f
    "n_correction": (100, positive_int),            # nCorrection: history length
    "line_search": (None, _line_search),            # lineSearch ("lswolfe" keeps state storable)
    "line_search_options": (None, options),         # lineSearchOptions
    "learning_rate": (1.0, number(minimum=0)),      # learningRate: (initial) step size
    "verbose": (False, flag),                       # verbose: log its own evaluations (INFO, "nnlib.optim")
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("func_eval", "n_iter", "d", "t", "old_dirs", "old_stps", "h_diag", "g_old", "f_old")


def lbfgs(feval, x, config=None, state=None):
    """Up to `max_iter` L-BFGS iterations from `x` (updated in place).

    Without a line search, steps have the fixed size `learning_rate` (the
    first one scaled by min(1, 1/sum|grad|)), which suits noisy mini-batch
    objectives; with `line_search="lswolfe"` (or a function with lswolfe's
    signature) each step satisfies the Wolfe conditions.
    Returns (x, fs, n_evals): f before optimisation, then after each step.
    `state` (default: `config`) keeps `func_eval`, `n_iter`, the direction
    `d`, step `t`, the curvature pairs `old_dirs` (steps s) and `old_stps`
    (gradient changes y), `h_diag`, `g_old` and `f_old` (Torch's names).
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("lbfgs", config, SPEC, STATE)
    check_x("lbfgs", x)
    max_iter = int(o["max_iter"])
    max_eval = max_iter * 1.25 if o["max_eval"] is None else float(o["max_eval"])
    tol_fun, tol_x, lr = float(o["tol_fun"]), float(o["tol_x"]), float(o["learning_rate"])
    n_correction = int(o["n_correction"])
    line_search = o["line_search"]
    if isinstance(line_search, str):
        line_search = LINE_SEARCHES[line_search]

    state["func_eval"] = int(state.get("func_eval", 0))
    state["n_iter"] = int(state.get("n_iter", 0))

    verbose = o["verbose"]
    f, g = evaluate("lbfgs", feval, x, 1 if verbose else None)
    f_hist = [f]
    current_evals = 1
    state["func_eval"] += 1
    if float(np.abs(g).sum()) <= tol_fun:  # already optimal
        return x, f_hist, current_evals

    d, t = state.get("d"), state.get("t")
    old_dirs, old_stps = state.get("old_dirs"), state.get("old_stps")
    h_diag, g_old, f_old = state.get("h_diag"), state.get("g_old"), state.get("f_old")

    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        state["n_iter"] += 1

        # Descent direction.
        if state["n_iter"] == 1:
            d = -g
            old_dirs, old_stps, h_diag = [], [], 1.0
        else:
            y = g - g_old
            s = d * t
            ys = float(y @ s)
            if ys > 1e-10:  # keep the pair only with positive curvature
                if len(old_dirs) == n_correction:
                    old_dirs.pop(0)
                    old_stps.pop(0)
                old_dirs.append(s)
                old_stps.append(y)
                h_diag = ys / float(y @ y)
            # Two-loop recursion: d = -H g.
            ro = [1.0 / float(yi @ si) for si, yi in zip(old_dirs, old_stps)]
            al = [0.0] * len(old_dirs)
            q = -g
            for i in range(len(old_dirs) - 1, -1, -1):
                al[i] = float(old_dirs[i] @ q) * ro[i]
                q -= al[i] * old_stps[i]
            d = q * h_diag
            for i in range(len(old_dirs)):
                be_i = float(old_stps[i] @ d) * ro[i]
                d += (al[i] - be_i) * old_dirs[i]
        g_old = g.astype(x.dtype, copy=True)
        f_old = f

        # Step length.
        gtd = float(g @ d)
        if gtd > -tol_x:  # no progress possible along d
            break
        t = min(1.0, 1.0 / float(np.abs(g).sum())) * lr if state["n_iter"] == 1 else lr
        if line_search is not None:
            f, g, x, t, ls_evals = line_search(feval, x, t, d, f, g, gtd, o["line_search_options"])
            f_hist.append(float(f))
        else:
            x += t * d
            ls_evals = 0
            if n_iter != max_iter:  # no need to re-evaluate after the last step
                f, g = evaluate("lbfgs", feval, x, current_evals + 1 if verbose else None)
                ls_evals = 1
                f_hist.append(f)
        current_evals += ls_evals
        state["func_eval"] += ls_evals

        # Stopping conditions.
        if n_iter == max_iter or current_evals >= max_eval:
            break
        if float(np.abs(g).sum()) <= tol_fun:
            break
        if float(np.abs(d * t).sum()) <= tol_x:
            break
        if abs(f - f_old) < tol_x:
            break

    state.update(old_dirs=old_dirs, old_stps=old_stps, h_diag=h_diag, g_old=g_old, f_old=f_old, t=t, d=d)
    return x, f_hist, current_evals
