"""Input check of the shape modules that take a table [array, indices or mask]."""
import numpy as np

from .._checks import describe


def check_pair(module, input, what):
    """`input` as (array, second) for a table of two numpy arrays named `what`."""
    if not isinstance(input, (list, tuple)) or len(input) != 2 or not all(isinstance(a, np.ndarray) for a in input):
        raise ValueError(f"{describe(module)}: expected a table [{what}] of two numpy arrays, got {type(input).__name__}"
                         + (f" of {len(input)}" if isinstance(input, (list, tuple)) else ""))
    return input[0], input[1]
