"""Per-feature 1-D convolution (Torch7's TemporalRowConvolution; TemporalSubSampling is its tied-kernel case).

Arrays are indexed [sequence, feature, frame]: a batch-first (N, T, F)
sequence is passed as its transposed view, so one set of kernels serves
both layouts (numba compiles one version per layout). Each feature f has
its own kW taps w[f] and bias b[f]:

    out[n, f, t] = b[f] + sum_k w[f, k] * x[n, f, t*dW + k]

A weight with stride 0 along k (np.broadcast_to) is one tap value per
feature, TemporalSubSampling's weight. Forward and grad-input run in
parallel over (sequence, feature) rows, the parameter gradients over
features; each output value is written by one thread.
"""
from ._config import pjit, prange, zero_of


@pjit
def temporal_row_convolution_update_output(x, weight, bias, dW, out):
    """out[n, f, t] = bias[f] + sum_k weight[f, k] * x[n, f, t*dW + k]; x (N, F, T), weight (F, kW), out (N, F, oT)."""
    n_seq, F, oT = out.shape
    kW = weight.shape[1]
    for r in prange(n_seq * F):
        n = r // F
        f = r % F
        for t in range(oT):
            s = bias[f]
            for k in range(kW):
                s += weight[f, k] * x[n, f, t * dW + k]
            out[n, f, t] = s


@pjit
def temporal_row_convolution_update_grad_input(grad_output, weight, dW, grad_input):
    """grad_input[n, f, t*dW + k] += weight[f, k] * grad_output[n, f, t] over all t, k (grad_input overwritten)."""
    n_seq, F, oT = grad_output.shape
    T = grad_input.shape[2]
    kW = weight.shape[1]
    for r in prange(n_seq * F):
        n = r // F
        f = r % F
        for p in range(T):
            grad_input[n, f, p] = 0.0
        for t in range(oT):
            g = grad_output[n, f, t]
            for k in range(kW):
                grad_input[n, f, t * dW + k] += weight[f, k] * g


@pjit
def temporal_row_convolution_acc_grad_parameters(x, grad_output, dW, grad_weight, grad_bias, scale):
    """grad_weight[f, k] += scale * sum_{n,t} grad_output[n, f, t] * x[n, f, t*dW + k]; grad_bias[f] += scale * sums."""
    n_seq, F, oT = grad_output.shape
    kW = grad_weight.shape[1]
    for f in prange(F):
        for k in range(kW):
            s = zero_of(grad_weight)
            for n in range(n_seq):
                for t in range(oT):
                    s += grad_output[n, f, t] * x[n, f, t * dW + k]
            grad_weight[f, k] += scale * s
        s = zero_of(grad_bias)
        for n in range(n_seq):
            for t in range(oT):
                s += grad_output[n, f, t]
        grad_bias[f] += scale * s
