"""`cg`: nonlinear conjugate gradients, Rasmussen's minimize.m as Torch's optim.cg."""
import math

import numpy as np

from ._config import check_x, evaluate, flag, number, positive_int, read_config, state_array

SPEC = {
    "max_iter": (20, positive_int),               # maxIter: evaluations per line search
    "max_eval": (None, number(minimum=1)),        # maxEval (default 1.25 * max_iter)
    "rho": (0.01, number(minimum=0, maximum=1)),  # rho: sufficient decrease (Wolfe-Powell)
    "sig": (0.5, number(minimum=0, maximum=1)),   # sig: curvature condition
    "int": (0.1, number(minimum=0, maximum=1)),   # int: don't reevaluate within int of the bracket ends
    "ext": (3.0, number(minimum=1)),              # ext: extrapolate at most ext times the current step
    "ratio": (100.0, number(minimum=0)),          # ratio: maximum allowed slope ratio
    "verbose": (False, flag),                     # verbose: log each evaluation (INFO, "nnlib.optim")
}
# What `state` keeps between calls (allowed in `config`, the default state).
STATE = ("df0", "df1", "df2", "s", "x0")


def cg(feval, x, config=None, state=None):
    """Minimise feval from `x` (updated in place) by Polack-Ribiere conjugate gradients.

    Line searches use quadratic/cubic polynomial approximations and the
    Wolfe-Powell conditions (parameters `rho`, `sig`, `int`, `ext`, `ratio`),
    at most `max_iter` evaluations per line search and `max_eval` in total.
    Returns (x, fs, n_evals): fs holds f before optimisation, then f after
    each successful line search. With `verbose`, each evaluation is logged
    at INFO on the "nnlib.optim" logger ("optim.cg: after 3 evaluations
    f(x) = -3.136375", the lines the Torch7 tutorial's JdJ prints). `state` (default: `config`) keeps the scratch
    arrays `df0`..`df2`, `s`, `x0` between calls, as Torch does.

    One deliberate difference from Torch's cg.lua: there, `if ls_failed` is
    always true in Lua (0 is truthy), so it stops at the first failed line
    search; here, as in minimize.m, a failed line search is retried once along
    the steepest descent and the run stops after two failures in a row.
    """
    config = {} if config is None else config
    state = config if state is None else state
    o = read_config("cg", config, SPEC, STATE)
    check_x("cg", x)
    rho, sig, intv, ext, ratio = (float(o[k]) for k in ("rho", "sig", "int", "ext", "ratio"))
    max_iter = int(o["max_iter"])
    max_eval = max_iter * 1.25 if o["max_eval"] is None else float(o["max_eval"])

    df0, df1, df2 = (state_array(state, k, x) for k in ("df0", "df1", "df2"))
    s = state_array(state, "s", x)
    x0 = state_array(state, "x0", x)

    i = 0  # evaluations so far

    def ev():
        return evaluate("cg", feval, x, i + 1 if o["verbose"] else None)

    f1, g = ev()
    fs = [f1]
    df1[...] = g
    i = 1
    np.negative(df1, out=s)
    d1 = -float(s @ s)          # slope
    z1 = 1.0 / (1 - d1)         # initial step
    ls_failed = False

    while i < abs(max_eval):
        x0[...] = x
        f0 = f1
        df0[...] = df1
        x += z1 * s
        f2, g = ev()
        df2[...] = g
        i += 1
        d2 = float(df2 @ s)
        f3, d3, z3 = f1, d1, -z1  # point 3 starts equal to point 1
        m = min(max_iter, max_eval - i)
        success = False
        limit = -1.0
        while True:
            while (f2 > f1 + z1 * rho * d1 or d2 > -sig * d1) and m > 0:
                limit = z1  # tighten the bracket
                if f2 > f1:
                    z2 = z3 - _div(0.5 * d3 * z3 * z3, d3 * z3 + f2 - f3)  # quadratic fit
                else:
                    a = 6 * (f2 - f3) / z3 + 3 * (d2 + d3)  # cubic fit
                    b = 3 * (f3 - f2) - z3 * (d3 + 2 * d2)
                    z2 = _div(_sqrt(b * b - a * d2 * z3 * z3) - b, a)
                if not math.isfinite(z2):
                    z2 = z3 / 2  # bisect on numerical trouble
                z2 = max(min(z2, intv * z3), (1 - intv) * z3)
                z1 += z2
                x += z2 * s
                f2, g = ev()
                df2[...] = g
                i += 1
                m -= 1
                d2 = float(df2 @ s)
                z3 -= z2
            if f2 > f1 + z1 * rho * d1 or d2 > -sig * d1:
                break  # failure
            if d2 > sig * d1:
                success = True
                break
            if m <= 0:
                break  # out of evaluations (Torch tests m == 0, which a fractional max_eval skips past)
            a = 6 * (f2 - f3) / z3 + 3 * (d2 + d3)  # cubic extrapolation
            b = 3 * (f3 - f2) - z3 * (d3 + 2 * d2)
            z2 = _div(-d2 * z3 * z3, b + _sqrt(b * b - a * d2 * z3 * z3))
            if not math.isfinite(z2) or z2 < 0:
                z2 = z1 * (ext - 1) if limit < -0.5 else (limit - z1) / 2
            elif limit > -0.5 and z2 + z1 > limit:
                z2 = (limit - z1) / 2  # bisect inside the bracket
            elif limit < -0.5 and z2 + z1 > z1 * ext:
                z2 = z1 * (ext - 1)  # extrapolate by at most ext
            elif z2 < -z3 * intv:
                z2 = -z3 * intv
            elif limit > -0.5 and z2 < (limit - z1) * (1 - intv):
                z2 = (limit - z1) * (1 - intv)
            f3, d3, z3 = f2, d2, -z2
            z1 += z2
            x += z2 * s
            f2, g = ev()
            df2[...] = g
            i += 1
            m -= 1
            d2 = float(df2 @ s)
        if success:
            f1 = f2
            fs.append(f1)
            beta = (float(df2 @ df2) - float(df2 @ df1)) / float(df1 @ df1)  # Polack-Ribiere
            s *= beta
            s -= df2
            df1, df2 = df2, df1
            d2 = float(df1 @ s)
            if d2 > 0:  # not a descent direction: use steepest descent
                np.negative(df1, out=s)
                d2 = -float(s @ s)
            z1 *= min(ratio, d1 / (d2 - 1e-320))
            d1 = d2
            ls_failed = False
        else:
            x[...] = x0  # restore the best point so far
            f1 = f0
            df1[...] = df0
            if ls_failed or i > max_eval:
                break
            df1, df2 = df2, df1
            np.negative(df1, out=s)  # try steepest descent
            d1 = -float(s @ s)
            z1 = 1.0 / (1 - d1)
            ls_failed = True
    state["df1"], state["df2"] = df1, df2
    return x, fs, i


def _sqrt(v):
    return math.sqrt(v) if v >= 0 else math.nan


def _div(a, b):
    """a / b with IEEE semantics (Lua's), so a zero denominator gives inf or nan."""
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b
