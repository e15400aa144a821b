"""nnlib: Torch7's module model on numpy + numba.

    from nnlib import nn, optim
    mlp = nn.Sequential(nn.Linear(10, 25), nn.Tanh(), nn.Linear(25, 1))
"""
from . import nn, optim
from .io import load, save
from .random import manual_seed
from .threads import get_num_threads, set_num_threads

__version__ = "0.1.0"
