"""The examples and output-size formulas of torch/nn's doc/convolution.md, translated to
nnlib (0-based indices, batch-first Temporal modules, NCHW / NCDHW), asserting the
results the page documents."""

import math

import numpy as np
import pytest

import nnlib
from nnlib import nn

f32 = np.float32


def test_temporal_convolution_is_a_dot_per_frame():
    nnlib.manual_seed(0)
    inp, outp, kw, dw = 5, 1, 1, 1
    mlp = nn.TemporalConvolution(inp, outp, kw, dw)
    x = np.random.default_rng(0).random((7, inp)).astype(f32)
    out = mlp.forward(x)
    assert out.shape == (7, 1)
    weights = mlp.weight.reshape(inp)
    bias = mlp.bias[0]
    for i in range(x.shape[0]):
        assert out[i, 0] == pytest.approx(float(x[i] @ weights + bias), rel=1e-5, abs=1e-6)


def test_lookup_table_rows():
    nnlib.manual_seed(0)
    module = nn.LookupTable(10, 3)
    out = module.forward(np.array([0, 1, 0, 9]))  # Torch7's {1,2,1,10}
    assert out.shape == (4, 3)
    np.testing.assert_array_equal(out, module.weight[[0, 1, 0, 9]])
    np.testing.assert_array_equal(out[0], out[2])


def test_lookup_table_batch():
    nnlib.manual_seed(0)
    module = nn.LookupTable(10, 3)
    idx = np.array([[0, 1, 3, 4], [3, 2, 1, 9]])  # Torch7's {{1,2,4,5},{4,3,2,10}}
    out = module.forward(idx)
    assert out.shape == (2, 4, 3)
    np.testing.assert_array_equal(out, module.weight[idx])
    np.testing.assert_array_equal(out[0, 2], out[1, 0])
    np.testing.assert_array_equal(out[0, 1], out[1, 2])


LUT_WEIGHT = np.array([[0.2194, 1.4759, -1.1829], [0.7069, 0.2436, 0.9876],
                       [-0.2955, 0.3267, 1.1844], [-0.0575, -0.2957, 1.5079],
                       [-0.2541, 0.5331, -0.0083], [0.8005, -1.5994, -0.4732],
                       [-0.0065, 2.3441, -0.6354], [0.2910, 0.4230, 0.0975],
                       [1.2662, 1.1846, 1.0114], [-0.4095, -1.0676, -0.9056]])


def test_lookup_table_max_norm():
    # Torch7's LookupTable(10, 3, 0, 1, 2): no padding index, max 2-norm 1.
    module = nn.LookupTable(10, 3, None, 1, 2).double()
    module.weight[...] = LUT_WEIGHT
    out = module.forward(np.array([0, 1, 0, 9]))
    expected_out = [[0.1152, 0.7751, -0.6212], [0.5707, 0.1967, 0.7973],
                    [0.1152, 0.7751, -0.6212], [-0.2808, -0.7319, -0.6209]]
    # The doc prints the weight and the result to 4 decimals: the rounding of the printed
    # weight moves the re-normalised rows by up to ~5e-5 on top of the output's own rounding.
    np.testing.assert_allclose(out, expected_out, atol=1e-4)
    assert np.all(np.linalg.norm(out, axis=1) <= 1 + 1e-6)
    # The accessed rows are re-normalised in the weight; the others are untouched.
    expected_weight = LUT_WEIGHT.copy()
    expected_weight[[0, 1, 9]] = [expected_out[0], expected_out[1], expected_out[3]]
    np.testing.assert_allclose(module.weight, expected_weight, atol=1e-4)
    untouched = [2, 3, 4, 5, 6, 7, 8]
    np.testing.assert_array_equal(module.weight[untouched], LUT_WEIGHT[untouched])


def conv_out(size, k, d=1, pad=0, dil=1):
    return (size + 2 * pad - dil * (k - 1) - 1) // d + 1


# (module factory, input shape, expected output shape by the doc's formula)
H, W = 9, 7
SHAPE_CASES = {
    "TemporalConvolution": (lambda: nn.TemporalConvolution(4, 3, 3, 2), (2, 9, 4),
                            (2, (9 - 3) // 2 + 1, 3)),
    "TemporalMaxPooling": (lambda: nn.TemporalMaxPooling(3, 2), (2, 9, 4), (2, (9 - 3) // 2 + 1, 4)),
    "TemporalSubSampling": (lambda: nn.TemporalSubSampling(4, 3, 2), (9, 4), ((9 - 3) // 2 + 1, 4)),
    "SpatialConvolution": (lambda: nn.SpatialConvolution(2, 3, 3, 2, 2, 1, 1, 0), (1, 2, H, W),
                           (1, 3, math.floor((H - 2) / 1 + 1), math.floor((W + 2 - 3) / 2 + 1))),
    "SpatialFullConvolution": (lambda: nn.SpatialFullConvolution(2, 3, 3, 2, 2, 1, 1, 0, 1, 0),
                               (1, 2, H, W), (1, 3, (H - 1) * 1 - 0 + 2 + 0, (W - 1) * 2 - 2 + 3 + 1)),
    "SpatialDilatedConvolution": (lambda: nn.SpatialDilatedConvolution(2, 3, 3, 2, 2, 1, 1, 0, 2, 3),
                                  (1, 2, H, W), (1, 3, conv_out(H, 2, 1, 0, 3), conv_out(W, 3, 2, 1, 2))),
    "SpatialDepthWiseConvolution": (lambda: nn.SpatialDepthWiseConvolution(2, 3, 3, 2, 2, 1, 1, 0),
                                    (1, 2, H, W), (1, 6, conv_out(H, 2), conv_out(W, 3, 2, 1))),
    "SpatialConvolutionLocal": (lambda: nn.SpatialConvolutionLocal(2, 3, W, H, 3, 2, 2, 1, 1, 0),
                                (1, 2, H, W), (1, 3, conv_out(H, 2), conv_out(W, 3, 2, 1))),
    "SpatialMaxPooling": (lambda: nn.SpatialMaxPooling(3, 2, 2, 2, 1, 1), (1, 2, H, W),
                          (1, 2, math.floor((H + 2 - 2) / 2 + 1), math.floor((W + 2 - 3) / 2 + 1))),
    "SpatialMaxPooling.ceil": (lambda: nn.SpatialMaxPooling(2, 2, 2, 2).ceil(), (1, 2, H, W),
                               (1, 2, math.ceil((H - 2) / 2 + 1), math.ceil((W - 2) / 2 + 1))),
    "SpatialDilatedMaxPooling": (lambda: nn.SpatialDilatedMaxPooling(2, 2, 1, 2, 0, 0, 2, 2), (1, 2, H, W),
                                 (1, 2, math.floor((H - (2 * 1 + 1)) / 2 + 1),
                                  math.floor((W - (2 * 1 + 1)) / 1 + 1))),
    "SpatialFractionalMaxPooling.out": (lambda: nn.SpatialFractionalMaxPooling(2, 2, 4, 5), (1, 2, H, W),
                                        (1, 2, 5, 4)),
    "SpatialFractionalMaxPooling.ratio": (lambda: nn.SpatialFractionalMaxPooling(2, 2, 0.5, 0.7),
                                          (1, 2, H, W), (1, 2, math.floor(H * 0.7), math.floor(W * 0.5))),
    "SpatialAveragePooling": (lambda: nn.SpatialAveragePooling(3, 2, 2, 1, 1, 0), (1, 2, H, W),
                              (1, 2, conv_out(H, 2), conv_out(W, 3, 2, 1))),
    "SpatialAdaptiveMaxPooling": (lambda: nn.SpatialAdaptiveMaxPooling(4, 5), (1, 2, H, W), (1, 2, 5, 4)),
    "SpatialSubSampling": (lambda: nn.SpatialSubSampling(2, 3, 2, 2, 1), (1, 2, H, W),
                           (1, 2, (H - 2) // 1 + 1, (W - 3) // 2 + 1)),
    "SpatialUpSamplingNearest": (lambda: nn.SpatialUpSamplingNearest(3), (1, 2, 3, 2), (1, 2, 9, 6)),
    # The doc gives oH = (iH - 1)(scale - 1) + iH, but Torch7's SpatialUpSamplingBilinear.lua
    # (the specification) sizes the output iH * scale, as nnlib does.
    "SpatialUpSamplingBilinear": (lambda: nn.SpatialUpSamplingBilinear(3), (1, 2, 3, 2), (1, 2, 9, 6)),
    "VolumetricConvolution": (lambda: nn.VolumetricConvolution(2, 3, 2, 3, 2, 1, 2, 1, 1, 1, 0),
                              (1, 2, 5, H, W), (1, 3, conv_out(5, 2, 1, 1), conv_out(H, 2), conv_out(W, 3, 2, 1))),
    "VolumetricFullConvolution": (lambda: nn.VolumetricFullConvolution(2, 3, 2, 3, 2, 2, 2, 1, 0, 1, 0, 1, 1, 0),
                                  (1, 2, 3, 4, 5), (1, 3, (3 - 1) * 2 + 2 + 1, (4 - 1) * 1 + 2, (5 - 1) * 2 - 2 + 3 + 1)),
    # The doc's formula for VolumetricDilatedConvolution reads "- dilation * (k-1) + 1"; the
    # module (Torch7's and nnlib's) computes "- dilation * (k-1) - 1", the spatial formula.
    "VolumetricDilatedConvolution": (lambda: nn.VolumetricDilatedConvolution(2, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 1, 2),
                                     (1, 2, 5, H, W), (1, 3, conv_out(5, 2, dil=2), conv_out(H, 2, dil=2), conv_out(W, 2))),
    "VolumetricDilatedMaxPooling": (lambda: nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 2, 1, 0, 0, 0, 2, 1, 1),
                                    (1, 2, 5, H, W), (1, 2, math.floor((5 - 3) / 1 + 1), math.floor((H - 2) / 1 + 1),
                                                      math.floor((W - 2) / 2 + 1))),
    "UpSampling.nearest": (lambda: nn.UpSampling(2, "nearest"), (1, 2, 3, 2, 3), (1, 2, 6, 4, 6)),
}


@pytest.mark.parametrize("name", sorted(SHAPE_CASES))
def test_documented_output_sizes(name):
    nnlib.manual_seed(0)
    make, in_shape, out_shape = SHAPE_CASES[name]
    x = np.random.default_rng(0).standard_normal(in_shape).astype(f32)
    assert make().forward(x).shape == out_shape


def test_spatial_convolution_formula():
    # output = bias + sum over planes and the kernel window of weight * input
    nnlib.manual_seed(0)
    m = nn.SpatialConvolution(2, 3, 3, 2, 2, 1).double()
    x = np.random.default_rng(0).standard_normal((2, 5, 7))
    out = m.forward(x)
    ref = np.empty((3, 4, 3))
    for i in range(4):
        for j in range(3):
            ref[:, i, j] = m.bias + np.einsum("ochw,chw->o", m.weight, x[:, i:i + 2, 2 * j:2 * j + 3])
    np.testing.assert_allclose(out, ref, rtol=1e-10)


def test_spatial_upsampling_nearest_formula():
    x = np.arange(6, dtype=f32).reshape(1, 1, 2, 3)
    out = nn.SpatialUpSamplingNearest(2).forward(x)
    u, v = np.meshgrid(np.arange(4), np.arange(6), indexing="ij")
    np.testing.assert_array_equal(out[0, 0], x[0, 0][u // 2, v // 2])


def test_spatial_subtractive_normalization_removes_the_local_mean():
    # The doc runs it on image.lena(); a constant image has nothing left once its local
    # mean is subtracted, a varying one keeps its shape.
    ker = np.ones(11, f32)
    m = nn.SpatialSubtractiveNormalization(1, ker)
    out = m.forward(np.full((1, 13, 15), 0.7, f32))
    assert out.shape == (1, 13, 15)
    np.testing.assert_allclose(out, 0, atol=1e-6)


@pytest.mark.parametrize("affine", [True, False])
def test_spatial_batch_normalization_shape(affine):
    b, m, h, w = 2, 3, 3, 5
    a = np.random.default_rng(0).standard_normal((b, m, h, w)).astype(f32)
    c = nn.SpatialBatchNormalization(m, affine=affine).forward(a)
    assert c.shape == (b, m, h, w)
    mean = a.mean(axis=(0, 2, 3), keepdims=True)
    std = np.sqrt(a.var(axis=(0, 2, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(c, (a - mean) / std, rtol=1e-4, atol=1e-5)


def test_spatial_convolution_map_full_table_is_a_spatial_convolution():
    # "nn.SpatialConvolution is equivalent to using a full connection table"
    nnlib.manual_seed(0)
    m = nn.SpatialConvolutionMap(nn.tables.full(2, 3), 3, 2).double()
    x = np.random.default_rng(0).standard_normal((2, 5, 6))
    out = m.forward(x)
    assert out.shape == (3, 4, 4)
    # one kernel per (input plane, output plane) row of the table
    ref = np.empty((3, 4, 4))
    ref[:] = m.bias[:, None, None]
    for r, (i, o) in enumerate(nn.tables.full(2, 3)):
        for y in range(4):
            for xx in range(4):
                ref[o, y, xx] += (m.weight[r] * x[i, y:y + 2, xx:xx + 3]).sum()
    np.testing.assert_allclose(out, ref, rtol=1e-10)
    assert len(nn.tables.one_to_one(4)) == 4
    assert len(nn.tables.random(4, 3, 2)) == 3 * 2


def test_spatial_paddings():
    x = np.arange(12, dtype=f32).reshape(1, 3, 4)
    out = nn.SpatialZeroPadding(1, 2, 0, 1).forward(x)
    np.testing.assert_array_equal(out, np.pad(x, ((0, 0), (0, 1), (1, 2))))
    # negative values crop
    np.testing.assert_array_equal(nn.SpatialZeroPadding(-1, 0, 0, -1).forward(x), x[:, :2, 1:])
    np.testing.assert_array_equal(nn.SpatialReflectionPadding(1, 2, 2, 1).forward(x),
                                  np.pad(x, ((0, 0), (2, 1), (1, 2)), mode="reflect"))
    np.testing.assert_array_equal(nn.SpatialReplicationPadding(1, 2, 2, 1).forward(x),
                                  np.pad(x, ((0, 0), (2, 1), (1, 2)), mode="edge"))
    v = np.arange(24, dtype=f32).reshape(1, 2, 3, 4)
    np.testing.assert_array_equal(nn.VolumetricReplicationPadding(1, 0, 0, 2, 1, 1).forward(v),
                                  np.pad(v, ((0, 0), (1, 1), (0, 2), (1, 0)), mode="edge"))


def test_spatial_max_unpooling_puts_values_back_at_the_maxima():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1, 2, 4, 6)).astype(f32)
    pool = nn.SpatialMaxPooling(2, 2)
    b = pool.forward(a)
    unpool = nn.SpatialMaxUnpooling(pool)
    c = rng.standard_normal(b.shape).astype(f32)
    d = unpool.forward(c)
    assert d.shape == a.shape
    for k in range(2):
        for i in range(2):
            for j in range(3):
                win = a[0, k, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
                r, s = np.unravel_index(win.argmax(), win.shape)
                expected = np.zeros((2, 2), f32)
                expected[r, s] = c[0, k, i, j]
                np.testing.assert_array_equal(d[0, k, 2 * i:2 * i + 2, 2 * j:2 * j + 2], expected)


@pytest.mark.parametrize("cls", ["SpatialAdaptiveMaxPooling", "SpatialAdaptiveAveragePooling"])
def test_adaptive_pooling_regions(cls):
    x = np.random.default_rng(0).standard_normal((1, 7, 9))
    ow, oh = 4, 3
    out = getattr(nn, cls)(ow, oh).double().forward(x)
    reduce = np.max if "Max" in cls else np.mean
    for i in range(oh):
        for j in range(ow):
            ys, ye = math.floor(i / oh * 7), math.ceil((i + 1) / oh * 7)
            xs, xe = math.floor(j / ow * 9), math.ceil((j + 1) / ow * 9)
            assert out[0, i, j] == pytest.approx(reduce(x[0, ys:ye, xs:xe]), rel=1e-12)


def test_volumetric_pooling_sizes():
    x = np.random.default_rng(0).standard_normal((1, 2, 5, 7, 6)).astype(f32)
    assert nn.VolumetricMaxPooling(2, 3, 2, 1, 2, 2).forward(x).shape == (1, 2, 4, 3, 2)  # T (5-2)+1, H (7-2)//2+1, W (6-3)//2+1
    assert nn.VolumetricAveragePooling(2, 3, 2, 1, 2, 2).forward(x).shape == (1, 2, 4, 3, 2)  # T (5-2)+1, H (7-2)//2+1, W (6-3)//2+1
    nnlib.manual_seed(0)
    assert nn.VolumetricFractionalMaxPooling(2, 2, 2, 3, 4, 5).forward(x).shape == (1, 2, 3, 5, 4)
    out = nn.VolumetricFractionalMaxPooling(2, 2, 2, 0.5, 0.5, 0.5).forward(x)
    assert out.shape == (1, 2, math.floor(5 * 0.5), math.floor(7 * 0.5), math.floor(6 * 0.5))
