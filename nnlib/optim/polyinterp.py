"""`polyinterp`: minimum of the polynomial interpolating points with values and slopes (Torch's optim.polyinterp)."""
import math

import numpy as np


def polyinterp(points, xmin_bound=None, xmax_bound=None):
    """Position of the minimum of the Hermite polynomial through `points`.

    `points` is an (n, 3) array of (x, f(x), f'(x)) rows. Two points without
    bounds use the closed-form cubic (clamped to the points); otherwise the
    polynomial of degree 2n-1 is fitted by least squares and its critical
    points inside [xmin_bound, xmax_bound] (default: the points' range) and
    the bounds themselves are compared, falling back to the midpoint.
    From minFunc (Mark Schmidt), as in Torch.
    """
    points = np.asarray(points, dtype=np.float64)
    n = points.shape[0]
    order = 2 * n - 1
    xs, fs, gs = points[:, 0], points[:, 1], points[:, 2]

    if n == 2 and xmin_bound is None and xmax_bound is None:
        lo = int(np.argmin(xs))
        hi = 1 - lo
        with np.errstate(all="ignore"):  # coincident points give nan, as in Lua
            d1 = gs[lo] + gs[hi] - 3 * (fs[lo] - fs[hi]) / (xs[lo] - xs[hi])
            disc = d1 * d1 - gs[lo] * gs[hi]
            if disc >= 0:
                d2 = np.sqrt(disc)
                t = xs[hi] - (xs[hi] - xs[lo]) * ((gs[hi] + d2 - d1) / (gs[hi] - gs[lo] + 2 * d2))
                return float(min(max(t, xs[lo]), xs[hi]))
        return float(xs.mean())

    xmin_bound = float(xs.min()) if xmin_bound is None else float(xmin_bound)
    xmax_bound = float(xs.max()) if xmax_bound is None else float(xmax_bound)

    # Constraints on values (rows 0..n-1) and slopes (rows n..2n-1); powers high to low.
    powers = np.arange(order, -1, -1)
    a = np.zeros((2 * n, order + 1))
    a[:n] = xs[:, None] ** powers
    a[n:, :-1] = powers[:-1] * xs[:, None] ** (powers[:-1] - 1)
    b = np.concatenate([fs, gs])
    with np.errstate(all="ignore"):
        params = np.linalg.lstsq(a, b, rcond=None)[0]
    params[np.abs(params) <= 1e-12] = 0
    dparams = params[:-1] * powers[:-1]

    candidates = [xmin_bound, xmax_bound, *xs]
    if np.all(np.isfinite(dparams)):
        candidates.extend(_real_roots(dparams))
    best_x, best_f = (xmin_bound + xmax_bound) / 2, math.inf  # bisection unless a candidate is valid
    for c in candidates:
        if xmin_bound <= c <= xmax_bound:
            fc = float(np.polyval(params, c))
            if fc < best_f:
                best_x, best_f = float(c), fc
    return best_x


def _real_roots(coefficients):
    """Real roots of the polynomial (highest power first), small coefficients zeroed as in Torch."""
    c = np.where(np.abs(coefficients) < 1e-12, 0.0, coefficients)
    if not np.any(c):
        return []
    roots = np.roots(c)
    if np.iscomplexobj(roots):
        roots = roots[roots.imag == 0].real
    return [float(r) for r in roots]
