"""Torch's optim package: `x, fs = optim.<name>(feval, x, config, state)`.

`feval(x) -> (loss, grad)`; `x` is a flat float array updated in place.
`state` defaults to `config` and holds only numbers and numpy arrays (lists
of arrays for lbfgs), so it can be checkpointed with `nnlib.save`. A config
key an algorithm does not know is an error naming the keys it knows.
"""
from .adadelta import adadelta
from .adagrad import adagrad
from .adam import adam
from .adamax import adamax
from .asgd import asgd
from .cg import cg
from .checkgrad import checkgrad
from .cmaes import cmaes
from .de import de
from .fista import fista
from .lbfgs import lbfgs
from .logger import Logger
from .lswolfe import lswolfe
from .nag import nag
from .polyinterp import polyinterp
from .rmsprop import rmsprop
from .rprop import rprop
from .sgd import sgd
