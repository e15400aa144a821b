"""`NCEModule`: dpnn's NCEModule, the output layer of noise-contrastive estimation."""
import math

import numpy as np

from ...random import get_rng
from .._checks import check_float_input
from ..module import Module


class NCEModule(Module):
    """Scores the target and k noise words drawn from a unigram distribution (Mnih & Teh's NCE).

    Args:
        input_size: features of the (N, I) input.
        output_size: vocabulary size V.
        k: noise samples per batch (shared by the batch rows: dpnn's batchnoise).
        unigrams: (V,) word counts or frequencies; normalised to the noise distribution P_n.
        Z: the normalisation constant of the unnormalised model exp(x w_j + b_j) / Z;
            None or <= 0 (dpnn's default -1): set at the first training
            forward to mean(exp(scores of the noise words)) * V, then kept.

    Training forward, input the table [x (N, I), target (N,) 0-based ids]:
    the table [P_m(target) (N,), P_m(noise) (N, k), P_n(target) (N,), P_n(noise)
    (N, k)] for NCECriterion. In evaluate mode with `normalized = True` (as
    dpnn's flag) it outputs the full softmax over the vocabulary, its log with
    `logsoftmax = True` (N, V), for perplexities. Parameters `weight` (V, I)
    and `bias` (V) as a Linear's; bias initialised to -log(V).

    Shape:
        [(N, I), (N,)] -> [(N,), (N, k), (N,), (N, k)]; normalized evaluation -> (N, V).
    """

    transient_attributes = ("_cache",)

    def __init__(self, input_size: int, output_size: int, k: int, unigrams: np.ndarray, Z: float | None = None):
        super().__init__()
        self.input_size, self.output_size, self.k = int(input_size), int(output_size), int(k)
        if self.k < 1:
            raise ValueError(f"NCEModule: k (noise samples) must be >= 1, got {k}")
        unigrams = np.asarray(unigrams, dtype=np.float64)
        if unigrams.shape != (self.output_size,) or (unigrams < 0).any() or unigrams.sum() <= 0:
            raise ValueError(f"NCEModule: unigrams must be ({self.output_size},) non-negative counts with a positive "
                             f"sum, got shape {unigrams.shape}")
        self.unigrams = unigrams / unigrams.sum()
        self.Z = -1.0 if Z is None else float(Z)
        self.normalized = False
        self.logsoftmax = False
        self.register_parameter("weight", np.zeros((self.output_size, self.input_size)))
        self.register_parameter("bias", np.zeros(self.output_size))
        self.reset()

    def reset(self, stdv=None):
        """dpnn's: weight U(-1/sqrt(I), 1/sqrt(I)) and bias -log(V); with stdv, both U(-stdv, stdv)."""
        rng = get_rng()
        s = 1.0 / math.sqrt(self.input_size) if stdv is None else stdv
        self.weight[...] = rng.uniform(-s, s, self.weight.shape)
        if stdv is None:
            self.bias.fill(-math.log(self.output_size))
        else:
            self.bias[...] = rng.uniform(-s, s, self.bias.shape)
        return self

    def _check(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{self!r}: expected the table [input (N, {self.input_size}), target (N,)]")
        x, target = input
        check_float_input(self, x, (2,), self.input_size)
        target = np.asarray(target)
        if target.shape != x.shape[:1] or target.dtype.kind not in "iu":
            raise ValueError(f"{self!r}: target must be (N,) = {x.shape[:1]} integer ids, got {target.dtype} "
                             f"{target.shape}")
        if target.size and (target.min() < 0 or target.max() >= self.output_size):
            raise ValueError(f"{self!r}: target ids must be in [0, {self.output_size}) (0-based)")
        return x, target

    def noise_sample(self, k):
        """k ids drawn from the unigram noise distribution."""
        cdf = np.cumsum(self.unigrams)
        return np.minimum(np.searchsorted(cdf, get_rng().random(k) * cdf[-1], side="right"), self.output_size - 1)

    def update_output(self, input):
        if not self.train and self.normalized:
            x = np.asarray(input[0] if isinstance(input, (list, tuple)) else input)
            check_float_input(self, x, (2,), self.input_size)
            scores = x @ self.weight.T + self.bias
            scores -= scores.max(axis=1, keepdims=True)
            log_z = np.log(np.exp(scores).sum(axis=1, keepdims=True))
            self.output = (scores - log_z) if self.logsoftmax else np.exp(scores - log_z)
            self._cache = None
            return self.output
        x, target = self._check(input)
        noise = self.noise_sample(self.k)
        w_t, w_s = self.weight[target], self.weight[noise]
        p_mt = np.exp(np.einsum("ni,ni->n", x, w_t) + self.bias[target])
        p_ms = np.exp(x @ w_s.T + self.bias[noise])
        if self.Z <= 0:
            self.Z = float(p_ms.mean() * self.output_size)
        z = self.dtype.type(1.0 / self.Z)
        p_mt *= z
        p_ms *= z
        p_nt = self.unigrams[target].astype(self.dtype)
        p_ns = np.broadcast_to(self.unigrams[noise].astype(self.dtype), p_ms.shape).copy()
        self._cache = (target, noise, p_mt, p_ms)
        self.output = [p_mt, p_ms, p_nt, p_ns]
        return self.output

    def _grads(self, input, grad_output):
        if self._cache is None:
            raise ValueError(f"{self!r}: backward needs a training forward first (normalized evaluation has no "
                             f"backward)")
        target, noise, p_mt, p_ms = self._cache
        g_t = np.asarray(grad_output[0]) * p_mt  # gradients w.r.t. the scores (dP/ds = P)
        g_s = np.asarray(grad_output[1]) * p_ms
        return target, noise, g_t, g_s

    def update_grad_input(self, input, grad_output):
        x = np.asarray(input[0])
        target, noise, g_t, g_s = self._grads(input, grad_output)
        gx = g_t[:, None] * self.weight[target] + g_s @ self.weight[noise]
        self.grad_input = [gx, np.zeros(target.shape, dtype=self.dtype)]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x = np.asarray(input[0])
        target, noise, g_t, g_s = self._grads(input, grad_output)
        s = self.dtype.type(scale)
        np.add.at(self.grad_weight, target, s * g_t[:, None] * x)
        np.add.at(self.grad_weight, noise, s * (g_s.T @ x))
        np.add.at(self.grad_bias, target, s * g_t)
        np.add.at(self.grad_bias, noise, s * g_s.sum(axis=0))

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}, k={self.k}"
