"""`checkgrad`: compare feval's gradient with central differences, Torch's optim.checkgrad."""
import numpy as np

from ._config import check_x, evaluate, number


def checkgrad(feval, x, eps=1e-7):
    """Check the gradient `feval(x)` returns against central differences of its loss.

    Each entry of `x` is moved by +eps and -eps in turn (and restored), so
    `feval` is called 2 * x.size + 1 times. Returns (diff, dC, dC_est):
    the analytic gradient dC, the estimate dC_est and
    diff = |dC - dC_est| / |dC + dC_est| (2-norms), which should be near 0.
    Use float64 for `x`: in float32 the differences are mostly rounding.
    """
    check_x("checkgrad", x)
    wanted = number(above=0)(eps)
    if wanted is not None:
        raise ValueError(f"optim.checkgrad: eps = {eps!r} is invalid; expected {wanted}")
    _, grad = evaluate("checkgrad", feval, x)
    d_c = np.array(grad, dtype=x.dtype)
    d_c_est = np.empty_like(d_c)
    flat = x.reshape(-1)  # a view: x must stay the array feval sees
    if not np.shares_memory(flat, x):
        raise ValueError("optim.checkgrad: x must be contiguous (it is perturbed in place)")
    est = d_c_est.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + eps
        c1 = evaluate("checkgrad", feval, x)[0]
        flat[i] = keep - eps
        c2 = evaluate("checkgrad", feval, x)[0]
        flat[i] = keep
        est[i] = (c1 - c2) / (2 * eps)
    diff = float(np.linalg.norm(d_c - d_c_est) / np.linalg.norm(d_c + d_c_est))
    return diff, d_c, d_c_est
