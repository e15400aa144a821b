"""SpatialConvolutionMap: a numpy reference per connection, gradients, Torch7's init and errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

TABLE = np.array([[0, 0], [2, 0], [1, 1], [2, 1], [0, 2], [2, 2]])


def correlate(plane, kernel, dH, dW):
    """Valid 2-D cross-correlation of (N, H, W) planes with one kernel, strided."""
    win = np.lib.stride_tricks.sliding_window_view(plane, kernel.shape, axis=(1, 2))[:, ::dH, ::dW]
    return np.einsum("nhwij,ij->nhw", win, kernel)


def reference(m, x):
    out = np.zeros_like(m.forward(x)) + m.bias[None, :, None, None]
    for k, (i, o) in enumerate(m.conn_table):
        out[:, o] += correlate(x[:, i], m.weight[k], m.dH, m.dW)
    return out


@pytest.mark.parametrize("table, args, shape", [
    (TABLE, (3, 2, 2, 1), (2, 3, 6, 7)),
    (nn.tables.one_to_one(2), (2, 2, 1, 2), (1, 2, 5, 5)),
    (nn.tables.full(2, 3), (1, 3), (1, 2, 5, 3)),
    (np.array([[1, 0], [1, 0]]), (2, 2), (1, 2, 3, 4)),    # a repeated connection; plane 0 unused
])
def test_forward_and_gradients(table, args, shape):
    m = nn.SpatialConvolutionMap(table, *args).astype(np.float64)
    x = np.random.default_rng(0).standard_normal(shape)
    np.testing.assert_allclose(m.forward(x), reference(m, x), rtol=1e-12, atol=1e-12)
    check_module_gradients(m, x[:1])


def test_single_image_shapes_and_init():
    m = nn.SpatialConvolutionMap(TABLE, 3, 3)
    assert (m.n_in, m.n_out) == (3, 3) and m.weight.shape == (6, 3, 3) and m.bias.shape == (3,)
    bound = 1 / np.sqrt(3 * 3 * 2)  # two connections into every output plane
    assert 0.7 * bound < np.abs(m.weight).max() <= bound and np.abs(m.bias).max() <= bound
    x = np.random.default_rng(1).standard_normal((3, 5, 4)).astype(np.float32)
    batched = m.forward(x[None]).copy()
    assert m.forward(x).shape == (3, 3, 2)
    np.testing.assert_array_equal(m.output, batched[0])
    m.reset(0.01)
    assert np.abs(m.weight).max() <= 0.01 * np.sqrt(3) * (1 + 1e-6)  # Torch7: a given stdv is a deviation


def test_tables_are_zero_based_torch7_tables():
    assert nn.tables.full(2, 2).tolist() == [[0, 0], [1, 0], [0, 1], [1, 1]]
    assert nn.tables.one_to_one(3).tolist() == [[0, 0], [1, 1], [2, 2]]
    t = nn.tables.random(5, 4, 2)
    assert t.shape == (8, 2) and t.dtype == np.int64
    assert t[:, 1].tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    for o in range(4):
        ins = t[t[:, 1] == o, 0]
        assert len(set(ins.tolist())) == 2 and ins.min() >= 0 and ins.max() < 5
    with pytest.raises(ValueError, match="n_to=6"):
        nn.tables.random(5, 4, 6)


def test_bad_tables_and_input():
    with pytest.raises(ValueError, match=r"SpatialConvolutionMap: conn_table must be a \(connections, 2\)"):
        nn.SpatialConvolutionMap(np.arange(3), 3, 3)
    with pytest.raises(ValueError, match="negative plane number -1; planes are 0-based"):
        nn.SpatialConvolutionMap(np.array([[-1, 0]]), 3, 3)
    m = nn.SpatialConvolutionMap(TABLE, 3, 3)
    with pytest.raises(ValueError, match=r"SpatialConvolutionMap.*2 planes.*expected 3.*\(N, 3, H, W\)"):
        m.forward(np.zeros((1, 2, 5, 5), np.float32))
    with pytest.raises(ValueError, match=r"too small.*H >= 3"):
        m.forward(np.zeros((1, 3, 2, 5), np.float32))
