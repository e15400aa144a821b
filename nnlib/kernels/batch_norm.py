"""Batch normalisation on a (N, C, M) layout: N samples, C channels, M positions.

A (N, C) batch is (N, C, 1); a (N, C, H, W) image batch is (N, C, H*W). Each
channel's statistics run over N*M values. `prange` runs over channels, and
every iteration writes only its own channel, so results are deterministic.
`save_mean` / `save_invstd` (shape (C,)) carry the statistics from the forward
pass to the backward kernels: the batch's in training, the running ones in
evaluation. `weight` and `bias` may be None (affine=False).
"""
import math

from ._config import pjit, prange


@pjit
def batch_norm_update_output(input, output, weight, bias, running_mean, running_var,
                             save_mean, save_invstd, train, momentum, eps):
    """output = (input - mean) * invstd * weight + bias, per channel.

    In training the batch mean and biased variance normalise, and the running
    averages move towards the batch mean and the UNBIASED batch variance
    (Torch7): running = (1 - momentum) * running + momentum * batch.
    """
    n, c, m = input.shape
    count = n * m
    for f in prange(c):
        if train:
            s = 0.0
            for i in range(n):
                for j in range(m):
                    s += input[i, f, j]
            mean = s / count
            ss = 0.0
            for i in range(n):
                for j in range(m):
                    d = input[i, f, j] - mean
                    ss += d * d
            invstd = 1.0 / math.sqrt(ss / count + eps)
            running_mean[f] = momentum * mean + (1.0 - momentum) * running_mean[f]
            running_var[f] = momentum * (ss / (count - 1)) + (1.0 - momentum) * running_var[f]
        else:
            mean = running_mean[f]
            invstd = 1.0 / math.sqrt(running_var[f] + eps)
        save_mean[f] = mean
        save_invstd[f] = invstd
        w = 1.0
        if weight is not None:
            w = weight[f]
        b = 0.0
        if bias is not None:
            b = bias[f]
        k = invstd * w
        for i in range(n):
            for j in range(m):
                output[i, f, j] = (input[i, f, j] - mean) * k + b


@pjit
def batch_norm_update_grad_input(input, grad_output, grad_input, weight, save_mean, save_invstd, train):
    """Gradient w.r.t. the input.

    In training the statistics depend on the input:
    gx = (gy - mean(gy) - (x - mean) * invstd^2 * mean((x - mean) * gy)) * invstd * w;
    in evaluation they are constants: gx = gy * invstd * w.
    """
    n, c, m = input.shape
    count = n * m
    for f in prange(c):
        mean = save_mean[f]
        invstd = save_invstd[f]
        w = 1.0
        if weight is not None:
            w = weight[f]
        if train:
            sum_gy = 0.0
            dotp = 0.0
            for i in range(n):
                for j in range(m):
                    gy = grad_output[i, f, j]
                    sum_gy += gy
                    dotp += (input[i, f, j] - mean) * gy
            k = dotp * invstd * invstd / count
            grad_mean = sum_gy / count
            for i in range(n):
                for j in range(m):
                    grad_input[i, f, j] = (grad_output[i, f, j] - grad_mean - (input[i, f, j] - mean) * k) * invstd * w
        else:
            k = invstd * w
            for i in range(n):
                for j in range(m):
                    grad_input[i, f, j] = grad_output[i, f, j] * k


@pjit
def batch_norm_acc_grad_parameters(input, grad_output, grad_weight, grad_bias, save_mean, save_invstd, scale):
    """grad_weight += scale * sum(gy * x_hat); grad_bias += scale * sum(gy), per channel."""
    n, c, m = input.shape
    for f in prange(c):
        mean = save_mean[f]
        sum_gy = 0.0
        dotp = 0.0
        for i in range(n):
            for j in range(m):
                gy = grad_output[i, f, j]
                sum_gy += gy
                dotp += (input[i, f, j] - mean) * gy
        if grad_weight is not None:
            grad_weight[f] += scale * dotp * save_invstd[f]
        if grad_bias is not None:
            grad_bias[f] += scale * sum_gy
