"""Torch7's `reset(stdv)` rule, shared by every layer that follows it.

Torch7's Linear, the convolutions, the distance and element-wise layers, SoftMaxTree and rnn's
LSTM/GRU draw U(-a, a) with a = 1/sqrt(fan_in), but a *given* `stdv` is a standard deviation:
`stdv = stdv * math.sqrt(3)`, so that U(-a, a) has exactly that deviation. Layers whose Torch7
`reset` uses the given value as the bound or as a normal deviation (Kmeans, LookupTable,
NCEModule, SeqLSTM, ...) do not use this helper.
"""
import math

import numpy as np

from ..random import get_rng


def uniform_bound(stdv: float | None, fan_in: float) -> float:
    """The bound `a` of U(-a, a): `stdv * sqrt(3)` when a standard deviation is given, else `1 / sqrt(fan_in)`."""
    if stdv is None:
        return 1.0 / math.sqrt(fan_in)
    if not stdv > 0:
        raise ValueError(f"reset(stdv): stdv is a standard deviation and must be > 0, got {stdv}; "
                         "call reset() for the default 1/sqrt(fan_in) bound")
    return stdv * math.sqrt(3)


def fill_uniform(array: np.ndarray, bound: float) -> None:
    """array[...] = U(-bound, bound), drawn from nnlib's generator."""
    array[...] = get_rng().uniform(-bound, bound, array.shape)


def reset_uniform(stdv: float | None, fan_in: float, *arrays: np.ndarray | None) -> float:
    """Torch7's `reset(stdv)`: fill each array (None skipped) with U(-a, a), a = `uniform_bound(stdv, fan_in)`,
    in order; returns a."""
    bound = uniform_bound(stdv, fan_in)
    for array in arrays:
        if array is not None:
            fill_uniform(array, bound)
    return bound
