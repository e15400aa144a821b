"""Distances of samples to templates (Torch7's Euclidean and WeightedEuclidean forward).

Computed directly as sqrt(sum_i (c_ij (x_i - w_ij))^2), not through the
|x|^2 - 2 x.w + |w|^2 GEMM expansion, whose cancellation loses the small
distances the backward pass divides by. `weight` and `diag_cov` are
(in, out), Torch7's layout, so the inner loop runs along a row of templates.
Each sample's row of `out` is written by one `prange` iteration. The backward
passes are GEMMs (see nn/linear/euclidean.py).
"""
import math

import numpy as np

from ._config import auto_parallel, prange


@auto_parallel
def euclidean_update_output(x, weight, out):
    """out[n, j] = || x[n, :] - weight[:, j] || for x (N, in), weight (in, out), out (N, out)."""
    n_in, n_out = weight.shape
    for n in prange(x.shape[0]):
        acc = np.zeros(n_out, dtype=out.dtype)
        for i in range(n_in):
            v = x[n, i]
            for j in range(n_out):
                d = v - weight[i, j]
                acc[j] += d * d
        for j in range(n_out):
            out[n, j] = math.sqrt(acc[j])


@auto_parallel
def weighted_euclidean_update_output(x, weight, diag_cov, out):
    """out[n, j] = || diag_cov[:, j] * (x[n, :] - weight[:, j]) ||, all (in, out) but x (N, in) and out (N, out)."""
    n_in, n_out = weight.shape
    for n in prange(x.shape[0]):
        acc = np.zeros(n_out, dtype=out.dtype)
        for i in range(n_in):
            v = x[n, i]
            for j in range(n_out):
                d = diag_cov[i, j] * (v - weight[i, j])
                acc[j] += d * d
        for j in range(n_out):
            out[n, j] = math.sqrt(acc[j])
