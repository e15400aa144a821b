"""Maxout's max over the pieces of each unit: x is (N, pieces, units), as Torch7's View(pieces, units).

The first largest piece wins a tie (Torch7's max keeps the first). Each
sample is one `prange` iteration, writing only its own rows.
"""
from ._config import auto_parallel, prange


@auto_parallel
def maxout_update_output(x, out, indices):
    """out[n, j] = max_p x[n, p, j]; indices[n, j] = the p taken."""
    n_pieces, n_units = x.shape[1], x.shape[2]
    for n in prange(x.shape[0]):
        for j in range(n_units):
            out[n, j] = x[n, 0, j]
            indices[n, j] = 0
        for p in range(1, n_pieces):
            for j in range(n_units):
                v = x[n, p, j]
                if v > out[n, j]:
                    out[n, j] = v
                    indices[n, j] = p


@auto_parallel
def maxout_update_grad_input(grad_output, indices, grad_input):
    """grad_input[n, p, j] = grad_output[n, j] where p = indices[n, j], else 0."""
    n_pieces, n_units = grad_input.shape[1], grad_input.shape[2]
    for n in prange(grad_input.shape[0]):
        for p in range(n_pieces):
            for j in range(n_units):
                grad_input[n, p, j] = 0
        for j in range(n_units):
            grad_input[n, indices[n, j], j] = grad_output[n, j]
