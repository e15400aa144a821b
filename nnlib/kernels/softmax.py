"""Row-wise (log-)softmax over the last axis of a 2-D (N, C) array, and class NLL.

The exponentials are `_vmath.vexp` (vectorised on float32) and row sums
accumulate in the arrays' precision (float64 sums of float32 terms ran at
a quarter of the speed). `out` may be `x` itself (in place).

The row-sum kernels run serially. Their sums vectorise only with `reassoc`, and a threaded
kernel's loop exists twice in a process: compiled on its own, and linked into the kernel's code and
optimised once more (see `_config.jit_inline`). A process that compiled the kernel ran the first,
one that loaded it from numba's cache the second, and on znver4 the two summed a row in different
orders: a language model's numbers depended on whether the cache was cold
(tests/reliability/test_cache_state.py). The gradient of the fused output layer, element by
element, stays threaded.
"""
from ._config import auto_parallel, jit, prange, zero_of
from ._vmath import vexp, vlog, vmax


@jit
def log_softmax_update_output(x, out):
    n, c = x.shape
    for i in range(n):
        m = x[i, 0]
        for j in range(1, c):
            m = vmax(m, x[i, j])
        s = zero_of(x)
        for j in range(c):
            s += vexp(x[i, j] - m)
        shift = m + vlog(s)
        for j in range(c):
            out[i, j] = x[i, j] - shift


@jit
def log_softmax_update_grad_input(output, grad_output, grad_input):
    n, c = output.shape
    for i in range(n):
        s = zero_of(grad_output)
        for j in range(c):
            s += grad_output[i, j]
        for j in range(c):
            grad_input[i, j] = grad_output[i, j] - vexp(output[i, j]) * s


@jit
def softmax_update_output(x, out):
    n, c = x.shape
    for i in range(n):
        m = x[i, 0]
        for j in range(1, c):
            m = vmax(m, x[i, j])
        s = zero_of(x)
        for j in range(c):
            e = vexp(x[i, j] - m)
            out[i, j] = e
            s += e
        inv = 1.0 / s
        for j in range(c):
            out[i, j] *= inv


@jit
def softmax_update_grad_input(output, grad_output, grad_input):
    n, c = output.shape
    for i in range(n):
        dot = zero_of(output)
        for j in range(c):
            dot += grad_output[i, j] * output[i, j]
        for j in range(c):
            grad_input[i, j] = output[i, j] * (grad_output[i, j] - dot)


@jit
def class_nll_update_output(log_probs, target, weights, size_average):
    """Returns (loss, total_weight). `weights` has one entry per class."""
    total = 0.0
    total_weight = 0.0
    for i in range(target.size):
        w = weights[target[i]]
        total -= w * log_probs[i, target[i]]
        total_weight += w
    if size_average and total_weight > 0:
        total /= total_weight
    return total, total_weight


@auto_parallel
def class_nll_update_grad_input(target, weights, size_average, total_weight, scale, grad_input):
    """grad_input[i] = -scale * w[t_i] / norm * onehot(t_i) (norm: total_weight with size_average, else 1)."""
    norm = total_weight if (size_average and total_weight > 0) else 1.0
    for i in prange(target.size):
        grad_input[i, :] = 0.0
        grad_input[i, target[i]] = -(weights[target[i]] * scale) / norm


@auto_parallel
def log_softmax_class_nll_grad(log_probs, target, row_scale, grad_logits):
    """The gradient of ClassNLL(LogSoftMax(logits)) w.r.t. the logits in one pass, from the log-probabilities:
    grad_logits[i] = row_scale[i] * (exp(log_probs[i]) - onehot(target[i])).

    `row_scale[i]` is ClassNLL's -grad[i, target[i]] (the class weight over the
    normaliser, 0 for an ignored row). LogSoftMax's backward of ClassNLL's
    one-hot gradient g gives the same to rounding: g - exp(y) * sum(g).
    `grad_logits` may be `log_probs` itself (in place).
    """
    n, c = log_probs.shape
    for i in prange(n):
        k = row_scale[i]
        for j in range(c):
            grad_logits[i, j] = k * vexp(log_probs[i, j])
        grad_logits[i, target[i]] -= k
