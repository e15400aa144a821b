"""Reading and checking optimizer configs (shared by every algorithm).

Configs use snake_case keys; each algorithm declares its keys with a default
and a check, and the names of the state entries it keeps (the state defaults
to the config, as in Torch, so those may sit in the config too). Any other
key is a ValueError naming the algorithm, the keys it knows and, for a Torch7
camelCase key (`learningRate`), a PyTorch name (`lr`) or a typo, the key
meant; a known key with a wrong type or range is a ValueError too. Unlike
Torch, which ignores what it does not read, a misspelt key cannot silently
leave a default in place.
"""
import difflib
import logging
import math
import numbers
import re

import numpy as np

# Torch's config names -> ours, to point users who copy Torch code at the right key.
TORCH_NAMES = {
    "learningRate": "learning_rate",
    "learningRateDecay": "learning_rate_decay",
    "learningRates": "learning_rates",
    "weightDecay": "weight_decay",
    "weightDecays": "weight_decays",
    "maxIter": "max_iter",
    "maxEval": "max_eval",
    "tolFun": "tol_fun",
    "tolX": "tol_x",
    "nCorrection": "n_correction",
    "lineSearch": "line_search",
    "lineSearchOptions": "line_search_options",
    "initialMean": "initial_mean",
    "maxFEs": "max_fes",
    "scaleFactor": "scale_factor",
    "crossoverRate": "crossover_rate",
    "maxRegion": "max_region",
    "minRegion": "min_region",
    "L": "l",
    "Lstep": "l_step",
    "maxiter": "max_iter",
    "maxline": "max_line",
    "errthres": "err_thres",
    "doFistaUpdate": "do_fista_update",
}

# PyTorch's argument names -> ours, for users porting from torch.optim.
PYTORCH_NAMES = {
    "lr": ("learning_rate",),
    "lr_decay": ("learning_rate_decay",),
    "eps": ("epsilon",),
    "lambd": ("lambda",),
    "betas": ("beta1", "beta2"),
    "etas": ("etaminus", "etaplus"),
    "step_sizes": ("stepsizemin", "stepsizemax"),
    "history_size": ("n_correction",),
    "tolerance_grad": ("tol_fun",),
    "tolerance_change": ("tol_x",),
}

logger = logging.getLogger("nnlib.optim")


def _is_real(v):
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def number(minimum=None, maximum=None, below=None, above=None, finite=True):
    """A real number (not bool) in [minimum, maximum], with `below`/`above` as strict bounds."""
    def check(v):
        if not _is_real(v):
            return "a number"
        v = float(v)
        if finite and not math.isfinite(v):
            return "a finite number"
        if minimum is not None and v < minimum:
            return f"a number >= {minimum}"
        if maximum is not None and v > maximum:
            return f"a number <= {maximum}"
        if below is not None and v >= below:
            return f"a number < {below}"
        if above is not None and v <= above:
            return f"a number > {above}"
        return None
    return check


def positive_int(v):
    """An integer >= 1 (floats with integral values, as Lua numbers, are accepted)."""
    if not _is_real(v) or not math.isfinite(v) or float(v) != int(v) or int(v) < 1:
        return "a positive integer"
    return None


def flag(v):
    if not isinstance(v, (bool, np.bool_)):
        return "True or False"
    return None


def vector(v):
    """A per-parameter array (checked against x's size when used)."""
    if not isinstance(v, np.ndarray) or v.dtype.kind not in "fiu":
        return "a numpy array of numbers with one entry per parameter"
    return None


def options(v):
    if not isinstance(v, dict):
        return "a dict"
    return None


def _snake_case(name):
    """learningRate -> learning_rate, LRStep -> lr_step."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _unknown_key(algorithm, key, spec):
    """The error for a config key `algorithm` does not know, pointing at the key meant."""
    known = ", ".join(sorted(spec))
    hint = ""
    if isinstance(key, str):
        torch_name = TORCH_NAMES.get(key, _snake_case(key))
        pytorch_names = PYTORCH_NAMES.get(key, ())
        close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.75)
        if torch_name != key and torch_name in spec:
            hint = f" ({key!r} is Torch7's spelling; use {torch_name!r})"
        elif pytorch_names and all(name in spec for name in pytorch_names):
            hint = f" ({key!r} is PyTorch's name; use {' and '.join(map(repr, pytorch_names))})"
        elif close:
            hint = f" (did you mean {close[0]!r}?)"
    return ValueError(f"optim.{algorithm}: unknown config key {key!r}{hint}; optim.{algorithm} knows {known}")


def read_config(algorithm, config, spec, state_keys=()):
    """Values of the keys in `spec` ({key: (default, check)}), checked.

    A default of None means "absent" (the algorithm derives the value).
    `state_keys` are the entries the algorithm keeps in its state, allowed in
    `config` because the state defaults to it; any other key is an error.
    """
    if not isinstance(config, dict):
        raise ValueError(f"optim.{algorithm}: config must be a dict, got {type(config).__name__}")
    for key in config:
        if key not in spec and key not in state_keys:
            raise _unknown_key(algorithm, key, spec)
    values = {}
    for key, (default, check) in spec.items():
        value = config.get(key, default)
        if value is not None:
            wanted = check(value)
            if wanted is not None:
                raise ValueError(f"optim.{algorithm}: config[{key!r}] = {value!r} is invalid; expected {wanted}")
        values[key] = value
    return values


def check_x(algorithm, x):
    """x must be a float numpy array: the optimizers update it in place."""
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError(f"optim.{algorithm}: x must be a float numpy array (updated in place), "
                         f"got {type(x).__name__}{'' if not isinstance(x, np.ndarray) else ' of dtype ' + str(x.dtype)}")


def evaluate(algorithm, feval, x, count=None):
    """Call feval(x) and check that it returned (loss, gradient shaped like x).

    With `count` (the evaluation's number, for a `verbose` run), the value is
    logged at INFO on the "nnlib.optim" logger, as the Torch7 tutorial prints it.
    """
    result = feval(x)
    if not isinstance(result, tuple) or len(result) != 2:
        raise ValueError(f"optim.{algorithm}: feval(x) must return (loss, grad), got {type(result).__name__}")
    fx, grad = result
    if not isinstance(grad, np.ndarray) or grad.shape != x.shape:
        shape = grad.shape if isinstance(grad, np.ndarray) else type(grad).__name__
        raise ValueError(f"optim.{algorithm}: feval(x) returned a gradient of shape {shape}; "
                         f"it must be a numpy array shaped like x {x.shape}")
    if count is not None:
        logger.info("optim.%s: after %d evaluations f(x) = %f", algorithm, count, float(fx))
    return float(fx), grad


def evaluate_value(algorithm, feval, x):
    """f(x) for the gradient-free algorithms: feval may return the loss alone or (loss, grad)."""
    result = feval(x)
    value = result[0] if isinstance(result, tuple) else result
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if not _is_real(value):
        raise ValueError(f"optim.{algorithm}: feval(x) must return the loss (or (loss, grad)), "
                         f"got {type(value).__name__}")
    return float(value)


def per_parameter(algorithm, key, values, x):
    """A per-parameter array from the config, checked against x, in x's dtype."""
    if values is None:
        return None
    if values.size != x.size:
        raise ValueError(f"optim.{algorithm}: config[{key!r}] has {values.size} entries; x has {x.size}")
    return values.reshape(x.shape).astype(x.dtype, copy=False)


def state_array(state, key, x, fill=0.0):
    """The state buffer `state[key]` shaped like x, created (filled) when missing or stale."""
    a = state.get(key)
    if not isinstance(a, np.ndarray) or a.shape != x.shape or a.dtype != x.dtype:
        a = np.full(x.shape, fill, dtype=x.dtype)
        state[key] = a
    return a
