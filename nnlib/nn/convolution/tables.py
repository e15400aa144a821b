"""`nn.tables`: connection tables for SpatialConvolutionMap and SpatialFullConvolutionMap.

A table is an int64 array (connections, 2) of 0-based (input plane, output plane) pairs
(Torch7's are 1-based).
"""
import numpy as np

from ...random import get_rng

__all__ = ["full", "one_to_one", "random"]


def full(n_in: int, n_out: int) -> np.ndarray:
    """Every input plane to every output plane, grouped by output plane (Torch7's order)."""
    o, i = np.meshgrid(np.arange(n_out), np.arange(n_in), indexing="ij")
    return np.stack([i.ravel(), o.ravel()], axis=1).astype(np.int64)


def one_to_one(n_feat: int) -> np.ndarray:
    """Input plane p to output plane p only."""
    return np.repeat(np.arange(n_feat, dtype=np.int64)[:, None], 2, axis=1)


def random(n_in: int, n_out: int, n_to: int) -> np.ndarray:
    """`n_to` distinct random input planes for each output plane (nnlib.random's generator).

    As Torch7's: the inputs are dealt from a random permutation of the
    planes in chunks of `n_to`; when the permutation runs out of whole
    chunks, a new one is drawn.
    """
    if not 1 <= n_to <= n_in:
        raise ValueError(f"nn.tables.random: n_to={n_to} must be in [1, n_in={n_in}]")
    rng = get_rng()
    chunks = n_in // n_to
    table = np.empty((n_out * n_to, 2), np.int64)
    perm, used = rng.permutation(n_in), 0
    for o in range(n_out):
        table[o * n_to:(o + 1) * n_to, 0] = perm[used * n_to:(used + 1) * n_to]
        table[o * n_to:(o + 1) * n_to, 1] = o
        used += 1
        if used == chunks:
            perm, used = rng.permutation(n_in), 0
    return table
