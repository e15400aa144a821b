"""`Kmeans`: an online (hard) k-means layer whose weight rows are the centres."""
import math

import numpy as np

from ...kernels import kmeans as K
from ...random import get_rng
from .._checks import check_float_input, describe
from ..module import Module


class Kmeans(Module):
    """Assigns each sample to its nearest centre; a backward + SGD step moves the centres (Torch7's rule).

    The output is the 0-based index of the nearest centre per sample, and
    `loss` the summed squared distance to it. The input has no gradient
    (zeros). `acc_grad_parameters` adds -scale * mean(x - c) over each
    centre's samples to `grad_weight`, so `update_parameters(1)` moves every
    centre `scale` of the way to the mean of its samples;
    `cluster_sample_count` holds the counts of the last batch.

    Args:
        k: number of centres.
        dim: features per sample.
        scale: the update's scale; when set it overrides the one passed to
            `backward` (Torch7's).

    Shape:
        input (N, dim); output (N,) int64. `weight` is (k, dim).
    """

    def __init__(self, k: int, dim: int, scale: float | None = None):
        super().__init__()
        self.k, self.dim = int(k), int(dim)
        if self.k < 1 or self.dim < 1:
            raise ValueError(f"Kmeans: k and dim must be positive, got {self.k}, {self.dim}")
        self.scale = scale
        self.loss = 0.0
        self.register_parameter("weight", np.zeros((self.k, self.dim)))
        self.register_buffer("cluster_sample_count", np.zeros(self.k))
        self.reset()

    def reset(self, stdev=None):
        """Centres U(-stdev, stdev), stdev 1 by default (Torch7)."""
        stdev = 1.0 if stdev is None else stdev
        self.weight[...] = get_rng().uniform(-stdev, stdev, self.weight.shape)
        return self

    def _check(self, input):
        check_float_input(self, input, (2,), self.dim)

    def init_random(self, input):
        """Centres set to k samples of `input` drawn at random (with replacement, as Torch7's)."""
        self._check(input)
        if input.shape[0] < self.k:
            raise ValueError(f"{describe(self)}: init_random needs at least {self.k} samples, got {input.shape[0]}")
        self.weight[...] = input[get_rng().integers(0, input.shape[0], self.k)]
        return self

    def init_kmeans_plus(self, input, p=None):
        """Torch7's k-means++ variant: the first centre a random sample; each next one drawn at random
        among the ceil((1 - p) N) samples farthest from the centres chosen so far (p = 0.95)."""
        self._check(input)
        self.p = getattr(self, "p", 0.95) if p is None else float(p)
        if not 0 <= self.p <= 1:
            raise ValueError(f"{describe(self)}: p must be in [0, 1], got {self.p}")
        rng, n = get_rng(), input.shape[0]
        pcount = max(1, math.ceil((1 - self.p) * n))
        self.weight[0] = input[rng.integers(n)]
        nearest = np.full(n, np.inf)
        for c in range(1, self.k):
            diff = input - self.weight[c - 1]
            nearest = np.minimum(nearest, np.einsum("nd,nd->n", diff, diff))
            farthest = np.argsort(-nearest, kind="stable")
            self.weight[c] = input[farthest[rng.integers(pcount)]]
        return self

    def update_output(self, input):
        self._check(input)
        x = np.ascontiguousarray(input)
        self._assignment = self._buffer("_assign", (x.shape[0],), np.int64)
        distance = self._buffer("_distance", (x.shape[0],))
        K.kmeans_update_output(x, self.weight, self._assignment, distance)
        self.loss = float(distance.sum())
        self.output = self._assignment
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self._buffer("_gx", input.shape)
        self.grad_input.fill(0)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        scale = self.scale if self.scale is not None else scale
        if not scale > 0:
            raise ValueError(f"{describe(self)}: the update scale must be positive, got {scale}")
        K.kmeans_acc_grad_parameters(np.ascontiguousarray(input), self.weight, self._assignment,
                                     self.dtype.type(scale), self.cluster_sample_count, self.grad_weight)

    def extra_repr(self):
        return f"{self.k}, {self.dim}"
