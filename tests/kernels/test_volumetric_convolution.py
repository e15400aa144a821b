"""vol2col / col2vol and the convolution and full-convolution passes against plain numpy references."""
import numpy as np
import pytest

from nnlib.kernels import volumetric_convolution as V

# (N, C, (T, H, W), O, k, d, pad, dil): batch 1, odd sizes, strides, padding, dilation, depth 1 (2-D)
SHAPES = [(1, 1, (3, 5, 4), 2, (2, 3, 2), (1, 1, 1), (0, 0, 0), (1, 1, 1)),
          (2, 3, (5, 6, 7), 4, (3, 2, 3), (2, 1, 2), (1, 0, 1), (1, 2, 1)),
          (1, 2, (4, 7, 5), 3, (2, 2, 2), (1, 2, 1), (0, 1, 2), (2, 2, 1)),
          (3, 2, (1, 6, 5), 2, (1, 3, 3), (1, 2, 2), (0, 1, 1), (1, 1, 2))]


def reference_columns(x, k, d, pad, dil):
    """vol2col through numpy windows of a zero-padded input: rows (c, a, i, j), columns (n, ot, oh, ow)."""
    xp = np.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in pad))
    span = tuple(l * (kk - 1) + 1 for kk, l in zip(k, dil))
    win = np.lib.stride_tricks.sliding_window_view(xp, span, axis=(2, 3, 4))
    win = win[:, :, ::d[0], ::d[1], ::d[2], ::dil[0], ::dil[1], ::dil[2]]
    return win.transpose(1, 5, 6, 7, 0, 2, 3, 4).reshape(x.shape[1] * np.prod(k), -1)


@pytest.fixture(params=[0, 1 << 62, 1, 40], ids=["batched", "per_volume", "per_volume_rows", "per_volume_blocks"])
def per_volume(request, monkeypatch):
    """Run the passes batched and volume by volume (any plane size pays then; a batch of one stays batched),
    the grad-input pass over each volume in one block of output rows, one row a block, or blocks of a
    few rows (`V.COLUMN_BLOCK_ENTRIES` 40)."""
    monkeypatch.setattr(V, "PER_VOLUME_MIN_PLANE", 1 if request.param else 1 << 62)
    monkeypatch.setattr(V, "COLUMN_BLOCK_ENTRIES", request.param or 1 << 62)
    return bool(request.param)


def _by_volume(cols, n):
    """(C*k, N*P) columns as the (N, C*k, P) per-volume layout."""
    return np.ascontiguousarray(cols.reshape(cols.shape[0], n, -1).swapaxes(0, 1))


def _geometry(shape):
    n, c, size, o, k, d, pad, dil = shape
    out = tuple(V.output_size(s, kk, dd, p, l) for s, kk, dd, p, l in zip(size, k, d, pad, dil))
    return n, c, size, o, k, d, pad, dil, out


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("layout", ["batched", "per_volume"])
def test_vol2col_and_its_adjoint(shape, layout, threads):
    n, c, size, _, k, d, pad, dil, out = _geometry(shape)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, c) + size)
    expected_cols = reference_columns(x, k, d, pad, dil)
    arrange = (lambda a: _by_volume(a, n)) if layout == "per_volume" else (lambda a: a)
    cols = np.full(arrange(expected_cols).shape, np.nan)
    V.vol2col(x, k, d, pad, dil, out, cols)
    np.testing.assert_array_equal(cols, arrange(expected_cols))
    # col2vol sums every column entry back into its voxel: the transpose of the same linear map
    g = rng.standard_normal(expected_cols.shape)
    expected = np.zeros_like(x)
    for p in range(x.size):
        e = np.zeros(x.size)
        e[p] = 1.0
        expected.reshape(-1)[p] = np.sum(reference_columns(e.reshape(x.shape), k, d, pad, dil) * g)
    gx = np.full(x.shape, np.nan)
    V.col2vol(arrange(g), k, d, pad, dil, out, gx)
    np.testing.assert_allclose(gx, expected, rtol=1e-12, atol=1e-12)


def test_linear_runs_at_the_edges(threads):
    """Stride 1 with the output as wide as the input: each depth slice is copied and summed as one run,
    the columns outside zeroed; the first and last voxels of the array are reached from both sides."""
    x = np.random.default_rng(3).standard_normal((2, 2, 3, 4, 5))
    k, d, pad, dil, out = (1, 3, 3), (1, 1, 1), (0, 1, 1), (1, 1, 1), (3, 4, 5)
    cols = np.full((2 * 9, 2 * 60), np.nan)
    V.vol2col(x, k, d, pad, dil, out, cols)
    np.testing.assert_array_equal(cols, reference_columns(x, k, d, pad, dil))
    gx = np.full(x.shape, np.nan)
    V.col2vol(cols.copy(), k, d, pad, dil, out, gx)
    # each voxel sums its own value once per tap that sees it: 9 inside, fewer on the edges
    taps = reference_columns(np.ones_like(x), k, d, pad, dil)
    counts = np.zeros_like(x)
    V.col2vol(taps, k, d, pad, dil, out, counts)
    np.testing.assert_allclose(gx, x * counts, rtol=1e-12)
    assert counts.min() == 4 and counts.max() == 9


def _conv_reference(x, w, b, d, pad, dil):
    n, o = x.shape[0], w.shape[0]
    cols = reference_columns(x, w.shape[2:], d, pad, dil)
    out = tuple(V.output_size(s, kk, dd, p, l) for s, kk, dd, p, l in zip(x.shape[2:], w.shape[2:], d, pad, dil))
    y = (w.reshape(o, -1) @ cols).reshape((o, n) + out).swapaxes(0, 1)
    return y + b.reshape(1, o, 1, 1, 1)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_convolution_passes(shape, dtype, per_volume, threads):
    n, c, size, o, k, d, pad, dil, out = _geometry(shape)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, c) + size).astype(dtype)
    w = rng.standard_normal((o, c) + k).astype(dtype)
    b = rng.standard_normal(o).astype(dtype)
    depth, plane = c * np.prod(k), np.prod(out)
    cols = np.empty(V.columns_shape(n, depth, plane), dtype)
    assert cols.ndim == (3 if per_volume and n > 1 else 2)
    y = np.empty((n, o) + out, dtype)
    V.volumetric_convolution_update_output(x, w.reshape(o, -1), b, k, d, pad, dil, cols,
                                           np.empty((o, n * plane), dtype), y)
    tol = 1e-12 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(y, _conv_reference(x, w, b, d, pad, dil), rtol=tol, atol=tol)
    gy = rng.standard_normal(y.shape).astype(dtype)
    gy_op = V.grad_output_operand(gy, np.empty((o, n * plane), dtype))
    gx = np.empty_like(x)
    V.volumetric_convolution_update_grad_input(gy_op, w.reshape(o, -1), k, d, pad, dil, out,
                                               np.empty(V.grad_columns_shape(cols.shape, out), dtype), gx)
    ref_gcols = w.reshape(o, -1).T @ gy.swapaxes(0, 1).reshape(o, -1)
    ref_gx = np.zeros_like(x)
    V.col2vol(ref_gcols.astype(dtype), k, d, pad, dil, out, ref_gx)  # col2vol itself is checked above
    np.testing.assert_allclose(gx, ref_gx, rtol=tol, atol=tol)
    gw, gb = np.ones((o, depth), dtype), np.ones(o, dtype)
    V.volumetric_convolution_acc_grad_parameters(cols, gy_op, gw, gb, 0.5,
                                                 np.empty(V.weight_gradient_scratch_shape(gy_op, depth), dtype))
    np.testing.assert_allclose(gw, 1 + 0.5 * gy.swapaxes(0, 1).reshape(o, -1) @ reference_columns(x, k, d, pad, dil).T,
                               rtol=tol, atol=tol)
    np.testing.assert_allclose(gb, 1 + 0.5 * gy.sum(axis=(0, 2, 3, 4)), rtol=tol, atol=tol)


@pytest.mark.parametrize("shape", SHAPES)
def test_full_convolution_is_the_adjoint(shape, per_volume, threads):
    """<full(x), y> = <x, conv(y)> without biases; the weight gradient matches the same identity."""
    n, c_out, size, c_in, k, d, pad, dil, in_geometry = _geometry(shape)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((n, c_in) + in_geometry)
    w = rng.standard_normal((c_in, c_out) + k)
    depth, plane = c_out * np.prod(k), np.prod(in_geometry)
    x_op = V.input_operand(x, np.empty(V.input_operand_shape(x.shape)))
    y = np.empty((n, c_out) + size)
    gcols = np.empty(V.grad_columns_shape(V.columns_shape(n, depth, plane), in_geometry))
    V.volumetric_full_convolution_update_output(x_op, w.reshape(c_in, -1), None, k, d, pad, dil, in_geometry, gcols, y)
    probe = rng.standard_normal(y.shape)
    conv = _conv_reference(probe, w, np.zeros(c_in), d, pad, dil)
    np.testing.assert_allclose(np.sum(y * probe), np.sum(x * conv), rtol=1e-12)
    cols = np.empty(V.columns_shape(n, depth, plane))
    gx = np.empty_like(x)
    V.volumetric_full_convolution_update_grad_input(probe, w.reshape(c_in, -1), k, d, pad, dil, cols,
                                                    np.empty((c_in, n * plane)), np.zeros(c_in), gx)
    np.testing.assert_allclose(gx, conv, rtol=1e-12, atol=1e-12)
    gw, gb = np.zeros((c_in, depth)), np.zeros(c_out)
    V.volumetric_full_convolution_acc_grad_parameters(x_op, cols, probe, gw, gb, 2.0,
                                                      np.empty(V.weight_gradient_scratch_shape(x_op, depth)))
    rows = x.swapaxes(0, 1).reshape(c_in, -1)
    np.testing.assert_allclose(gw, 2 * rows @ reference_columns(probe, k, d, pad, dil).T, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gb, 2 * probe.sum(axis=(0, 2, 3, 4)), rtol=1e-12)


def test_output_sizes():
    assert V.output_size(7, 3, 2, 1, 2) == 3           # (7 + 2 - 5) // 2 + 1
    assert V.full_output_size(3, 3, 2, 1, 1, 1) == 6   # (3 - 1)*2 - 2 + 3 + 1
    assert V.output_size(V.full_output_size(4, 3, 3, 1, 2, 2), 3, 3, 1, 2) == 4
