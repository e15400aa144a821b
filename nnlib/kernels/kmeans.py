"""Online hard k-means (Torch7's nn.Kmeans): nearest-centre assignment and the centre update.

Distances are computed directly, sum_d (x_d - c_d)^2, as Torch7's; the
nearest centre is the first of equal ones. Assignment splits the samples
across threads (each writes its own entries); the update runs in sample
order, so sums do not depend on the thread count.
"""
import numpy as np

from ._config import auto_parallel, jit, prange


@auto_parallel
def kmeans_update_output(x, centres, assignment, distance):
    """assignment[n] = argmin_c ||x[n] - centres[c]||^2 and distance[n] that minimum."""
    k, dim = centres.shape
    for n in prange(x.shape[0]):
        best, best_c = np.inf, 0
        for c in range(k):
            d2 = 0.0
            for j in range(dim):
                t = x[n, j] - centres[c, j]
                d2 += t * t
            if d2 < best:
                best, best_c = d2, c
        assignment[n] = best_c
        distance[n] = best


@jit
def kmeans_acc_grad_parameters(x, centres, assignment, scale, counts, grad_centres):
    """counts[c] = samples assigned to c; grad_centres[c] += -scale * mean over them of (x - centres[c]).

    With that sign a gradient-descent step of rate 1 moves each centre
    `scale` of the way to the mean of its samples (Torch7's rule; counts
    get 1e-7 against division by zero).
    """
    k, dim = centres.shape
    step = np.zeros((k, dim), dtype=grad_centres.dtype)
    counts[:] = 0
    for n in range(x.shape[0]):
        c = assignment[n]
        counts[c] += 1
        for j in range(dim):
            step[c, j] += x[n, j] - centres[c, j]
    for c in range(k):
        f = -scale / (counts[c] + 1e-7)
        for j in range(dim):
            grad_centres[c, j] += f * step[c, j]
