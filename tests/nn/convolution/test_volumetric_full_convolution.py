"""VolumetricFullConvolution: PyTorch's conv_transpose3d, gradients, init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [
    ((2, 3, 2, 3, 2, 2, 1, 3, 1, 0, 1, 1, 0, 2), (1, 2, 3, 3, 2)),  # batch 1, strides, pads, adj
    ((1, 2, 1, 2, 2, 1, 2, 1, 0, 0, 0, 0, 1, 0), (2, 1, 2, 3, 3)),
]


@pytest.mark.parametrize("args, shape", CASES)
def test_forward_matches_torch(args, shape):
    torch = pytest.importorskip("torch")
    m = nn.VolumetricFullConvolution(*args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    ref = torch.nn.functional.conv_transpose3d(
        torch.from_numpy(x), torch.from_numpy(m.weight), torch.from_numpy(m.bias), stride=(m.dT, m.dH, m.dW),
        padding=(m.padT, m.padH, m.padW), output_padding=(m.adjT, m.adjH, m.adjW)).numpy()
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("args, shape", CASES)
def test_gradients(args, shape):
    m = nn.VolumetricFullConvolution(*args).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal(shape))


def test_single_volume_init_and_errors():
    m = nn.VolumetricFullConvolution(2, 3, 2, 2, 2, 2, 2, 2)
    assert m.weight.shape == (2, 3, 2, 2, 2) and m.bias.shape == (3,)
    bound = 1 / np.sqrt(2 * 2 * 2 * 2)
    assert 0.8 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(0).standard_normal((2, 2, 3, 1)).astype(np.float32)
    y = m.forward(x)
    assert y.shape == (3, 4, 6, 2)
    np.testing.assert_array_equal(y, m.forward(x[None])[0])
    with pytest.raises(ValueError, match="adjT=1 must be >= 0 and smaller than the stride dT=1"):
        nn.VolumetricFullConvolution(2, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0, 1)
    with pytest.raises(ValueError, match=r"VolumetricFullConvolution.*3 planes.*\(N, 2, T, H, W\)"):
        m.forward(np.zeros((1, 3, 2, 2, 2), np.float32))


def test_table_input_takes_adj_from_the_target_size():
    torch = pytest.importorskip("torch")
    m = nn.VolumetricFullConvolution(2, 1, 2, 2, 2, 2, 2, 2).astype(np.float64)
    rng = np.random.default_rng(3)
    x, target = rng.standard_normal((2, 2, 2, 3)), rng.standard_normal((5, 4, 7))
    y = m.forward([x, target])
    assert y.shape == (1, 5, 4, 7)  # adj (T, H, W) = (1, 0, 1)
    ref = torch.nn.functional.conv_transpose3d(torch.from_numpy(x[None]), torch.from_numpy(m.weight),
                                               torch.from_numpy(m.bias), stride=2, output_padding=(1, 0, 1)).numpy()
    np.testing.assert_allclose(y, ref[0], rtol=1e-12, atol=1e-12)
    check_module_gradients(m, [x, target])
