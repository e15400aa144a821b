"""Batch normalisation on a (N, C, M) layout: N samples, C channels, M positions.

A (N, C) batch is (N, C, 1); a (N, C, H, W) image batch is (N, C, H*W). Each
channel's statistics run over N*M values, accumulated in float64.

Arrays must be C-contiguous. Work is split into blocks of channels of about
`ROW_BLOCK` values of one sample (many channels when M is small, one channel
when M is large), so inner loops run over contiguous memory for any M. The
blocks run on numba's threads (`prange`) or in a serial loop, as the caller
says (`parallel`): `parallel_pays` gives the measured choice, made once per
geometry by `nnlib.plans.BatchNormPlan`. The blocks depend only on the shape,
so results are bitwise identical on either path and for any thread count
(block boundaries matter). The kernels are exact (no fastmath): the block helpers are
inlined into the serial and the parallel kernel, and with fastmath LLVM contracted
and vectorised the two copies differently (1 ulp apart).

`save_mean` / `save_invstd` (shape (C,)) carry the statistics from the
forward pass to the backward kernels: the batch's in training, the running
ones in evaluation. `weight` and `bias` may be None (affine=False).
"""
import math
from functools import partial

import numpy as np

from ._choices import choice
from ._config import jit_exact, jit_inline, pjit, prange

ROW_BLOCK = 256
PARALLEL_MIN_VALUES = choice("batch_norm", "parallel_min_values")


# The helpers below work on a block of channels [f0, f1) of C-contiguous (N, C*M)
# views, channel f in columns [f*M, (f+1)*M). They index 1-D row slices from 0,
# which lets numba drop negative-index checks and vectorise the inner loops.

@jit_inline
def _sums(x, m, f0, f1, out):
    """out[f] = sum over (i, j) of x[i, f, j], for f in [f0, f1)."""
    acc = out[f0:f1]
    acc[:] = 0.0
    for i in range(x.shape[0]):
        if m == 1:
            xi = x[i, f0:f1]
            for k in range(f1 - f0):
                acc[k] += xi[k]
        else:
            for k in range(f1 - f0):
                xi = x[i, (f0 + k) * m:(f0 + k + 1) * m]
                s = 0.0
                for j in range(m):
                    s += xi[j]
                acc[k] += s


@jit_inline
def _centered_squares(x, m, mean, f0, f1, out):
    """out[f] = sum over (i, j) of (x[i, f, j] - mean[f])^2."""
    acc = out[f0:f1]
    mu = mean[f0:f1]
    acc[:] = 0.0
    for i in range(x.shape[0]):
        if m == 1:
            xi = x[i, f0:f1]
            for k in range(f1 - f0):
                d = xi[k] - mu[k]
                acc[k] += d * d
        else:
            for k in range(f1 - f0):
                xi = x[i, (f0 + k) * m:(f0 + k + 1) * m]
                mk = mu[k]
                s = 0.0
                for j in range(m):
                    d = xi[j] - mk
                    s += d * d
                acc[k] += s


@jit_inline
def _grad_sums(x, gy, m, mean, f0, f1, sum_gy, dotp):
    """sum_gy[f] = sum of gy[:, f, :]; dotp[f] = sum of (x[:, f, :] - mean[f]) * gy[:, f, :]."""
    sg = sum_gy[f0:f1]
    dp = dotp[f0:f1]
    mu = mean[f0:f1]
    sg[:] = 0.0
    dp[:] = 0.0
    for i in range(x.shape[0]):
        if m == 1:
            xi = x[i, f0:f1]
            gi = gy[i, f0:f1]
            for k in range(f1 - f0):
                sg[k] += gi[k]
                dp[k] += (xi[k] - mu[k]) * gi[k]
        else:
            for k in range(f1 - f0):
                xi = x[i, (f0 + k) * m:(f0 + k + 1) * m]
                gi = gy[i, (f0 + k) * m:(f0 + k + 1) * m]
                mk = mu[k]
                s = 0.0
                d = 0.0
                for j in range(m):
                    s += gi[j]
                    d += (xi[j] - mk) * gi[j]
                sg[k] += s
                dp[k] += d


@jit_inline
def _normalize(x, m, mean, scale, shift, f0, f1, out):
    """out[i, f, j] = (x[i, f, j] - mean[f]) * scale[f] + shift[f]."""
    mu = mean[f0:f1]
    sc = scale[f0:f1]
    sh = shift[f0:f1]
    for i in range(x.shape[0]):
        if m == 1:
            xi = x[i, f0:f1]
            oi = out[i, f0:f1]
            for k in range(f1 - f0):
                oi[k] = (xi[k] - mu[k]) * sc[k] + sh[k]
        else:
            for k in range(f1 - f0):
                xi = x[i, (f0 + k) * m:(f0 + k + 1) * m]
                oi = out[i, (f0 + k) * m:(f0 + k + 1) * m]
                mk, sk, bk = mu[k], sc[k], sh[k]
                for j in range(m):
                    oi[j] = (xi[j] - mk) * sk + bk


@jit_inline
def _train_grad(x, gy, m, mean, k_proj, grad_mean, scale, f0, f1, out):
    """out[i, f, j] = (gy[i, f, j] - grad_mean[f] - (x[i, f, j] - mean[f]) * k_proj[f]) * scale[f]."""
    mu = mean[f0:f1]
    kp = k_proj[f0:f1]
    gm = grad_mean[f0:f1]
    sc = scale[f0:f1]
    for i in range(x.shape[0]):
        if m == 1:
            xi = x[i, f0:f1]
            gi = gy[i, f0:f1]
            oi = out[i, f0:f1]
            for k in range(f1 - f0):
                oi[k] = (gi[k] - gm[k] - (xi[k] - mu[k]) * kp[k]) * sc[k]
        else:
            for k in range(f1 - f0):
                xi = x[i, (f0 + k) * m:(f0 + k + 1) * m]
                gi = gy[i, (f0 + k) * m:(f0 + k + 1) * m]
                oi = out[i, (f0 + k) * m:(f0 + k + 1) * m]
                mk, kk, gk, sk = mu[k], kp[k], gm[k], sc[k]
                for j in range(m):
                    oi[j] = (gi[j] - gk - (xi[j] - mk) * kk) * sk


@jit_inline
def _update_output_block(x, y, m, weight, bias, running_mean, running_var, save_mean, save_invstd,
                         train, momentum, eps, scratch, f0, f1):
    count = x.shape[0] * m
    mean, work, scale, shift = scratch[0], scratch[1], scratch[2], scratch[3]
    if train:
        _sums(x, m, f0, f1, work)
        for f in range(f0, f1):
            mean[f] = work[f] / count
        _centered_squares(x, m, mean, f0, f1, work)
        for f in range(f0, f1):
            scale[f] = 1.0 / math.sqrt(work[f] / count + eps)
            running_mean[f] = momentum * mean[f] + (1.0 - momentum) * running_mean[f]
            running_var[f] = momentum * (work[f] / (count - 1)) + (1.0 - momentum) * running_var[f]
    else:
        for f in range(f0, f1):
            mean[f] = running_mean[f]
            scale[f] = 1.0 / math.sqrt(running_var[f] + eps)
    for f in range(f0, f1):
        save_mean[f] = mean[f]
        save_invstd[f] = scale[f]
        if weight is not None:
            scale[f] *= weight[f]
        shift[f] = 0.0
        if bias is not None:
            shift[f] = bias[f]
    _normalize(x, m, mean, scale, shift, f0, f1, y)


@partial(pjit, exact=True)
def _update_output_parallel(x, y, m, weight, bias, running_mean, running_var, save_mean, save_invstd,
                            train, momentum, eps, scratch, size):
    c = save_mean.shape[0]
    for b in prange((c + size - 1) // size):
        _update_output_block(x, y, m, weight, bias, running_mean, running_var, save_mean, save_invstd,
                             train, momentum, eps, scratch, b * size, min(c, (b + 1) * size))


@jit_exact
def _update_output_serial(x, y, m, weight, bias, running_mean, running_var, save_mean, save_invstd,
                          train, momentum, eps, scratch, size):
    c = save_mean.shape[0]
    for b in range((c + size - 1) // size):
        _update_output_block(x, y, m, weight, bias, running_mean, running_var, save_mean, save_invstd,
                             train, momentum, eps, scratch, b * size, min(c, (b + 1) * size))


@jit_inline
def _update_grad_input_block(x, gy, gx, m, weight, save_mean, save_invstd, train, scratch, f0, f1):
    count = x.shape[0] * m
    mean, sum_gy, dotp, scale, zeros = scratch[0], scratch[1], scratch[2], scratch[3], scratch[4]
    for f in range(f0, f1):
        mean[f] = save_mean[f]
        scale[f] = save_invstd[f]
        if weight is not None:
            scale[f] *= weight[f]
        zeros[f] = 0.0
    if train:
        _grad_sums(x, gy, m, mean, f0, f1, sum_gy, dotp)
        for f in range(f0, f1):
            invstd = save_invstd[f]
            dotp[f] = dotp[f] * invstd * invstd / count
            sum_gy[f] /= count
        _train_grad(x, gy, m, mean, dotp, sum_gy, scale, f0, f1, gx)
    else:
        _normalize(gy, m, zeros, scale, zeros, f0, f1, gx)


@partial(pjit, exact=True)
def _update_grad_input_parallel(x, gy, gx, m, weight, save_mean, save_invstd, train, scratch, size):
    c = save_mean.shape[0]
    for b in prange((c + size - 1) // size):
        _update_grad_input_block(x, gy, gx, m, weight, save_mean, save_invstd, train, scratch,
                                 b * size, min(c, (b + 1) * size))


@jit_exact
def _update_grad_input_serial(x, gy, gx, m, weight, save_mean, save_invstd, train, scratch, size):
    c = save_mean.shape[0]
    for b in range((c + size - 1) // size):
        _update_grad_input_block(x, gy, gx, m, weight, save_mean, save_invstd, train, scratch,
                                 b * size, min(c, (b + 1) * size))


@jit_inline
def _acc_grad_parameters_block(x, gy, m, grad_weight, grad_bias, save_mean, save_invstd, scale, scratch, f0, f1):
    mean, sum_gy, dotp = scratch[0], scratch[1], scratch[2]
    for f in range(f0, f1):
        mean[f] = save_mean[f]
    _grad_sums(x, gy, m, mean, f0, f1, sum_gy, dotp)
    for f in range(f0, f1):
        if grad_weight is not None:
            grad_weight[f] += scale * dotp[f] * save_invstd[f]
        if grad_bias is not None:
            grad_bias[f] += scale * sum_gy[f]


@partial(pjit, exact=True)
def _acc_grad_parameters_parallel(x, gy, m, grad_weight, grad_bias, save_mean, save_invstd, scale, scratch, size):
    c = save_mean.shape[0]
    for b in prange((c + size - 1) // size):
        _acc_grad_parameters_block(x, gy, m, grad_weight, grad_bias, save_mean, save_invstd, scale, scratch,
                                   b * size, min(c, (b + 1) * size))


@jit_exact
def _acc_grad_parameters_serial(x, gy, m, grad_weight, grad_bias, save_mean, save_invstd, scale, scratch, size):
    c = save_mean.shape[0]
    for b in range((c + size - 1) // size):
        _acc_grad_parameters_block(x, gy, m, grad_weight, grad_bias, save_mean, save_invstd, scale, scratch,
                                   b * size, min(c, (b + 1) * size))


def _rows(a, name):
    """The (N, C*M) view of a C-contiguous (N, C, M) array."""
    if a.ndim != 3 or not a.flags.c_contiguous:
        raise ValueError(f"batch_norm kernels: {name} must be a C-contiguous (N, C, M) array, got shape {a.shape}")
    return a.reshape(a.shape[0], -1)


def channel_block(shape):
    """Channels per block of a (N, C, M) shape: about ROW_BLOCK values of one sample."""
    n, c, m = shape
    return max(1, min(c, ROW_BLOCK // m))


def parallel_pays(shape):
    """Whether the channel blocks of a (N, C, M) input run on numba's threads: at least
    PARALLEL_MIN_VALUES values, and more than one block."""
    n, c, m = shape
    return n * c * m >= PARALLEL_MIN_VALUES and channel_block(shape) < c


SCRATCH_ROWS = 5
"""Rows of the (SCRATCH_ROWS, C) float64 scratch every pass takes (per-channel sums and factors)."""


def batch_norm_update_output(input, output, weight, bias, running_mean, running_var,
                             save_mean, save_invstd, train, momentum, eps, scratch, parallel):
    """output = (input - mean) * invstd * weight + bias, per channel.

    In training the batch mean and biased variance normalise, and the running
    averages move towards the batch mean and the UNBIASED batch variance
    (Torch7): running = (1 - momentum) * running + momentum * batch.
    `scratch` is float64 (SCRATCH_ROWS, C); `parallel` runs the channel blocks on threads.
    """
    m = input.shape[2]
    x, y = _rows(input, "input"), _rows(output, "output")
    args = (x, y, m, weight, bias, running_mean, running_var, save_mean, save_invstd, train, momentum, eps, scratch)
    (_update_output_parallel if parallel else _update_output_serial)(*args, channel_block(input.shape))


def batch_norm_update_grad_input(input, grad_output, grad_input, weight, save_mean, save_invstd, train, scratch,
                                 parallel):
    """Gradient w.r.t. the input.

    In training the statistics depend on the input:
    gx = (gy - mean(gy) - (x - mean) * invstd^2 * mean((x - mean) * gy)) * invstd * w;
    in evaluation they are constants: gx = gy * invstd * w.
    """
    m = input.shape[2]
    args = (_rows(input, "input"), _rows(grad_output, "grad_output"), _rows(grad_input, "grad_input"), m,
            weight, save_mean, save_invstd, train, scratch)
    (_update_grad_input_parallel if parallel else _update_grad_input_serial)(*args, channel_block(input.shape))


def batch_norm_acc_grad_parameters(input, grad_output, grad_weight, grad_bias, save_mean, save_invstd, scale,
                                   scratch, parallel):
    """grad_weight += scale * sum(gy * x_hat); grad_bias += scale * sum(gy), per channel."""
    m = input.shape[2]
    args = (_rows(input, "input"), _rows(grad_output, "grad_output"), m, grad_weight, grad_bias,
            save_mean, save_invstd, float(scale), scratch)
    (_acc_grad_parameters_parallel if parallel else _acc_grad_parameters_serial)(*args, channel_block(input.shape))
