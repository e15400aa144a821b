"""Pooling kernels against plain-numpy references (overlapping 3/2 windows, padding, ceil mode)."""
import math

import numpy as np
import pytest

from nnlib.kernels import spatial_pooling as K

# (N, C, H, W, kH, kW, dH, dW, padH, padW, ceil)
CASES = [(1, 1, 7, 7, 3, 3, 2, 2, 0, 0, False),
         (2, 3, 9, 6, 3, 3, 2, 2, 1, 1, True),
         (1, 2, 8, 5, 2, 3, 2, 1, 0, 1, True),
         (3, 1, 5, 10, 3, 2, 3, 2, 1, 0, False),
         (1, 2, 5, 5, 1, 1, 3, 3, 0, 0, True)]  # ceil mode must not start a window past the edge


def _out_size(size, k, d, pad, ceil):
    n = (math.ceil if ceil else math.floor)((size + 2 * pad - k) / d) + 1
    if ceil and (n - 1) * d >= size + pad:
        n -= 1
    return n


def _windows(x, kH, kW, dH, dW, padH, padW, oH, oW, fill):
    """(N, C, oH, oW, kH, kW) windows over x padded with `fill`, enough on the right for ceil mode."""
    extra_h = max(0, (oH - 1) * dH + kH - (x.shape[2] + 2 * padH))
    extra_w = max(0, (oW - 1) * dW + kW - (x.shape[3] + 2 * padW))
    xp = np.pad(x, ((0, 0), (0, 0), (padH, padH + extra_h), (padW, padW + extra_w)), constant_values=fill)
    win = np.lib.stride_tricks.sliding_window_view(xp, (kH, kW), axis=(2, 3))
    return win[:, :, ::dH, ::dW][:, :, :oH, :oW]


def _run(case, seed=0):
    N, C, H, W, kH, kW, dH, dW, padH, padW, ceil = case
    oH, oW = K.pooled_size(H, kH, dH, padH, ceil), K.pooled_size(W, kW, dW, padW, ceil)
    assert (oH, oW) == (_out_size(H, kH, dH, padH, ceil), _out_size(W, kW, dW, padW, ceil))
    x = np.random.default_rng(seed).standard_normal((N, C, H, W))
    return x, (oH, oW)


@pytest.mark.parametrize("case", CASES)
def test_max_pooling_matches_reference(case):
    N, C, H, W, kH, kW, dH, dW, padH, padW, ceil = case
    x, (oH, oW) = _run(case)
    out = np.empty((N, C, oH, oW))
    idx = np.empty((N, C, oH, oW), np.int32)
    K.spatial_max_pooling_update_output(x, kW, kH, dW, dH, padW, padH, out, idx)
    win = _windows(x, kH, kW, dH, dW, padH, padW, oH, oW, -np.inf)
    np.testing.assert_array_equal(out, win.max(axis=(4, 5)))
    np.testing.assert_array_equal(np.take_along_axis(x.reshape(N, C, -1), idx.reshape(N, C, -1), 2).reshape(out.shape),
                                  out)
    gy = np.random.default_rng(1).standard_normal(out.shape)
    gx = np.full_like(x, np.nan)
    K.spatial_max_pooling_update_grad_input(gy, idx, gx)
    ref = np.zeros(N * C * H * W)
    flat = (np.arange(N * C)[:, None] * H * W + idx.reshape(N * C, -1)).ravel()
    np.add.at(ref, flat, gy.ravel())
    np.testing.assert_allclose(gx, ref.reshape(x.shape), rtol=1e-12, atol=1e-12)


def _first_max(values):
    """Index the kernel's rule picks along one line: the last NaN if any, else the first maximum."""
    nans = [i for i, v in enumerate(values) if v != v]
    if nans:
        return nans[-1]
    return int(np.argmax(values))


@pytest.mark.parametrize("shape, k, d", [((2, 3, 9, 11), 3, 2), ((1, 2, 8, 6), 2, 2)])  # the 3/2 fast paths, the general ones
def test_max_pooling_ties_and_nans_pick_down_then_across(shape, k, d):
    """Ties and NaNs pick the same window element in the 3/2 fast paths as in the general loops."""
    rng = np.random.default_rng(3)
    x = rng.integers(0, 3, shape).astype(np.float32)  # many ties
    x[rng.random(shape) < 0.05] = np.nan
    oH, oW = K.pooled_size(shape[2], k, d, 0, False), K.pooled_size(shape[3], k, d, 0, False)
    out = np.empty(shape[:2] + (oH, oW), np.float32)
    idx = np.empty(out.shape, np.int64)
    K.spatial_max_pooling_update_output(x, k, k, d, d, 0, 0, out, idx)
    for n, c, oh, ow in np.ndindex(out.shape):
        window = x[n, c, oh * d:oh * d + k, ow * d:ow * d + k]
        rows = [_first_max(window[:, j]) for j in range(k)]
        col = _first_max([window[rows[j], j] for j in range(k)])
        assert idx[n, c, oh, ow] == (oh * d + rows[col]) * shape[3] + ow * d + col
        np.testing.assert_array_equal(out[n, c, oh, ow], window[rows[col], col])


def test_max_pooling_propagates_nan():
    x = np.zeros((1, 1, 4, 4), np.float32)
    x[0, 0, 1, 1] = np.nan
    out = np.empty((1, 1, 2, 2), np.float32)
    K.spatial_max_pooling_update_output(x, 2, 2, 2, 2, 0, 0, out, np.empty(out.shape, np.int32))
    assert np.isnan(out[0, 0, 0, 0]) and not np.isnan(out[0, 0, 1, 1])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("include_pad", [True, False])
def test_average_pooling_matches_reference(case, include_pad):
    N, C, H, W, kH, kW, dH, dW, padH, padW, ceil = case
    x, (oH, oW) = _run(case)
    out = np.empty((N, C, oH, oW))
    K.spatial_average_pooling_update_output(x, kW, kH, dW, dH, padW, padH, include_pad, out)
    sums = _windows(x, kH, kW, dH, dW, padH, padW, oH, oW, 0.0).sum(axis=(4, 5))
    # divisor: cells inside the padded image (include_pad) or inside the image itself
    inside = _windows(np.ones((1, 1, H, W)), kH, kW, dH, dW, padH, padW, oH, oW, 0.0).sum(axis=(4, 5))
    padded = np.pad(np.ones((1, 1, H, W)), ((0, 0), (0, 0), (padH, padH), (padW, padW)), constant_values=1.0)
    in_padded = _windows(padded, kH, kW, dH, dW, 0, 0, oH, oW, 0.0).sum(axis=(4, 5))
    ref = sums / (in_padded if include_pad else inside)
    np.testing.assert_allclose(out, ref, rtol=1e-12)
    gy = np.random.default_rng(1).standard_normal(out.shape)
    gx = np.full_like(x, np.nan)
    K.spatial_average_pooling_update_grad_input(gy, kW, kH, dW, dH, padW, padH, include_pad, gx)
    # adjoint: <avgpool(x), gy> == <x, gx> for every x
    np.testing.assert_allclose(np.sum(out * gy), np.sum(x * gx), rtol=1e-10)
    probe = np.random.default_rng(2).standard_normal(x.shape)
    probe_out = np.empty_like(out)
    K.spatial_average_pooling_update_output(probe, kW, kH, dW, dH, padW, padH, include_pad, probe_out)
    np.testing.assert_allclose(np.sum(probe_out * gy), np.sum(probe * gx), rtol=1e-10)
