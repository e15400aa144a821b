"""SpatialFullConvolutionMap: a numpy reference per connection, gradients, Torch7's init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

TABLE = np.array([[0, 0], [2, 0], [1, 1], [2, 1], [0, 2]])


def full_convolve(plane, kernel, dH, dW):
    """Each pixel of (N, H, W) planes adds kernel * pixel to its (dH, dW)-strided output window."""
    n, h, w = plane.shape
    kH, kW = kernel.shape
    out = np.zeros((n, (h - 1) * dH + kH, (w - 1) * dW + kW))
    for i in range(kH):
        for j in range(kW):
            out[:, i:i + (h - 1) * dH + 1:dH, j:j + (w - 1) * dW + 1:dW] += kernel[i, j] * plane
    return out


@pytest.mark.parametrize("table, args, shape", [
    (TABLE, (3, 2, 2, 1), (2, 3, 3, 4)),
    (nn.tables.one_to_one(2), (2, 2, 1, 3), (1, 2, 3, 3)),
])
def test_forward_and_gradients(table, args, shape):
    m = nn.SpatialFullConvolutionMap(table, *args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    y = m.forward(x)
    ref = np.zeros_like(y) + m.bias[None, :, None, None]
    for k, (i, o) in enumerate(m.conn_table):
        ref[:, o] += full_convolve(x[:, i], m.weight[k], m.dH, m.dW)
    np.testing.assert_allclose(y, ref, rtol=1e-12, atol=1e-12)
    check_module_gradients(m, x[0])


def test_shapes_init_and_errors():
    m = nn.SpatialFullConvolutionMap(nn.tables.full(2, 3), 3, 2, 2, 2)
    assert (m.n_in, m.n_out) == (2, 3) and m.weight.shape == (6, 2, 3) and m.bias.shape == (3,)
    bound = 1 / np.sqrt(3 * 2 * 2)
    assert 0.7 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    assert m.forward(np.zeros((2, 4, 5), np.float32)).shape == (3, 8, 11)
    with pytest.raises(ValueError, match=r"SpatialFullConvolutionMap.*\(N, 2, H, W\)"):
        m.forward(np.zeros((5,), np.float32))
