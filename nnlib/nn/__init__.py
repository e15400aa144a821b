"""Torch7's nn, in Python: one class per file, in topic folders, all reached as `nnlib.nn.<Name>`.

Each topic package lists its public names in `__all__`; this package re-exports them.
"""
from .module import Module
from .jacobian import Jacobian
from .stochastic_gradient import StochasticGradient
from .container import *  # noqa: F401,F403
from .criterion import *  # noqa: F401,F403
from .activation import *  # noqa: F401,F403
from .linear import *  # noqa: F401,F403
from .math import *  # noqa: F401,F403
from .debug import *  # noqa: F401,F403
from .shape import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .convolution import *  # noqa: F401,F403
from .padding import *  # noqa: F401,F403
from .upsampling import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .table import *  # noqa: F401,F403
from .recurrent import *  # noqa: F401,F403
from .tree import *  # noqa: F401,F403
from .nce import *  # noqa: F401,F403
from .reinforcement import *  # noqa: F401,F403
from .dpnn import *  # noqa: F401,F403
