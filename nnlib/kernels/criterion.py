"""Losses: mean squared error, binary cross-entropy and fused (log-softmax + NLL) cross-entropy.

MSE works on flat arrays; BCE on (N, D) with per-column weights; cross-entropy
on (N, C) scores with 0-based labels and per-class weights, its rows in
parallel on large inputs with `_vmath.vexp` (the loss summed in row order, so
it does not depend on the thread count).
"""
import numpy as np

from ._config import as_dtype_of, auto_parallel, jit, prange, zero_of
from ._vmath import vexp, vlog, vmax


@jit
def mse_update_output(input, target, size_average):
    """sum((input - target)^2), divided by the element count when size_average."""
    s = 0.0
    for i in range(input.size):
        d = input[i] - target[i]
        s += d * d
    if size_average and input.size > 0:
        s /= input.size
    return s


@jit
def mse_update_grad_input(input, target, size_average, grad_input):
    norm = 2.0 / input.size if size_average else 2.0
    for i in range(input.size):
        grad_input[i] = norm * (input[i] - target[i])


@jit
def bce_update_output(input, target, weights, eps, size_average):
    """-sum w_j * (t log(x + eps) + (1 - t) log(1 - x + eps)); / element count when size_average.

    The logs in the input's precision (`_vmath.vlog`, vectorised on float32), summed in float64."""
    n, d = input.shape
    eps, one = as_dtype_of(input, eps), as_dtype_of(input, 1.0)
    s = 0.0
    for i in range(n):
        for j in range(d):
            x = input[i, j]
            t = target[i, j]
            s -= weights[j] * (t * vlog(x + eps) + (one - t) * vlog(one - x + eps))
    if size_average and input.size > 0:
        s /= input.size
    return s


@jit
def bce_update_grad_input(input, target, weights, eps, size_average, grad_input):
    """The exact derivative of `bce_update_output`."""
    n, d = input.shape
    norm = 1.0 / input.size if size_average else 1.0
    for i in range(n):
        for j in range(d):
            x = input[i, j]
            t = target[i, j]
            grad_input[i, j] = weights[j] * norm * ((1.0 - t) / (1.0 - x + eps) - t / (x + eps))


@auto_parallel
def _cross_entropy_rows(input, target, weights, row_loss):
    """row_loss[i] = -w[t_i] * log_softmax(input_i)[t_i]; rows in parallel on large inputs."""
    n, c = input.shape
    for i in prange(n):
        mx = input[i, 0]
        for j in range(1, c):
            mx = vmax(mx, input[i, j])
        s = zero_of(input)
        for j in range(c):
            s += vexp(input[i, j] - mx)
        row_loss[i] = -weights[target[i]] * (input[i, target[i]] - mx - vlog(s))


@jit
def _total_weight(target, weights):
    total_weight = 0.0
    for i in range(target.size):
        total_weight += weights[target[i]]
    return total_weight


@jit
def _sum(values):
    """The sum in index order (the same whatever the thread count that computed the values)."""
    total = 0.0
    for i in range(values.size):
        total += values[i]
    return total


def cross_entropy_update_output(input, target, weights, size_average):
    """-sum_i w[t_i] * log_softmax(input_i)[t_i]; / sum_i w[t_i] when size_average. Returns (loss, total_weight)."""
    row_loss = np.empty(input.shape[0])
    _cross_entropy_rows(input, target, weights, row_loss)
    total, total_weight = _sum(row_loss), _total_weight(target, weights)
    if size_average and total_weight > 0:
        total /= total_weight
    return total, total_weight


@auto_parallel
def _cross_entropy_grad_rows(input, target, weights, coefficient, grad_input):
    n, c = input.shape
    for i in prange(n):
        mx = input[i, 0]
        for j in range(1, c):
            mx = vmax(mx, input[i, j])
        s = zero_of(input)
        for j in range(c):
            e = vexp(input[i, j] - mx)
            grad_input[i, j] = e
            s += e
        k = weights[target[i]] * coefficient
        inv = k / s
        for j in range(c):
            grad_input[i, j] *= inv
        grad_input[i, target[i]] -= k


def cross_entropy_update_grad_input(input, target, weights, size_average, grad_input, scale=1.0):
    """grad_i = scale * w[t_i] / norm * (softmax(input_i) - onehot(t_i)); rows in parallel on large inputs."""
    total_weight = _total_weight(target, weights)
    norm = total_weight if (size_average and total_weight > 0) else 1.0
    _cross_entropy_grad_rows(input, target, weights, scale / norm, grad_input)
