"""DFT-domain convolution kernels (stride 1, no padding) against a plain-numpy direct-loop reference."""
import numpy as np
import pytest

import nnlib
from nnlib.kernels import spatial_convolution_fft as FK

# (N, C, O, H, W, kH, kW)
SHAPES = [(1, 1, 1, 5, 5, 3, 3),        # batch 1, one plane in and out, odd sizes
          (2, 3, 5, 9, 13, 3, 4),       # non-square planes and kernels
          (1, 5, 3, 8, 6, 3, 3),        # even H and W (Nyquist row and column)
          (3, 2, 4, 10, 12, 4, 5),      # even, non-square
          (2, 3, 1, 7, 8, 7, 1),        # kernel as tall as the plane: one output row
          (4, 1, 3, 6, 5, 1, 1),        # 1 x 1 kernels: outputs as large as the planes
          (2, 2, 3, 6, 1, 2, 1),        # planes one pixel wide
          (5, 27, 13, 6, 7, 3, 2),      # 135 input and 351 kernel planes: uneven blocks on 2 threads
          (10, 32, 64, 11, 11, 5, 5)]   # the seed CNN's second layer
SEED = SHAPES[-1]
F32_TOL = 2e-6  # max |error| / max |reference|; measured up to ~3e-7


def reference_forward(x, w, b):
    """y[n,o,p,q] = b[o] + sum_{c,i,j} w[o,c,i,j] x[n,c,p+i,q+j], one kernel offset at a time."""
    N, C, H, W = x.shape
    O, _, kH, kW = w.shape
    oH, oW = H - kH + 1, W - kW + 1
    y = np.zeros((N, O, oH, oW)) + b[None, :, None, None]
    for i in range(kH):
        for j in range(kW):
            y += np.einsum("oc,ncpq->nopq", w[:, :, i, j], x[:, :, i:i + oH, j:j + oW])
    return y


def reference_backward(x, w, gy):
    """(grad input, grad weight, grad bias) of sum(y * gy), one kernel offset at a time."""
    O, _, kH, kW = w.shape
    oH, oW = gy.shape[2:]
    gx = np.zeros_like(x)
    gw = np.zeros_like(w)
    for i in range(kH):
        for j in range(kW):
            gx[:, :, i:i + oH, j:j + oW] += np.einsum("oc,nopq->ncpq", w[:, :, i, j], gy)
            gw[:, :, i, j] = np.einsum("nopq,ncpq->oc", gy, x[:, :, i:i + oH, j:j + oW])
    return gx, gw, gy.sum(axis=(0, 2, 3))


def _data(shape, dtype):
    N, C, O, H, W, kH, kW = shape
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((O, C, kH, kW))
    b = rng.standard_normal(O)
    gy = rng.standard_normal((N, O, H - kH + 1, W - kW + 1))
    return x, w, b, gy, [a.astype(dtype) for a in (x, w, b, gy)]


def _run(shape, dtype, x, w, b, gy, scale=0.5):
    """All passes; outputs pre-filled so that overwriting and accumulating are both checked."""
    N, C, O, H, W, kH, kW = shape
    spectra = FK.fft_conv_spectra(N, C, O, H, W, kH, kW, dtype)
    out = np.full((N, O, H - kH + 1, W - kW + 1), np.nan, dtype)
    FK.fft_conv_forward(x, w, b, spectra, out)
    FK.fft_conv_grad_output_spectrum(gy, spectra)
    gx = np.full(x.shape, np.nan, dtype)
    FK.fft_conv_grad_input(spectra, gx)
    gw = np.ones(w.shape, dtype)
    gb = np.ones(b.shape, dtype)
    FK.fft_conv_acc_grad_parameters(gy, spectra, gw, gb, scale)
    return out, gx, gw, gb


def _relative_error(a, ref):
    return np.abs(a - ref).max() / np.abs(ref).max()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_passes_match_direct_reference(shape, dtype, threads):
    x, w, b, gy, args = _data(shape, dtype)
    out, gx, gw, gb = _run(shape, dtype, *args)
    ref_y = reference_forward(x, w, b)
    ref_gx, ref_gw, ref_gb = reference_backward(x, w, gy)
    expected = (ref_y, ref_gx, 1 + 0.5 * ref_gw, 1 + 0.5 * ref_gb)
    for name, got, ref in zip(("forward", "grad input", "grad weight", "grad bias"), (out, gx, gw, gb), expected):
        assert got.dtype == dtype
        if dtype == np.float64:
            np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-10, err_msg=name)
        else:
            assert _relative_error(got, ref) < F32_TOL, name


def test_repeats_bit_for_bit(threads):
    """Same inputs twice: identical outputs, also after accumulating into the same starting gradients."""
    _, _, _, _, args = _data(SEED, np.float32)
    first = _run(SEED, np.float32, *args)
    second = _run(SEED, np.float32, *args)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shape", [SHAPES[-2], SEED], ids=["uneven", "seed"])
def test_one_and_two_threads_give_the_same_bits(shape):
    """Transform blocks follow the plane count, not the thread count (a block's width is a GEMM
    dimension, and OpenBLAS may round by it)."""
    _, _, _, _, args = _data(shape, np.float32)
    previous, results = nnlib.get_num_threads(), []
    try:
        for threads in (1, 2):
            nnlib.set_num_threads(threads)
            results.append(_run(shape, np.float32, *args))
    finally:
        nnlib.set_num_threads(previous)
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_backward_reuses_forward_spectra():
    """A later forward pass replaces the spectra the backward passes use: x and w of that pass count."""
    shape = SHAPES[1]
    N, C, O, H, W, kH, kW = shape
    x, w, b, gy, _ = _data(shape, np.float64)
    spectra = FK.fft_conv_spectra(N, C, O, H, W, kH, kW, np.float64)
    out = np.empty((N, O, H - kH + 1, W - kW + 1))
    FK.fft_conv_forward(np.zeros_like(x), np.zeros_like(w), b, spectra, out)
    FK.fft_conv_forward(x, w, b, spectra, out)
    FK.fft_conv_grad_output_spectrum(gy, spectra)
    gx = np.empty_like(x)
    FK.fft_conv_grad_input(spectra, gx)
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    FK.fft_conv_acc_grad_parameters(gy, spectra, gw, gb, 1.0)
    ref_gx, ref_gw, _ = reference_backward(x, w, gy)
    np.testing.assert_allclose(gx, ref_gx, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(gw, ref_gw, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("H, W", [(11, 11), (9, 13), (8, 6), (10, 12), (7, 8), (6, 1), (1, 1), (2, 2)])
def test_frequencies_hold_exactly_the_real_degrees_of_freedom(H, W):
    """Each kept frequency is 2 reals but a self-conjugate one only 1: H*W in all, none kept twice."""
    freq = FK.frequencies(H, W)
    assert 2 * len(freq) - (freq[:, 2] == 1).sum() == H * W
    kept = {(u, v) for u, v, _ in freq}
    assert len(kept) == len(freq)
    for u, v, weight in freq:
        mirror = ((-u) % H, (-v) % W)
        assert (mirror == (u, v)) == (weight == 1)
        assert mirror == (u, v) or mirror not in kept
    assert np.all(np.diff(freq[:, 1]) >= 0)  # grouped by column v, as the transforms read them


def test_wrong_arrays_are_named():
    N, C, O, H, W, kH, kW = SHAPES[1]
    spectra = FK.fft_conv_spectra(N, C, O, H, W, kH, kW, np.float32)
    x = np.zeros((N, C, H, W), np.float32)
    w = np.zeros((O, C, kH, kW), np.float32)
    b = np.zeros(O, np.float32)
    out = np.zeros((N, O, H - kH + 1, W - kW + 1), np.float32)
    with pytest.raises(ValueError, match="^x:"):
        FK.fft_conv_forward(x.astype(np.float64), w, b, spectra, out)
    with pytest.raises(ValueError, match="^weight:"):
        FK.fft_conv_forward(x, w[:, :, :, :-1], b, spectra, out)
    with pytest.raises(ValueError, match="^out:"):
        FK.fft_conv_forward(x, w, b, spectra, out.transpose(0, 1, 3, 2))
    with pytest.raises(ValueError, match="bad geometry"):
        FK.fft_conv_spectra(N, C, O, H, W, H + 1, kW, np.float32)


def test_scratch_too_small_for_the_threads_is_an_error():
    N, C, O, H, W, kH, kW = SEED
    x, w, b, gy, (x32, w32, b32, gy32) = _data(SEED, np.float32)
    spectra = FK.fft_conv_spectra(N, C, O, H, W, kH, kW, np.float32)._replace(work=np.empty(100, np.float32))
    with pytest.raises(ValueError, match="scratch array is too small"):
        FK.fft_conv_forward(x32, w32, b32, spectra, np.empty((N, O, H - kH + 1, W - kW + 1), np.float32))
