"""Torch7's dimension rule for the reductions (Sum, Mean, Max, Min)."""
from .._checks import check_float_input, describe


def reduction_axis(module, input):
    """The 0-based axis `module.dimension` names in `input`.

    Negative dimensions count from the end; with `n_input_dims` set, an input with one axis
    more than that is a batch and a non-negative dimension moves one axis right (Torch7).
    """
    check_float_input(module, input, range(1, 9))
    d = module.dimension
    if d < 0:
        d += input.ndim
    elif module.n_input_dims is not None and input.ndim == module.n_input_dims + 1:
        d += 1
    if not 0 <= d < input.ndim:
        raise ValueError(f"{describe(module)}: dimension {module.dimension} is out of range for input shape {input.shape}")
    return d
