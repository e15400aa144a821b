"""The vectorised exp, expm1, log, log1p, sigmoid and tanh (`kernels/_vmath.py`) against numpy over the float32
range, and their float64 versions over the float64 range against long double.

Errors are counted in ulps of the float32 result (`_ulp.ulps`).
"""
import math

import numba
import numpy as np
import pytest

from nnlib.kernels._config import FASTMATH
from nnlib.kernels._vmath import vexp, vexpm1, vlog, vlog1p, vmax, vsigmoid, vtanh

from ._ulp import ulps, ulps64


def jit(fn):
    """As kernels compile (with the caller's fastmath), without an on-disk cache: numba's cache of a
    test file's function would not notice an edit to `_vmath.py`."""
    return numba.njit(fastmath=set(FASTMATH))(fn)


@jit
def _exp_loop(x, out):
    for i in range(x.size):
        out[i] = vexp(x[i])


@jit
def _expm1_loop(x, out):
    for i in range(x.size):
        out[i] = vexpm1(x[i])


@jit
def _log_loop(x, out):
    for i in range(x.size):
        out[i] = vlog(x[i])


@jit
def _log1p_loop(x, out):
    for i in range(x.size):
        out[i] = vlog1p(x[i])


@jit
def _sigmoid_loop(x, out):
    for i in range(x.size):
        out[i] = vsigmoid(x[i])


@jit
def _tanh_loop(x, out):
    for i in range(x.size):
        out[i] = vtanh(x[i])


@jit
def _math_exp_loop(x, out):
    for i in range(x.size):
        out[i] = math.exp(x[i])


def _sigmoid64(x):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def _log64(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def _log1p64(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log1p(x)


CASES = {"exp": (_exp_loop, np.exp), "expm1": (_expm1_loop, np.expm1), "log": (_log_loop, _log64),
         "log1p": (_log1p_loop, _log1p64), "sigmoid": (_sigmoid_loop, _sigmoid64), "tanh": (_tanh_loop, np.tanh)}
MAX_ULPS = {"exp": 1, "expm1": 1, "log": 1, "log1p": 1, "sigmoid": 2, "tanh": 1}


def _float32_sweep():
    """Every 1021st float32 bit pattern (all signs, exponents and denormals), dense runs over the
    range where exp's result is neither 0 nor inf, around 0 and -1 (where expm1 and log1p differ
    from exp - 1 and log(1 + x)), and the special values."""
    patterns = np.arange(0, 1 << 32, 1021, dtype=np.uint64).astype(np.uint32).view(np.float32)
    dense = np.linspace(-105.0, 90.0, 500_001, dtype=np.float32)
    small = np.linspace(-1.0, 1.0, 100_001, dtype=np.float32)
    near_zero = np.logspace(-12, 0, 100_001, dtype=np.float32)
    near_minus_one = -1.0 + np.logspace(-7.2, -1, 10_001, dtype=np.float32)
    edges = np.array([88.72283, 88.722839, 88.72284, 88.7229, -87.33655, -103.278, -103.972, -103.973, -104.0, 89.0,
                      0.625, -0.625, np.nextafter(0.625, 1, dtype=np.float32), 1e-30, -1e-30, 1e-45, 0.0, -0.0,
                      -1.0, np.nextafter(-1, 0, dtype=np.float32), 16.6, 17.0, 88.38, -17.4, -80.0, -80.1,
                      np.finfo(np.float32).max, -np.finfo(np.float32).max, np.inf, -np.inf, np.nan], np.float32)
    return np.concatenate([patterns, dense, small, near_zero, -near_zero, near_minus_one, edges])


SWEEP = _float32_sweep()


@pytest.mark.parametrize("name", sorted(CASES))
def test_float32_within_ulps_of_numpy(name):
    kernel, reference = CASES[name]
    y = np.empty_like(SWEEP)
    kernel(SWEEP, y)
    with np.errstate(over="ignore", invalid="ignore"):
        errors = ulps(y, reference(SWEEP.astype(np.float64)))
    worst = int(np.argmax(errors))
    assert errors[worst] <= MAX_ULPS[name], f"{name}({SWEEP[worst]!r}) = {y[worst]!r}: {errors[worst]} ulps"


@pytest.mark.parametrize("name", sorted(CASES))
def test_special_values(name):
    """inf, -inf, NaN, zeros and saturated results exactly (a zero's sign included); 1, -1 and the
    smallest denormal within the function's ulps."""
    kernel, reference = CASES[name]
    x = np.array([np.inf, -np.inf, np.nan, 0.0, -0.0, 200.0, -200.0, 1.0, -1.0, 1e-45], np.float32)
    y = np.empty_like(x)
    kernel(x, y)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        reference64 = reference(x.astype(np.float64))
        expected = reference64.astype(np.float32)
    special = ~np.isfinite(x) | (x == 0) | (np.abs(x) == 200) | ~np.isfinite(expected)
    np.testing.assert_array_equal(y[special], expected[special])
    zero = expected == 0
    np.testing.assert_array_equal(np.signbit(y[zero]), np.signbit(expected[zero]), "the sign of a zero")
    assert ulps(y, reference64).max() <= MAX_ULPS[name]


def test_exp_underflow_and_overflow_exactly():
    """Past ln(FLT_MAX) exp is inf, below the smallest denormal's half it is 0, between them denormals."""
    x = np.array([88.7229, 100.0, -103.98, -120.0, -100.0, -90.0], np.float32)
    y = np.empty_like(x)
    _exp_loop(x, y)
    assert y[0] == y[1] == np.inf and y[2] == y[3] == 0.0
    assert 0 < y[4] < np.finfo(np.float32).tiny and 0 < y[5] < np.finfo(np.float32).tiny


def test_vector_and_scalar_paths_round_alike():
    """An element gives the same bits wherever it sits in the array (vector body or scalar remainder)."""
    x = np.random.default_rng(0).uniform(-90, 90, 1001).astype(np.float32)
    whole = np.empty_like(x)
    _exp_loop(x, whole)
    for start in range(1, 17):
        part = np.empty(x.size - start, np.float32)
        _exp_loop(x[start:], part)
        np.testing.assert_array_equal(part, whole[start:])


MAX_ULPS_FLOAT64 = {"exp": 1, "expm1": 1, "log": 1, "log1p": 1, "sigmoid": 2, "tanh": 2}  # the C library's (glibc)


def _float64_sweep():
    """Random float64 bit patterns of both signs (all exponents, denormals), dense runs where exp is finite,
    near 0 and -1, and the special values."""
    patterns = np.random.default_rng(4).integers(0, 1 << 63, 300_000, dtype=np.int64).view(np.float64)
    edges = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 709.78, 709.79, -745.13, -745.14, -1.0,
             np.finfo(np.float64).max, -np.finfo(np.float64).max]
    return np.concatenate([patterns, -patterns, np.linspace(-750, 720, 200_001), np.linspace(-1, 1, 20_001),
                           np.logspace(-300, 0, 20_001), -1 + np.logspace(-16, -1, 2_001), edges])


def _sigmoid_long(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


LONG_REFERENCES = {"exp": np.exp, "expm1": np.expm1, "log": np.log, "log1p": np.log1p, "sigmoid": _sigmoid_long,
                   "tanh": np.tanh}


@pytest.mark.skipif(np.finfo(np.longdouble).nmant <= 52, reason="needs a long double more precise than float64")
@pytest.mark.parametrize("name", sorted(CASES))
def test_float64_within_ulps(name):
    """float64 (the C library's functions, vsigmoid's formula) over the whole range against long double."""
    kernel = CASES[name][0]
    x = _float64_sweep()
    y = np.empty_like(x)
    kernel(x, y)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        errors = ulps64(y, LONG_REFERENCES[name](x.astype(np.longdouble)))
    worst = int(np.argmax(errors))
    assert errors[worst] <= MAX_ULPS_FLOAT64[name], f"{name}({x[worst]!r}) = {y[worst]!r}: {errors[worst]} ulps"


@pytest.mark.parametrize("name", sorted(CASES))
def test_float64_is_the_c_library(name):
    kernel, reference = CASES[name]
    x = np.random.default_rng(1).uniform(-30, 30, 999)
    if name.startswith("log"):
        x = np.abs(x)
    y = np.empty_like(x)
    kernel(x, y)
    np.testing.assert_allclose(y, reference(x), rtol=1e-15, atol=0)


def _float32_asm(kernel):
    x = np.zeros(3, np.float32)
    kernel(x, np.empty_like(x))
    signature = next(s for s in kernel.signatures if s[0].dtype == numba.float32)
    return kernel.inspect_asm(signature)


@pytest.mark.parametrize("loop", [_exp_loop, _expm1_loop, _log_loop, _log1p_loop, _sigmoid_loop, _tanh_loop])
def test_float32_loop_is_vectorised_without_calls(loop):
    """On the host CPU the loops become packed FMAs on vector registers, with no call to the C library."""
    asm = _float32_asm(loop)
    assert "vfmadd" in asm and ("ymm" in asm or "zmm" in asm)
    assert "expf" not in asm and "logf" not in asm and "tanhf" not in asm and "log1pf" not in asm and "expm1f" not in asm


def test_math_exp_is_the_scalar_c_library_call():
    assert "expf" in _float32_asm(_math_exp_loop)  # what vexp replaces


@jit
def _row_max(x, out):
    for i in range(x.shape[0]):
        m = x[i, 0]
        for j in range(1, x.shape[1]):
            m = vmax(m, x[i, j])
        out[i] = m


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_vmax_row_maximum_is_vectorised_and_exact(dtype):
    x = np.random.default_rng(2).standard_normal((5, 1003)).astype(dtype)
    x[1, 7] = np.nan  # skipped, as maxnum does
    x[2, :] = np.nan
    x[3, 500] = np.inf
    out = np.empty(5, dtype)
    _row_max(x, out)
    expected = np.fmax.reduce(x, axis=1)
    np.testing.assert_array_equal(out, expected)
    signature = next(s for s in _row_max.signatures if s[0].dtype == numba.from_dtype(dtype))
    assert "vmaxp" in _row_max.inspect_asm(signature)
