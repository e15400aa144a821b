"""Cosine-similarity embedding loss on (N, D) row pairs, as torch/nn's CosineEmbeddingCriterion.

cos_i = <a_i, b_i> / sqrt((|a_i|^2 + eps) (|b_i|^2 + eps)); the loss of row i is
1 - cos_i for a similar pair (y = 1) and max(0, cos_i - margin) for a dissimilar
one (y = -1). Sums in float64; the gradient kernel writes every element.
"""
import math

from ._config import jit, jit_inline

EPS = 1e-12


@jit_inline
def _row_terms(a, b, i):
    """(<a_i, b_i>, |a_i|^2 + eps, |b_i|^2 + eps)."""
    dot = 0.0
    m1 = EPS
    m2 = EPS
    for j in range(a.shape[1]):
        dot += a[i, j] * b[i, j]
        m1 += a[i, j] * a[i, j]
        m2 += b[i, j] * b[i, j]
    return dot, m1, m2


@jit_inline
def _row_loss(cos, y, margin):
    return 1.0 - cos if y == 1 else max(cos - margin, 0.0)


@jit
def cosine_embedding_update_output(input1, input2, target, margin, size_average):
    n = input1.shape[0]
    s = 0.0
    for i in range(n):
        dot, m1, m2 = _row_terms(input1, input2, i)
        s += _row_loss(dot / math.sqrt(m1 * m2), target[i], margin)
    return s / n if size_average and n > 0 else s


@jit
def cosine_embedding_update_grad_input(input1, input2, target, margin, size_average, grad_input1, grad_input2):
    """d cos / d a = (b - <a, b> / (|a|^2 + eps) a) / sqrt(...), negated for y = 1; 0 where the row's loss is <= 0."""
    n, d = input1.shape
    g = 1.0 / n if size_average and n > 0 else 1.0
    for i in range(n):
        dot, m1, m2 = _row_terms(input1, input2, i)
        inv = 1.0 / math.sqrt(m1 * m2)
        y = target[i]
        if _row_loss(dot * inv, y, margin) <= 0:
            grad_input1[i, :] = 0.0
            grad_input2[i, :] = 0.0
            continue
        k = -g * inv if y == 1 else g * inv
        for j in range(d):
            a = input1[i, j]
            b = input2[i, j]
            grad_input1[i, j] = k * (b - dot / m1 * a)
            grad_input2[i, j] = k * (a - dot / m2 * b)
