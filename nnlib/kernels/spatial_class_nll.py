"""Negative log-likelihood of per-pixel labels on NCHW log-probabilities, as THNN's SpatialClassNLLCriterion."""
from ._config import auto_parallel, jit, prange


@jit
def spatial_class_nll_update_output(input, target, weights, size_average):
    """-sum_{b,y,x} w[t] input[b, t, y, x] (t = target[b, y, x]), / the total weight when
    size_average (and it is positive). Returns (loss, total_weight)."""
    n, _, h, w = input.shape
    total = 0.0
    total_weight = 0.0
    for b in range(n):
        for y in range(h):
            for x in range(w):
                k = target[b, y, x]
                total -= weights[k] * input[b, k, y, x]
                total_weight += weights[k]
    if size_average and total_weight > 0:
        total /= total_weight
    return total, total_weight


@auto_parallel
def spatial_class_nll_update_grad_input(target, weights, size_average, total_weight, grad_input):
    """-w[t] / norm at each pixel's label, 0 elsewhere; all 0 when the total weight is not positive."""
    n, c, h, w = grad_input.shape
    norm = total_weight if size_average else 1.0
    for b in prange(n):
        grad_input[b] = 0.0
        if total_weight > 0:
            for y in range(h):
                for x in range(w):
                    k = target[b, y, x]
                    grad_input[b, k, y, x] = -weights[k] / norm
