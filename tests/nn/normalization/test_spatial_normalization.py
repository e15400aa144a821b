"""SpatialNormalization (nnx): against a numpy transcription of nnx's module composition (padding,
one-to-one convolutions, Sum, Replicate, CDivTable, Threshold), the adaptive threshold, gradients, errors."""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from nnlib import nn
from nnlib.testing import check_module_gradients

KERNELS = {"gauss5x5": nn.image_gaussian(5, dtype=np.float64), "ones3x4": np.ones((3, 4)),
           "pair1x3_4x1": [np.array([[1.0, 2.0, 1.0]]), np.arange(1.0, 5.0).reshape(4, 1)]}


def nnx_reference(x, kernel, threshold=None):
    """nnx's forward for one (C, H, W) image, step by step as its modules compute it; returns (y, t)."""
    kernels = [np.asarray(k, np.float64) for k in (kernel if isinstance(kernel, list) else [kernel])]
    kernels = [k / k.sum() for k in kernels]
    n_planes = x.shape[0]

    def convo(a):  # Sequential(SpatialPadding, SpatialConvolutionMap(oneToOne), Sum(1), Replicate(C)) per kernel
        for k in kernels:
            kh, kw = k.shape
            padded = np.pad(a, ((0, 0), (kh // 2, kh // 2 - (kh % 2 == 0)), (kw // 2, kw // 2 - (kw % 2 == 0))))
            planes = np.einsum("chwij,ij->chw", sliding_window_view(padded, (kh, kw), axis=(1, 2)), k)
            a = np.repeat(planes.sum(axis=0, keepdims=True), n_planes, axis=0)
        return a

    coef = convo(np.ones_like(x))
    zero_mean = x - convo(x) / coef
    std = np.sqrt(convo(zero_mean ** 2)) / coef
    t = max(std.mean(), 1e-3) if threshold is None else threshold
    return zero_mean / np.where(std > t, std, t), t


@pytest.mark.parametrize("name", list(KERNELS))
@pytest.mark.parametrize("threshold", [None, 0.4])
@pytest.mark.parametrize("shape", [(3, 7, 6), (2, 3, 5, 9)])
def test_matches_the_nnx_composition(name, threshold, shape):
    x = np.random.default_rng(0).standard_normal(shape)
    x[..., :3, :2] *= 1e-3  # a quiet corner: its std falls under the threshold there
    module = nn.SpatialNormalization(3, KERNELS[name], threshold).astype(np.float64)
    out = module.forward(x)
    assert out.shape == shape
    images = x if x.ndim == 4 else x[None]
    expected = np.stack([nnx_reference(image, KERNELS[name], threshold)[0] for image in images])
    np.testing.assert_allclose(out, expected.reshape(shape), rtol=1e-10, atol=1e-12)


def test_float32_follows_the_float64_result():
    x = np.random.default_rng(1).standard_normal((2, 9, 8))
    module = nn.SpatialNormalization(2, KERNELS["gauss5x5"])
    np.testing.assert_allclose(module.forward(x.astype(np.float32)), nnx_reference(x, KERNELS["gauss5x5"])[0],
                               rtol=1e-4, atol=1e-4)


def test_a_2d_image_is_one_plane_and_gives_a_3d_output_as_nnx():
    x = np.random.default_rng(2).standard_normal((6, 7))
    module = nn.SpatialNormalization(1, np.ones((3, 3))).astype(np.float64)
    out = module.forward(x)
    assert out.shape == (1, 6, 7)
    np.testing.assert_allclose(out, nnx_reference(x[None], np.ones((3, 3)))[0], rtol=1e-12)
    assert module.backward(x, np.ones_like(out)).shape == (6, 7)


@pytest.mark.parametrize("name", list(KERNELS))
@pytest.mark.parametrize("shape", [(3, 5, 4), (2, 3, 4, 5)])
def test_gradients_with_a_fixed_threshold(name, shape):
    x = np.random.default_rng(3).standard_normal(shape)
    x[..., :2, :2] *= 1e-3
    # 0.6 lies inside the std's range: some positions are thresholded, others not
    module = nn.SpatialNormalization(3, KERNELS[name], 0.6).astype(np.float64)
    module.forward(x)
    assert (module._std > 0.6).any() and (module._std < 0.6).any()
    check_module_gradients(module, x)


def test_the_adaptive_threshold_is_a_constant_of_the_backward_pass_as_in_nnx():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 2, 6, 5))
    x[1] *= 3.0
    adaptive = nn.SpatialNormalization(2, KERNELS["ones3x4"]).astype(np.float64)
    out = adaptive.forward(x)
    g = rng.standard_normal(out.shape)
    grad = adaptive.backward(x, g).copy()
    for n in range(2):  # each image its own threshold: the mean of its std
        _, t = nnx_reference(x[n], KERNELS["ones3x4"])
        fixed = nn.SpatialNormalization(2, KERNELS["ones3x4"], t).astype(np.float64)
        np.testing.assert_allclose(fixed.forward(x[n]), out[n], rtol=1e-12)
        np.testing.assert_allclose(fixed.backward(x[n], g[n]), grad[n], rtol=1e-10, atol=1e-12)
        check_module_gradients(fixed, x[n])


def test_the_adaptive_threshold_is_at_least_1e_3():
    module = nn.SpatialNormalization(1, np.ones((3, 3))).astype(np.float64)
    x = np.full((1, 5, 5), 2.0)
    x[0, 2, 2] = 2.0 + 1e-6
    out = module.forward(x)
    _, t = nnx_reference(x, np.ones((3, 3)))
    assert t == 1e-3 and module._thresholds.item() == 1e-3
    np.testing.assert_allclose(out, nnx_reference(x, np.ones((3, 3)))[0], rtol=1e-9)


def test_kernel_normalised_and_printed():
    module = nn.SpatialNormalization(4, [np.ones((1, 5)), np.full((5, 1), 3.0)], 0.25)
    np.testing.assert_allclose(module.kernel, np.full((1, 5), 0.2))
    np.testing.assert_allclose(module.kernel2, np.full((5, 1), 0.2))
    assert repr(module) == "nn.SpatialNormalization(4, kernel 1x5 then 5x1, threshold 0.25)"


def test_errors():
    with pytest.raises(ValueError, match=r"SpatialNormalization: a kernel must be a non-empty 2-D array.*\(5,\)"):
        nn.SpatialNormalization(1, np.ones(5))
    with pytest.raises(ValueError, match="sums to 0"):
        nn.SpatialNormalization(1, np.array([[1.0, -1.0]]))
    module = nn.SpatialNormalization(2, np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"SpatialNormalization.*\(3, 4, 4\) has 3 planes, expected 2"):
        module.forward(np.zeros((3, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"SpatialNormalization.*\(N, C, H, W\) batch with C = 2, got shape \(4,\)"):
        module.forward(np.zeros(4, np.float32))
    with pytest.raises(ValueError, match=r"SpatialNormalization.*an \(H, W\) image is one plane"):
        module.forward(np.zeros((4, 4), np.float32))
    module.forward(np.ones((2, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"SpatialNormalization.*grad_output shape \(2, 4, 3\)"):
        module.backward(np.ones((2, 4, 4), np.float32), np.ones((2, 4, 3), np.float32))
