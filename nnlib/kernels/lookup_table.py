"""Embedding lookup: row gather, deterministic scatter-add of gradients (skipping a padding id), max-norm renorm."""
from ._config import jit


@jit
def lookup_table_update_output(weight, ids, out):
    """out[i] = weight[ids[i]] for a flat id array."""
    d = weight.shape[1]
    for i in range(ids.size):
        row = ids[i]
        for j in range(d):
            out[i, j] = weight[row, j]


@jit
def lookup_table_acc_grad_parameters(ids, grad_output, scale, grad_weight, padding_value, counts):
    """grad_weight[ids[i]] += scale * grad_output[i], accumulated in id order (deterministic).

    Ids equal to `padding_value` (-1: none) add nothing; with `counts` (else
    None), each id's share is divided by its number of uses in the batch.
    """
    d = grad_weight.shape[1]
    for i in range(ids.size):
        row = ids[i]
        if row == padding_value:
            continue
        s = scale if counts is None else scale / counts[row]
        for j in range(d):
            grad_weight[row, j] += s * grad_output[i, j]


@jit
def lookup_table_renorm(weight, ids, max_norm, norm_type):
    """Rescale each referenced row of `weight` whose `norm_type`-norm exceeds `max_norm`."""
    d = weight.shape[1]
    for i in range(ids.size):
        row = ids[i]
        norm = 0.0
        for j in range(d):
            norm += abs(weight[row, j]) ** norm_type
        norm = norm ** (1.0 / norm_type)
        if norm > max_norm:
            factor = max_norm / (norm + 1e-7)
            for j in range(d):
                weight[row, j] *= factor
