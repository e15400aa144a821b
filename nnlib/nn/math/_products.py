"""Input checks shared by MM and MV (a table of two arrays)."""
import numpy as np

from .._checks import describe


def check_pair(module, input, ranks, what):
    """`input` as a list of two float arrays of the module's dtype; `ranks` the allowed (ndim_a, ndim_b)."""
    if not isinstance(input, (list, tuple)) or len(input) != 2 or not all(isinstance(a, np.ndarray) for a in input):
        raise ValueError(f"{describe(module)}: expected a table [{what}] of two arrays, got {type(input).__name__}"
                         + (f" of {len(input)}" if isinstance(input, (list, tuple)) else ""))
    a, b = input
    if (a.ndim, b.ndim) not in ranks:
        allowed = " or ".join(f"({r[0]}-D, {r[1]}-D)" for r in ranks)
        raise ValueError(f"{describe(module)}: expected [{what}] of ranks {allowed}, got shapes {a.shape} and {b.shape}")
    for t in (a, b):
        if t.dtype != module.dtype:
            raise ValueError(f"{describe(module)}: input dtype {t.dtype} does not match the module's {module.dtype}")
    if a.ndim == 3 and a.shape[0] != b.shape[0]:
        raise ValueError(f"{describe(module)}: the batches differ: shapes {a.shape} and {b.shape}")
    return a, b
