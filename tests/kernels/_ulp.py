"""Errors in ulps of a float32 result, for kernels built on `_vmath`."""
import numpy as np


def _ordered(y):
    """float32 values mapped to integers in the same order, neighbours one apart."""
    bits = y.view(np.int32).astype(np.int64)
    return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)


def ulps(y, reference64):
    """Per element, the distance between float32 `y` and the float64 reference rounded to float32, on the
    ordered integer line of float32 bit patterns (so denormals, the largest float and inf count as
    neighbours); 0 where both are NaN, and an assertion error where only one is."""
    with np.errstate(over="ignore"):
        ref = reference64.astype(np.float32)
    both_nan = np.isnan(y) & np.isnan(ref)
    assert np.array_equal(np.isnan(y), np.isnan(ref)), "NaN where the reference has none, or the reverse"
    return np.where(both_nan, 0, np.abs(_ordered(y) - _ordered(ref)))


def _ordered64(y):
    bits = y.view(np.int64)
    return np.where(bits < 0, -(bits & 0x7FFFFFFFFFFFFFFF), bits)


def ulps64(y, reference):
    """As `ulps` for a float64 `y` against a more precise reference (np.longdouble) rounded to float64."""
    with np.errstate(over="ignore"):
        ref = reference.astype(np.float64)
    assert np.array_equal(np.isnan(y), np.isnan(ref)), "NaN where the reference has none, or the reverse"
    return np.where(np.isnan(y) & np.isnan(ref), 0, np.abs(_ordered64(y) - _ordered64(ref)))
