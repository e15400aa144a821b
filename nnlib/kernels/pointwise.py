"""Element-wise math of torch/nn's simple layers (Abs, Exp, Log, Square, Sqrt, Power) on flat
(1-D) arrays. Exact arithmetic splits across threads on large arrays (`auto_parallel`), and so do
exp and log: `_vmath`'s (vectorised on float32) give each element a result that depends on that
element alone, as tanh and sigmoid in `activation.py`; `sqrt`/`pow` stay serial.
"""
import math

from ._config import auto_parallel, jit, prange
from ._vmath import vexp, vlog


@auto_parallel
def abs_update_output(x, out):
    for i in prange(x.size):
        out[i] = abs(x[i])


@auto_parallel
def abs_update_grad_input(x, grad_output, grad_input):
    """Torch7's sign: +1 at x >= 0 (including 0), else -1."""
    for i in prange(x.size):
        grad_input[i] = grad_output[i] if x[i] >= 0 else -grad_output[i]


@auto_parallel
def exp_update_output(x, out):
    for i in prange(x.size):
        out[i] = vexp(x[i])


@auto_parallel
def exp_update_grad_input(output, grad_output, grad_input):
    for i in prange(output.size):
        grad_input[i] = grad_output[i] * output[i]


@auto_parallel
def log_update_output(x, out):
    """Natural log; -inf at 0 and NaN below, as Torch7 (no check: a NaN must show)."""
    for i in prange(x.size):
        v = x[i]
        out[i] = vlog(v) if v > 0 else (-math.inf if v == 0 else math.nan)


@auto_parallel
def log_update_grad_input(x, grad_output, grad_input):
    for i in prange(x.size):
        grad_input[i] = grad_output[i] / x[i]


@auto_parallel
def square_update_output(x, out):
    for i in prange(x.size):
        out[i] = x[i] * x[i]


@auto_parallel
def square_update_grad_input(x, grad_output, grad_input):
    for i in prange(x.size):
        grad_input[i] = 2.0 * grad_output[i] * x[i]


@jit
def sqrt_update_output(x, eps, out):
    """sqrt(x + eps); NaN below -eps."""
    for i in range(x.size):
        v = x[i] + eps
        out[i] = math.sqrt(v) if v >= 0 else math.nan


@auto_parallel
def sqrt_update_grad_input(output, grad_output, grad_input):
    """0.5 / y, and 0 where y == 0 (Torch7's choice at the kink)."""
    for i in prange(output.size):
        y = output[i]
        grad_input[i] = 0.0 if y == 0 else 0.5 * grad_output[i] / y


@jit
def power_update_output(x, p, out):
    for i in range(x.size):
        out[i] = x[i] ** p


@jit
def power_update_grad_input(x, p, grad_output, grad_input):
    """p x^(p-1) grad_output."""
    q = p - 1.0
    for i in range(x.size):
        grad_input[i] = p * x[i] ** q * grad_output[i]
