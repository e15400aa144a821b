"""Element-wise losses on flat (input, target) pairs, as THNN's pointwise criterions.

Each op has `<op>_update_output(..., size_average) -> loss` (summed in float64,
divided by the element count when size_average) and
`<op>_update_grad_input(..., size_average, grad_input)`, writing every element
of `grad_input`. The logistic losses are evaluated in their overflow-free form.
"""
from ._config import jit, jit_inline
from ._vmath import vexp, vlog, vlog1p, vsigmoid


@jit_inline
def _scale(n, size_average):
    """The gradient's factor: 1 / n when averaging over n elements, else 1."""
    return 1.0 / n if size_average and n > 0 else 1.0


@jit_inline
def _mean(s, n, size_average):
    return s / n if size_average and n > 0 else s


@jit_inline
def _softplus(z):
    """log(1 + exp(z)) without overflow (`_vmath`'s exp and log1p, vectorised on float32)."""
    return max(z, 0.0) + vlog1p(vexp(-abs(z)))


@jit
def abs_update_output(input, target, size_average):
    """sum |x - t|."""
    s = 0.0
    for i in range(input.size):
        s += abs(input[i] - target[i])
    return _mean(s, input.size, size_average)


@jit
def abs_update_grad_input(input, target, size_average, grad_input):
    """+1 where x - t >= 0 (ties included, as Torch7), else -1."""
    g = _scale(input.size, size_average)
    for i in range(input.size):
        grad_input[i] = g if input[i] - target[i] >= 0 else -g


@jit
def smooth_l1_update_output(input, target, size_average):
    """sum of 0.5 d^2 where |d| < 1, |d| - 0.5 elsewhere (d = x - t)."""
    s = 0.0
    for i in range(input.size):
        z = abs(input[i] - target[i])
        s += 0.5 * z * z if z < 1.0 else z - 0.5
    return _mean(s, input.size, size_average)


@jit
def smooth_l1_update_grad_input(input, target, size_average, grad_input):
    g = _scale(input.size, size_average)
    for i in range(input.size):
        d = input[i] - target[i]
        grad_input[i] = g * min(max(d, -1.0), 1.0)


@jit
def margin_update_output(input, target, margin, size_average):
    """sum max(0, margin - x t)."""
    s = 0.0
    for i in range(input.size):
        s += max(margin - input[i] * target[i], 0.0)
    return _mean(s, input.size, size_average)


@jit
def margin_update_grad_input(input, target, margin, size_average, grad_input):
    """-t where x t < margin, else 0."""
    g = _scale(input.size, size_average)
    for i in range(input.size):
        grad_input[i] = -g * target[i] if input[i] * target[i] < margin else 0.0


@jit
def soft_margin_update_output(input, target, size_average):
    """sum log(1 + exp(-x t))."""
    s = 0.0
    for i in range(input.size):
        s += _softplus(-input[i] * target[i])
    return _mean(s, input.size, size_average)


@jit
def soft_margin_update_grad_input(input, target, size_average, grad_input):
    """-t sigmoid(-x t)."""
    g = _scale(input.size, size_average)
    for i in range(input.size):
        grad_input[i] = -g * target[i] * vsigmoid(-input[i] * target[i])


@jit
def dist_kl_div_update_output(input, target, size_average):
    """sum t (log t - x) over t > 0 (x holds log-probabilities); elements with t <= 0 add 0."""
    s = 0.0
    for i in range(input.size):
        t = target[i]
        if t > 0:
            s += t * (vlog(t) - input[i])
    return _mean(s, input.size, size_average)


@jit
def dist_kl_div_update_grad_input(input, target, size_average, grad_input):
    g = _scale(input.size, size_average)
    for i in range(input.size):
        t = target[i]
        grad_input[i] = -g * t if t > 0 else 0.0


@jit
def hinge_embedding_update_output(input, target, margin, size_average):
    """sum of x where y = 1, max(0, margin - x) where y = -1 (y is checked to be +-1)."""
    s = 0.0
    for i in range(input.size):
        s += input[i] if target[i] == 1 else max(margin - input[i], 0.0)
    return _mean(s, input.size, size_average)


@jit
def hinge_embedding_update_grad_input(input, target, margin, size_average, grad_input):
    """1 where y = 1; -1 where y = -1 and x <= margin (the kink included, as Torch7), else 0."""
    g = _scale(input.size, size_average)
    for i in range(input.size):
        if target[i] == 1:
            grad_input[i] = g
        else:
            grad_input[i] = 0.0 if input[i] > margin else -g


@jit
def l1_cost_update_output(input):
    """sum |x|."""
    s = 0.0
    for i in range(input.size):
        s += abs(input[i])
    return s


@jit
def l1_cost_update_grad_input(input, grad_input):
    """sign(x), 0 at 0."""
    for i in range(input.size):
        x = input[i]
        grad_input[i] = 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)


@jit
def multi_label_soft_margin_update_output(input, target, weights, size_average):
    """sum_ij w_j (log(1 + exp(x)) - t x) over (N, D) logits: the logistic loss of each label."""
    n, d = input.shape
    s = 0.0
    for i in range(n):
        for j in range(d):
            x = input[i, j]
            s += weights[j] * (_softplus(x) - target[i, j] * x)
    return _mean(s, input.size, size_average)


@jit
def multi_label_soft_margin_update_grad_input(input, target, weights, size_average, grad_input):
    """w_j (sigmoid(x) - t)."""
    n, d = input.shape
    g = _scale(input.size, size_average)
    for i in range(n):
        for j in range(d):
            grad_input[i, j] = g * weights[j] * (vsigmoid(input[i, j]) - target[i, j])


@jit
def margin_ranking_update_output(input1, input2, target, margin, size_average):
    """sum max(0, margin - y (x1 - x2))."""
    s = 0.0
    for i in range(input1.size):
        s += max(margin - target[i] * (input1[i] - input2[i]), 0.0)
    return _mean(s, input1.size, size_average)


@jit
def margin_ranking_update_grad_input(input1, input2, target, margin, size_average, grad_input1, grad_input2):
    """(-y, y) where margin - y (x1 - x2) >= 0 (the kink included, as Torch7), else 0."""
    g = _scale(input1.size, size_average)
    for i in range(input1.size):
        y = target[i]
        if margin - y * (input1[i] - input2[i]) >= 0:
            grad_input1[i] = -g * y
            grad_input2[i] = g * y
        else:
            grad_input1[i] = 0.0
            grad_input2[i] = 0.0


@jit
def distance_ratio_update_output(close, far, rows, size_average):
    """sum X + log(exp(-X) + exp(-Y)) = sum log(1 + exp(X - Y)), divided by `rows` when size_average."""
    s = 0.0
    for i in range(close.size):
        s += _softplus(close[i] - far[i])
    return _mean(s, rows, size_average)


@jit
def distance_ratio_update_grad_input(close, far, rows, size_average, grad_close, grad_far):
    """d/dX = sigmoid(X - Y) = -d/dY."""
    g = _scale(rows, size_average)
    for i in range(close.size):
        p = g * vsigmoid(close[i] - far[i])
        grad_close[i] = p
        grad_far[i] = -p
