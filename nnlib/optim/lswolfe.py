"""`lswolfe`: a line search satisfying the strong Wolfe conditions (Torch's optim.lswolfe)."""
import numpy as np

from ._config import evaluate, number, positive_int, read_config
from .polyinterp import polyinterp

SPEC = {
    "c1": (1e-4, number(minimum=0, maximum=1)),  # c1: sufficient decrease
    "c2": (0.9, number(minimum=0, maximum=1)),   # c2: curvature
    "tol_x": (1e-9, number(minimum=0)),          # tolX: minimum bracket width
    "max_iter": (20, positive_int),              # maxIter
}


def lswolfe(feval, x, t, d, f, g, gtd, options=None):
    """Search along `d` from `x` (updated in place) for a step t meeting the strong Wolfe conditions.

    `f`, `g`, `gtd` are the value, gradient and directional derivative at x.
    Brackets a step by cubic extrapolation, then zooms in by cubic
    interpolation (`polyinterp`). Returns (f_new, g_new, x, t, n_evals) with
    x = x_start + t * d. Used by `lbfgs` with config `line_search="lswolfe"`.
    """
    o = read_config("lswolfe", {} if options is None else options, SPEC)
    c1, c2, tol_x, max_iter = float(o["c1"]), float(o["c2"]), float(o["tol_x"]), int(o["max_iter"])

    x_init = x.copy()
    x += t * d
    f_new, g_new = evaluate("lswolfe", feval, x)
    g_new = g_new.copy()
    n_evals = 1
    gtd_new = float(g_new @ d)

    # Bracket an interval containing a point satisfying the Wolfe criteria.
    ls_iter, t_prev, done = 0, 0.0, False
    f_prev, g_prev, gtd_prev = f, g.copy(), gtd
    bracket = bracket_f = bracket_g = None
    while ls_iter < max_iter:
        if f_new > f + c1 * t * gtd or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f, bracket_g = [t_prev, t], [f_prev, f_new], [g_prev, g_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f, bracket_g = [t_prev, t], [f_prev, f_new], [g_prev, g_new]
            break
        # Extrapolate.
        previous, t_prev = t_prev, t
        t = polyinterp([[previous, f_prev, gtd_prev], [t, f_new, gtd_new]], t + 0.01 * (t - previous), t * 10)
        f_prev, g_prev, gtd_prev = f_new, g_new, gtd_new
        x[...] = x_init
        x += t * d
        f_new, g_new = evaluate("lswolfe", feval, x)
        g_new = g_new.copy()
        n_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1
    if ls_iter == max_iter:
        bracket, bracket_f, bracket_g = [0.0, t], [f, f_new], [g, g_new]

    # Zoom: refine the bracket until a point satisfies the criteria.
    insuf_progress = False
    while not done and ls_iter < max_iter:
        lo = int(np.argmin(bracket_f))
        hi = 1 - lo
        t = polyinterp([[bracket[0], bracket_f[0], float(bracket_g[0] @ d)],
                        [bracket[1], bracket_f[1], float(bracket_g[1] @ d)]])
        top, bottom = max(bracket), min(bracket)
        if top > bottom and min(top - t, t - bottom) / (top - bottom) < 0.1:  # too close to an end
            if insuf_progress or t >= top or t <= bottom:
                t = top - 0.1 * (top - bottom) if abs(t - top) < abs(t - bottom) else bottom + 0.1 * (top - bottom)
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        x[...] = x_init
        x += t * d
        f_new, g_new = evaluate("lswolfe", feval, x)
        g_new = g_new.copy()
        n_evals += 1
        gtd_new = float(g_new @ d)
        ls_iter += 1
        if f_new > f + c1 * t * gtd or f_new >= bracket_f[lo]:
            bracket[hi], bracket_f[hi], bracket_g[hi] = t, f_new, g_new  # Armijo failed or not below LO
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True  # Wolfe conditions hold
            elif gtd_new * (bracket[hi] - bracket[lo]) >= 0:
                bracket[hi], bracket_f[hi], bracket_g[hi] = bracket[lo], bracket_f[lo], bracket_g[lo]
            bracket[lo], bracket_f[lo], bracket_g[lo] = t, f_new, g_new
        if not done and abs((bracket[0] - bracket[1]) * gtd_new) < tol_x:
            break

    lo = int(np.argmin(bracket_f))
    t = bracket[lo]
    x[...] = x_init
    x += t * d
    return bracket_f[lo], bracket_g[lo], x, t, n_evals
