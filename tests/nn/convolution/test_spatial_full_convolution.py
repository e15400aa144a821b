"""SpatialFullConvolution: PyTorch's conv_transpose2d, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [
    ((2, 3, 3, 2, 2, 3, 1, 0, 1, 2), (1, 2, 3, 4)),  # batch 1, strides, pad W, adj both
    ((3, 2, 2, 3, 1, 2, 0, 1, 0, 1), (2, 3, 5, 3)),
    ((1, 1, 1, 1), (1, 1, 3, 2)),                    # 1 x 1 kernel
]


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape, per_volume):
    torch = pytest.importorskip("torch")
    m = nn.SpatialFullConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    ref = torch.nn.functional.conv_transpose2d(
        torch.from_numpy(x), torch.from_numpy(m.weight), torch.from_numpy(m.bias), stride=(m.dH, m.dW),
        padding=(m.padH, m.padW), output_padding=(m.adjH, m.adjW)).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape, per_volume):
    m = nn.SpatialFullConvolution(*args).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal(shape))


def test_separate_passes_equal_backward(per_volume):
    rng = np.random.default_rng(2)
    m = nn.SpatialFullConvolution(2, 3, 3, 3, 2, 2, 1, 1, 1, 1).astype(np.float64)
    x = rng.standard_normal((2, 2, 4, 3))
    gy = rng.standard_normal(m.forward(x).shape)
    m.zero_grad_parameters()
    gx = m.backward(x, gy).copy()
    both = m.grad_weight.copy(), m.grad_bias.copy()
    m.zero_grad_parameters()
    np.testing.assert_array_equal(m.update_grad_input(x, gy), gx)
    m.acc_grad_parameters(x, gy, 0.5)
    m.acc_grad_parameters(x, gy, 0.5)
    np.testing.assert_allclose(m.grad_weight, both[0], rtol=1e-12)
    np.testing.assert_allclose(m.grad_bias, both[1], rtol=1e-12)


def test_single_image_and_init():
    m = nn.SpatialFullConvolution(3, 2, 3, 2, 2, 2)
    assert m.weight.shape == (3, 2, 2, 3) and m.bias.shape == (2,)
    bound = 1 / np.sqrt(3 * 2 * 3)
    assert 0.8 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(0).standard_normal((3, 4, 5)).astype(np.float32)
    y = m.forward(x)
    assert y.shape == (2, 8, 11)
    np.testing.assert_array_equal(y, m.forward(x[None])[0])


def test_bad_arguments_and_input():
    with pytest.raises(ValueError, match=r"SpatialFullConvolution: adjW=2 .* stride dW=2"):
        nn.SpatialFullConvolution(2, 3, 3, 3, 2, 2, 0, 0, 2, 0)
    m = nn.SpatialFullConvolution(2, 3, 3, 3)
    with pytest.raises(ValueError, match=r"SpatialFullConvolution.*1 planes.*expected 2.*\(N, 2, H, W\)"):
        m.forward(np.zeros((1, 1, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"SpatialFullConvolution.*empty output along H, W"):
        nn.SpatialFullConvolution(2, 3, 2, 2, 1, 1, 1, 1).forward(np.zeros((1, 2, 1, 1), np.float32))
    with pytest.raises(ValueError, match="dtype"):
        m.forward(np.zeros((1, 2, 4, 4), np.int32))


def test_table_input_takes_adj_from_the_target_size():
    """Torch7's [input, target]: adj = (target size + 2*pad - k) % stride, the target's gradient zero."""
    torch = pytest.importorskip("torch")
    m = nn.SpatialFullConvolution(2, 3, 3, 3, 3, 2, 1, 0).astype(np.float64)
    rng = np.random.default_rng(3)
    x, target = rng.standard_normal((1, 2, 3, 4)), rng.standard_normal((1, 3, 8, 12))
    y = m.forward([x, target])
    assert y.shape == (1, 3, 8, 12)  # adjW = (12 + 2 - 3) % 3 = 2, adjH = (8 + 0 - 3) % 2 = 1
    ref = torch.nn.functional.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(m.weight),
                                               torch.from_numpy(m.bias), stride=(2, 3), padding=(0, 1),
                                               output_padding=(1, 2)).numpy()
    np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)
    check_module_gradients(m, [x[0], target[0]])
    y = m.forward([x, target])
    gx, gt = m.backward([x, target], np.ones_like(y))
    assert gx.shape == x.shape and not gt.any() and gt.shape == target.shape
    assert m.adjW == 0 and m.adjH == 0
    with pytest.raises(ValueError, match=r"SpatialFullConvolution.*\[input, target\]"):
        m.forward([x])
