"""Torch7's element-wise transfer functions beyond (leaky) ReLU, tanh and sigmoid (THNN's
Threshold, HardTanh, HardShrink, SoftShrink, SoftPlus, SoftSign, LogSigmoid, ELU, TanhShrink,
PReLU, RReLU and GatedLinear), on flat (1-D) arrays unless stated.

Selects are exact wherever an element is computed, so they split across numba's threads on
large arrays (`auto_parallel`); functions with `exp`/`log`/`tanh` use `_vmath`'s (vectorised on
float32) and stay serial, as the gradients in `activation.py` (the arithmetic around them may be
contracted differently in a loop's vector body and its remainder). `out` may be the input
array itself and `grad_input` may be `grad_output` (Torch7's in-place mode): every element is
read before it is written.
"""
from ._config import as_dtype_of, auto_parallel, jit, prange
from ._vmath import vexp, vexpm1, vlog1p, vsigmoid, vtanh


@auto_parallel
def threshold_update_output(x, threshold, value, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = v if v > threshold else value


@auto_parallel
def threshold_update_grad_input(x, threshold, grad_output, grad_input):
    for i in prange(x.size):
        grad_input[i] = grad_output[i] if x[i] > threshold else 0.0


@auto_parallel
def hard_tanh_update_output(x, min_val, max_val, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = min_val if v < min_val else (v if v <= max_val else max_val)


@auto_parallel
def hard_tanh_update_grad_input(x, min_val, max_val, grad_output, grad_input):
    """Zero at and beyond the limits (Torch7: `x <= min or x >= max`)."""
    for i in prange(x.size):
        v = x[i]
        grad_input[i] = 0.0 if (v <= min_val or v >= max_val) else grad_output[i]


@auto_parallel
def hard_shrink_update_output(x, lam, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = v if (v > lam or v < -lam) else 0.0


@auto_parallel
def shrink_update_grad_input(x, lam, grad_output, grad_input):
    """The gradient of both HardShrink and SoftShrink: 1 outside [-lam, lam], else 0."""
    for i in prange(x.size):
        v = x[i]
        grad_input[i] = grad_output[i] if (v > lam or v < -lam) else 0.0


@auto_parallel
def soft_shrink_update_output(x, lam, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = v - lam if v > lam else (v + lam if v < -lam else 0.0)


@jit
def soft_plus_update_output(x, beta, threshold, out):
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (no overflow); beta and
    the threshold in x's precision, as Torch7."""
    beta, threshold = as_dtype_of(x, beta), as_dtype_of(x, threshold)
    for i in range(x.size):
        v = x[i]
        out[i] = v if v * beta > threshold else vlog1p(vexp(v * beta)) / beta


@jit
def soft_plus_update_grad_input(output, beta, threshold, grad_output, grad_input):
    """Through the output, as Torch7: dy/dx = 1 - exp(-beta y)."""
    beta, threshold = as_dtype_of(output, beta), as_dtype_of(output, threshold)
    for i in range(output.size):
        by = output[i] * beta
        grad_input[i] = grad_output[i] if by > threshold else grad_output[i] * -vexpm1(-by)


@auto_parallel
def soft_sign_update_output(x, out):
    for i in prange(x.size):
        v = x[i]
        out[i] = v / (1.0 + abs(v))


@auto_parallel
def soft_sign_update_grad_input(x, grad_output, grad_input):
    for i in prange(x.size):
        d = 1.0 + abs(x[i])
        grad_input[i] = grad_output[i] / (d * d)


@jit
def log_sigmoid_update_output(x, out):
    """log(1 / (1 + exp(-x))), stable for both signs."""
    for i in range(x.size):
        v = x[i]
        out[i] = v - vlog1p(vexp(v)) if v < 0 else -vlog1p(vexp(-v))


@jit
def log_sigmoid_update_grad_input(x, grad_output, grad_input):
    """d/dx log sigmoid(x) = sigmoid(-x) (`vsigmoid` has no overflow)."""
    for i in range(x.size):
        grad_input[i] = grad_output[i] * vsigmoid(-x[i])


@jit
def elu_update_output(x, alpha, out):
    alpha = as_dtype_of(x, alpha)
    for i in range(x.size):
        v = x[i]
        out[i] = vexpm1(v) * alpha if v <= 0 else v


@auto_parallel
def elu_update_grad_input(output, alpha, grad_output, grad_input):
    """Through the output, as Torch7: dy/dx = y + alpha where y <= 0."""
    for i in prange(output.size):
        y = output[i]
        grad_input[i] = grad_output[i] * (y + alpha) if y <= 0 else grad_output[i]


@jit
def tanh_shrink_update_output(x, out):
    for i in range(x.size):
        out[i] = x[i] - vtanh(x[i])


@jit
def tanh_shrink_update_grad_input(x, grad_output, grad_input):
    for i in range(x.size):
        t = vtanh(x[i])
        grad_input[i] = grad_output[i] * t * t


# -- PReLU: arrays viewed as (batch, planes, inner); a shared weight is one plane ------------
@auto_parallel
def prelu_update_output(x, weight, out):
    n, planes, inner = x.shape
    for b in prange(n):
        for j in range(planes):
            w = weight[j]
            for k in range(inner):
                v = x[b, j, k]
                out[b, j, k] = v if v > 0 else w * v


@auto_parallel
def prelu_update_grad_input(x, weight, grad_output, grad_input):
    n, planes, inner = x.shape
    for b in prange(n):
        for j in range(planes):
            w = weight[j]
            for k in range(inner):
                g = grad_output[b, j, k]
                grad_input[b, j, k] = g if x[b, j, k] > 0 else w * g


@auto_parallel
def prelu_acc_grad_parameters(x, grad_output, scale, grad_weight):
    """grad_weight[j] += scale * sum of x * grad_output where x <= 0; one plane per iteration."""
    n, planes, inner = x.shape
    for j in prange(planes):
        s = 0.0
        for b in range(n):
            for k in range(inner):
                v = x[b, j, k]
                if v <= 0:
                    s += v * grad_output[b, j, k]
        grad_weight[j] += scale * s


# -- RReLU ---------------------------------------------------------------------------------
@auto_parallel
def rrelu_train_update_output(x, noise, lower, upper, out):
    """`noise` enters holding U[0, 1) draws and leaves holding each element's slope:
    lower + (upper - lower) u where x <= 0, else 1. out = x * noise."""
    for i in prange(x.size):
        v = x[i]
        r = lower + (upper - lower) * noise[i] if v <= 0 else 1.0
        noise[i] = r
        out[i] = v * r


@auto_parallel
def multiply_update_grad_input(noise, grad_output, grad_input):
    """grad_input = grad_output * noise (RReLU's training backward)."""
    for i in prange(noise.size):
        grad_input[i] = grad_output[i] * noise[i]


# -- GatedLinearUnit: input viewed as (outer, 2, inner), the halves along axis 1 ------------
@jit
def glu_update_output(x, out):
    outer, _, inner = x.shape
    for a in range(outer):
        for k in range(inner):
            out[a, k] = x[a, 0, k] * vsigmoid(x[a, 1, k])


@jit
def glu_update_grad_input(x, grad_output, grad_input):
    outer, _, inner = x.shape
    for a in range(outer):
        for k in range(inner):
            s = vsigmoid(x[a, 1, k])
            g = grad_output[a, k]
            grad_input[a, 0, k] = s * g
            grad_input[a, 1, k] = (1.0 - s) * s * g * x[a, 0, k]


# -- CReLU: (N, D) input, (N, 2D) output [relu(x), relu(-x)] ---------------------------------
@auto_parallel
def crelu_update_output(x, out):
    n, d = x.shape
    for b in prange(n):
        for k in range(d):
            v = x[b, k]
            out[b, k] = v if v > 0 else 0.0
            out[b, d + k] = -v if v < 0 else 0.0


@auto_parallel
def crelu_update_grad_input(x, grad_output, grad_input):
    n, d = x.shape
    for b in prange(n):
        for k in range(d):
            v = x[b, k]
            grad_input[b, k] = grad_output[b, k] if v > 0 else (-grad_output[b, d + k] if v < 0 else 0.0)
