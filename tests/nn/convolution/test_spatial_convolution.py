"""SpatialConvolution: gradients, shapes, Torch's init and clear errors on bad input."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import spatial_convolution as K
from nnlib.kernels import spatial_convolution_fft as FK
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("args, shape", [
    ((2, 3, 3, 3), (1, 2, 5, 4)),                 # batch 1, non-square
    ((3, 2, 3, 2, 2, 1, 1, 0), (2, 3, 7, 6)),     # stride 2, padding 1 (W only)
    ((1, 2, 2, 3, 1, 2, 1), (1, 1, 5, 5)),        # padding 1 both axes, stride 2 along H
])
@pytest.mark.parametrize("per_image", [False, True])
def test_gradients(args, shape, per_image, monkeypatch):
    monkeypatch.setattr(K, "PER_IMAGE_MIN_PLANE", 1 if per_image else 1 << 60)
    conv = nn.SpatialConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    check_module_gradients(conv, x)


@pytest.mark.parametrize("args, shape", [
    ((2, 3, 3, 2), (1, 2, 5, 4)),     # batch 1, non-square kernel and input
    ((3, 4, 3, 3), (2, 3, 7, 6)),     # even width
    ((1, 2, 1, 1), (3, 1, 4, 3)),     # 1 x 1 kernels
])
def test_gradients_through_the_dft(args, shape, monkeypatch):
    monkeypatch.setattr(FK, "fft_pays", lambda *geometry: True)
    conv = nn.SpatialConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    conv.forward(x)
    assert conv._plan.algorithm == "dft"
    check_module_gradients(conv, x)


def _all_passes(conv, x, gy, separate=False):
    """(output, grad input, grad weight, grad bias) of one forward and backward, copied."""
    y = conv.forward(x).copy()
    conv.zero_grad_parameters()
    if separate:
        gx = conv.update_grad_input(x, gy).copy()
        conv.acc_grad_parameters(x, gy, 0.5)
        conv.acc_grad_parameters(x, gy, 0.5)
    else:
        gx = conv.backward(x, gy).copy()
    return y, gx, conv.grad_weight.copy(), conv.grad_bias.copy()


def test_dft_path_agrees_with_im2col():
    """The seed CNN's second layer takes the DFT path; im2col gives the same passes."""
    rng = np.random.default_rng(2)
    conv = nn.SpatialConvolution(32, 64, 5, 5).astype(np.float64)
    x = rng.standard_normal((10, 32, 11, 11))
    gy = rng.standard_normal((10, 64, 7, 7))
    dft = _all_passes(conv, x, gy)
    assert conv._plan.algorithm == "dft"
    separate = _all_passes(conv, x, gy, separate=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FK, "fft_pays", lambda *geometry: False)
        im2col = _all_passes(conv.clear_state(), x, gy)  # clear_state drops the plan: chosen again
        assert conv._plan.algorithm == "batched"
    for a, b, c in zip(dft, separate, im2col):
        np.testing.assert_allclose(a, c, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(b, c, rtol=1e-9, atol=1e-9)


def test_dft_path_is_chosen_by_geometry():
    """DFT for small planes, large kernels, enough images and planes, stride 1, no padding."""
    seed_second = dict(n_img=10, n_in=32, n_out=64, H=11, W=11, kH=5, kW=5, dH=1, dW=1, padH=0, padW=0)
    assert FK.fft_pays(**seed_second)
    assert FK.fft_pays(**dict(seed_second, n_in=6, n_out=16, H=14, W=14))     # LeNet's second layer
    assert not FK.fft_pays(**dict(seed_second, n_in=1, n_out=32, H=28, W=28))  # the seed CNN's first
    assert not FK.fft_pays(**dict(seed_second, n_img=1))
    assert not FK.fft_pays(**dict(seed_second, dH=2))
    assert not FK.fft_pays(**dict(seed_second, padW=1))
    assert not FK.fft_pays(**dict(seed_second, kH=3, kW=3))
    assert not FK.fft_pays(**dict(seed_second, H=64, W=64))


def test_dft_work_follows_shape_and_dtype():
    rng = np.random.default_rng(3)
    conv = nn.SpatialConvolution(8, 8, 5, 5)
    x = rng.standard_normal((6, 8, 11, 11)).astype(np.float32)
    first = conv.forward(x).copy()
    assert conv._plan.spectra.xs.dtype == np.float32
    assert conv.forward(x[:4]).shape == (4, 8, 7, 7)
    np.testing.assert_array_equal(conv.forward(x), first)
    conv.astype(np.float64)
    np.testing.assert_allclose(conv.forward(x.astype(np.float64)), first, rtol=1e-5, atol=1e-5)
    assert conv._plan.spectra.xs.dtype == np.float64


def test_large_planes_run_per_image_with_the_same_result():
    """24 x 24 output planes take the per-image GEMMs; they agree with the batched ones."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 2, 28, 28))
    conv = nn.SpatialConvolution(2, 4, 5, 5).astype(np.float64)
    assert K.per_image_pays(24 * 24)
    gy = rng.standard_normal((3, 4, 24, 24))
    per_image = _all_passes(conv, x, gy)
    assert conv._plan.algorithm == "per_image"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(K, "PER_IMAGE_MIN_PLANE", 1 << 60)
        batched = _all_passes(conv.clear_state(), x, gy)
        assert conv._plan.algorithm == "batched"
    for a, b in zip(per_image, batched):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("plane_side, dft", [(24, False), (7, False), (7, True)])  # per image, batched, DFT
def test_grad_output_of_another_float_dtype_is_cast(plane_side, dft, monkeypatch):
    monkeypatch.setattr(FK, "fft_pays", lambda *geometry: dft)
    conv = nn.SpatialConvolution(2, 3, 5, 5)
    x = np.random.default_rng(0).standard_normal((2, 2, plane_side + 4, plane_side + 4)).astype(np.float32)
    gy = np.random.default_rng(1).standard_normal(conv.forward(x).shape)
    expected = conv.backward(x, gy.astype(np.float32)).copy()
    np.testing.assert_array_equal(conv.backward(x, gy), expected)


def test_single_image_is_a_batch_of_one():
    conv = nn.SpatialConvolution(2, 3, 3, 3, 1, 1, 1)
    x = np.random.default_rng(0).standard_normal((2, 5, 6)).astype(np.float32)
    batched = conv.forward(x[None]).copy()
    y = conv.forward(x)
    assert y.shape == (3, 5, 6)
    np.testing.assert_array_equal(y, batched[0])
    gx = conv.backward(x, np.ones_like(y))
    assert gx.shape == x.shape


def test_output_shape_and_init():
    conv = nn.SpatialConvolution(3, 8, 5, 3, 2, 1, 1, 0)
    assert conv.weight.shape == (8, 3, 3, 5) and conv.bias.shape == (8,)
    bound = 1 / np.sqrt(5 * 3 * 3)
    assert np.abs(conv.weight).max() <= bound and np.abs(conv.bias).max() <= bound
    assert np.abs(conv.weight).max() > 0.8 * bound
    assert conv.forward(np.zeros((4, 3, 10, 9), np.float32)).shape == (4, 8, 8, 4)
    assert conv.output.dtype == np.float32


def test_gradients_accumulate_with_scale():
    conv = nn.SpatialConvolution(2, 2, 3, 3).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((2, 2, 5, 5))
    gy = np.ones(conv.forward(x).shape)
    conv.zero_grad_parameters()
    conv.backward(x, gy)
    once = conv.grad_weight.copy(), conv.grad_bias.copy()
    conv.backward(x, gy, scale=0.5)
    np.testing.assert_allclose(conv.grad_weight, 1.5 * once[0])
    np.testing.assert_allclose(conv.grad_bias, 1.5 * once[1])


def test_kernel_larger_than_padded_input():
    conv = nn.SpatialConvolution(1, 4, 5, 5, 1, 1, 1)
    with pytest.raises(ValueError, match=r"SpatialConvolution.*\(2, 1, 2, 2\).*smaller than the 5x5 kernel"):
        conv.forward(np.zeros((2, 1, 2, 2), np.float32))


def test_channel_mismatch():
    conv = nn.SpatialConvolution(3, 4, 3, 3)
    with pytest.raises(ValueError, match=r"SpatialConvolution.*\(2, 1, 8, 8\) has 1 channels.*expected 3.*\(N, 3, H, W\)"):
        conv.forward(np.zeros((2, 1, 8, 8), np.float32))


def test_non_nchw_input():
    conv = nn.SpatialConvolution(1, 4, 3, 3)
    with pytest.raises(ValueError, match=r"SpatialConvolution.*NCHW.*\(N, 1, H, W\).*\(2, 64\)"):
        conv.forward(np.zeros((2, 64), np.float32))


def test_repr():
    assert repr(nn.SpatialConvolution(1, 32, 5, 5)) == "nn.SpatialConvolution(1 -> 32, 5x5)"
    assert repr(nn.SpatialConvolution(3, 8, 3, 3, 2, 2, 1, 1)) == "nn.SpatialConvolution(3 -> 8, 3x3, 2,2, 1,1)"


def test_need_grad_input_false_skips_only_the_input_gradient():
    x = np.random.default_rng(0).standard_normal((2, 1, 6, 5)).astype(np.float32)
    full, skip = nn.SpatialConvolution(1, 3, 3, 3), nn.SpatialConvolution(1, 3, 3, 3)
    skip.weight[...], skip.bias[...] = full.weight, full.bias
    skip.need_grad_input = False
    gy = np.ones(full.forward(x).shape, np.float32)
    skip.forward(x)
    assert full.backward(x, gy) is not None and skip.backward(x, gy) is None
    assert skip.update_grad_input(x, gy) is None
    np.testing.assert_array_equal(skip.grad_weight, full.grad_weight)
    np.testing.assert_array_equal(skip.grad_bias, full.grad_bias)


def test_empty_batch_adds_nothing_to_the_gradients():
    conv = nn.SpatialConvolution(1, 2, 5, 5)
    x = np.zeros((0, 1, 28, 28), np.float32)
    y = conv.forward(x)
    assert y.shape == (0, 2, 24, 24)
    conv.zero_grad_parameters()
    conv._grad_weight_t = np.full((1, 25, 2), np.nan, np.float32)  # stale scratch of one image block
    assert conv.backward(x, y).shape == x.shape
    assert not conv.grad_weight.any() and not conv.grad_bias.any()


def test_dft_path_takes_a_non_contiguous_weight():
    rng = np.random.default_rng(4)
    conv = nn.SpatialConvolution(8, 8, 5, 5)
    x = rng.standard_normal((6, 8, 11, 11)).astype(np.float32)
    expected = conv.forward(x).copy()
    conv.weight = np.asfortranarray(conv.weight)
    np.testing.assert_array_equal(conv.forward(x), expected)
