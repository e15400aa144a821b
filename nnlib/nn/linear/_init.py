"""Torch7's uniform initialisation of the distance and element-wise layers."""
import math

from ...random import get_rng


def uniform_bound(stdv, fan):
    """The bound `a` of U(-a, a): `stdv * sqrt(3)` when a standard deviation is given (Torch7's
    `reset(stdv)` on these layers), else `1 / sqrt(fan)`."""
    return stdv * math.sqrt(3) if stdv is not None else 1.0 / math.sqrt(fan)


def fill_uniform(array, bound):
    """array[...] = U(-bound, bound), drawn from nnlib's generator."""
    array[...] = get_rng().uniform(-bound, bound, array.shape)
