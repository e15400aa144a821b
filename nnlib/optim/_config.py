"""Reading and checking optimizer configs (shared by every algorithm).

Configs use snake_case keys; each algorithm declares its keys with a default
and a check. As in Torch, unknown keys are ignored (the config doubles as the
state table), but a known key with a wrong type or range, or a Torch camelCase
name (`learningRate`), is a ValueError naming the algorithm and the key.
"""
import math
import numbers

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
}


def _is_real(v):
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def number(minimum=None, maximum=None, below=None, finite=True):
    """A real number (not bool) in [minimum, maximum] or [minimum, below)."""
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


def read_config(algorithm, config, spec):
    """Values of the keys in `spec` ({key: (default, check)}), checked.

    A default of None means "absent" (the algorithm derives the value).
    """
    if not isinstance(config, dict):
        raise ValueError(f"optim.{algorithm}: config must be a dict, got {type(config).__name__}")
    for torch_name, name in TORCH_NAMES.items():
        if torch_name in config and name in spec:
            raise ValueError(f"optim.{algorithm}: config key {torch_name!r} is Torch's spelling; use {name!r}")
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


def evaluate(algorithm, feval, x):
    """Call feval(x) and check that it returned (loss, gradient shaped like x)."""
    result = feval(x)
    if not isinstance(result, tuple) or len(result) != 2:
        raise ValueError(f"optim.{algorithm}: feval(x) must return (loss, grad), got {type(result).__name__}")
    fx, grad = result
    if not isinstance(grad, np.ndarray) or grad.shape != x.shape:
        shape = grad.shape if isinstance(grad, np.ndarray) else type(grad).__name__
        raise ValueError(f"optim.{algorithm}: feval(x) returned a gradient of shape {shape}; "
                         f"it must be a numpy array shaped like x {x.shape}")
    return float(fx), grad


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
