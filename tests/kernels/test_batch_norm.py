"""batch_norm kernels against numpy on a (N, C, M) layout, both modes, with and without affine."""
import numpy as np
import pytest

import nnlib

from nnlib.kernels import batch_norm as K

EPS = 1e-5


def _reference_forward(x, w, b, rm, rv, train, momentum):
    if train:
        mean, var = x.mean(axis=(0, 2)), x.var(axis=(0, 2))
        count = x.shape[0] * x.shape[2]
        rm = (1 - momentum) * rm + momentum * mean
        rv = (1 - momentum) * rv + momentum * var * count / (count - 1)
    else:
        mean, var = rm, rv
    invstd = 1 / np.sqrt(var + EPS)
    y = (x - mean[:, None]) * invstd[:, None]
    if w is not None:
        y = y * w[:, None] + b[:, None]
    return y, rm, rv, mean, invstd


def _reference_backward(x, gy, w, mean, invstd, train):
    xhat = (x - mean[:, None]) * invstd[:, None]
    ww = np.ones_like(mean) if w is None else w
    if train:
        gx = (gy - gy.mean(axis=(0, 2))[:, None] - xhat * (gy * xhat).mean(axis=(0, 2))[:, None]) * (invstd * ww)[:, None]
    else:
        gx = gy * (invstd * ww)[:, None]
    return gx, (gy * xhat).sum(axis=(0, 2)), gy.sum(axis=(0, 2))


@pytest.fixture
def parallel(request):
    """Run the kernels on threads even for tiny inputs (parallel=True) or never."""
    return request.param


def _scratch(c):
    return np.full((K.SCRATCH_ROWS, c), np.nan)


CASES = [(shape, train, affine, False) for shape in [(3, 5, 1), (1, 3, 7), (2, 1, 3), (3, 600, 1), (2, 5, 100)]
         for train in (True, False) for affine in (True, False)]
# (3, 600, 1) and (2, 5, 100) span several channel blocks (ROW_BLOCK values of a sample each)
CASES += [(shape, train, True, True) for shape in [(3, 600, 1), (2, 5, 100), (1, 3, 7)] for train in (True, False)]


@pytest.mark.parametrize("shape,train,affine,parallel", CASES, indirect=["parallel"])
def test_against_numpy(shape, train, affine, parallel):
    rng = np.random.default_rng(0)
    n, c, m = shape
    x = rng.standard_normal(shape) * 3 + 1
    gy = rng.standard_normal(shape)
    w, b = (rng.uniform(0.5, 2, c), rng.standard_normal(c)) if affine else (None, None)
    rm, rv = rng.standard_normal(c), rng.uniform(0.5, 2, c)
    y_ref, rm_ref, rv_ref, mean, invstd = _reference_forward(x, w, b, rm, rv, train, 0.1)
    y, rm_k, rv_k = np.empty(shape), rm.copy(), rv.copy()
    save_mean, save_invstd = np.empty(c), np.empty(c)
    K.batch_norm_update_output(x, y, w, b, rm_k, rv_k, save_mean, save_invstd, train, 0.1, EPS, _scratch(c), parallel)
    np.testing.assert_allclose(y, y_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rm_k, rm_ref, rtol=1e-12)
    np.testing.assert_allclose(rv_k, rv_ref, rtol=1e-12)
    np.testing.assert_allclose(save_mean, mean, rtol=1e-12)
    np.testing.assert_allclose(save_invstd, invstd, rtol=1e-10)

    gx_ref, gw_ref, gb_ref = _reference_backward(x, gy, w, mean, invstd, train)
    gx = np.empty(shape)
    K.batch_norm_update_grad_input(x, gy, gx, w, save_mean, save_invstd, train, _scratch(c), parallel)
    np.testing.assert_allclose(gx, gx_ref, rtol=1e-9, atol=1e-12)
    if affine:
        gw, gb = np.full(c, 0.5), np.full(c, -0.5)
        K.batch_norm_acc_grad_parameters(x, gy, gw, gb, save_mean, save_invstd, 0.3, _scratch(c), parallel)
        np.testing.assert_allclose(gw, 0.5 + 0.3 * gw_ref, rtol=1e-10)
        np.testing.assert_allclose(gb, -0.5 + 0.3 * gb_ref, rtol=1e-10)
    else:
        K.batch_norm_acc_grad_parameters(x, gy, None, None, save_mean, save_invstd, 0.3, _scratch(c), parallel)


def test_float32():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 3, 5)).astype(np.float32)
    y = np.empty_like(x)
    rm, rv = np.zeros(3, np.float32), np.ones(3, np.float32)
    sm, si = np.empty(3, np.float32), np.empty(3, np.float32)
    K.batch_norm_update_output(x, y, None, None, rm, rv, sm, si, True, 0.1, EPS, _scratch(3), False)
    y_ref = _reference_forward(x.astype(np.float64), None, None, np.zeros(3), np.ones(3), True, 0.1)[0]
    np.testing.assert_allclose(y, y_ref, atol=1e-5)


def test_same_bits_serial_parallel_and_any_thread_count():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((5, 300, 3))  # float64: reuses the compilation of the other tests
    gy = rng.standard_normal(x.shape)
    w, b = rng.standard_normal(300), rng.standard_normal(300)

    def run(parallel):
        y, gx = np.empty_like(x), np.empty_like(x)
        rm, rv = np.zeros(300), np.ones(300)
        sm, si = np.empty(300), np.empty(300)
        gw, gb = np.zeros(300), np.zeros(300)
        K.batch_norm_update_output(x, y, w, b, rm, rv, sm, si, True, 0.1, EPS, _scratch(300), parallel)
        K.batch_norm_update_grad_input(x, gy, gx, w, sm, si, True, _scratch(300), parallel)
        K.batch_norm_acc_grad_parameters(x, gy, gw, gb, sm, si, 1.0, _scratch(300), parallel)
        return y, gx, rm, rv, gw, gb

    serial = run(False)
    before = nnlib.get_num_threads()
    try:
        nnlib.set_num_threads(1)
        one = run(True)
        nnlib.set_num_threads(2)
        two = run(True)
    finally:
        nnlib.set_num_threads(before)
    for a, b, c in zip(serial, one, two):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


def test_non_contiguous_arrays_are_refused():
    x = np.zeros((4, 3, 2))[:, :, :1]
    with pytest.raises(ValueError, match=r"input must be a C-contiguous \(N, C, M\) array"):
        K.batch_norm_update_output(x, np.empty((4, 3, 1)), None, None, np.zeros(3), np.ones(3),
                                   np.empty(3), np.empty(3), True, 0.1, EPS, _scratch(3), False)
