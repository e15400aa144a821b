"""Input checks shared by the Temporal* convolutions: batch-first (N, T, F) sequences or one (T, F) sequence."""
import numpy as np

from .._checks import check_float_input, describe


def check_frames(module, x, frame_size, kW, feature_first=False):
    """Check a sequence batch and return it as a 3-D array (a view); the window kW must fit in T.

    `feature_first` inputs are (N, F, T) or (F, T) instead.
    """
    layout = "(N, {F}, T)" if feature_first else "(N, T, {F})"
    expected = layout.format(F=frame_size)
    if isinstance(x, np.ndarray) and x.ndim not in (2, 3):
        raise ValueError(f"{describe(module)}: expected a sequence batch {expected} or one sequence "
                         f"{expected.replace('N, ', '')}, got shape {x.shape}")
    feature_axis = -2 if feature_first else -1
    check_float_input(module, x, (2, 3))
    if x.shape[feature_axis] != frame_size:
        raise ValueError(f"{describe(module)}: input shape {x.shape} has {x.shape[feature_axis]} features "
                         f"(axis {x.ndim + feature_axis}), expected {frame_size}: an input {expected}")
    x3 = x if x.ndim == 3 else x[None]
    T = x3.shape[2] if feature_first else x3.shape[1]
    if T < kW:
        raise ValueError(f"{describe(module)}: input shape {x.shape} has {T} frames, fewer than the kernel "
                         f"width kW={kW}: expected T >= {kW}")
    return x3
