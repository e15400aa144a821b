"""Torch's optim package: `x, fs = optim.<name>(feval, x, config, state)`.

`feval(x) -> (loss, grad)`; `x` is a flat float array updated in place.
`state` defaults to `config` and holds only numbers and numpy arrays (lists
of arrays for lbfgs), so it can be checkpointed with `nnlib.save`.
"""
from .adagrad import adagrad
from .adam import adam
from .cg import cg
from .lbfgs import lbfgs
from .lswolfe import lswolfe
from .polyinterp import polyinterp
from .rmsprop import rmsprop
from .sgd import sgd
