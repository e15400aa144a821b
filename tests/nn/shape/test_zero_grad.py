import numpy as np

from nnlib import nn


def test_forward_passes_the_input_and_backward_gives_zeros():
    # ZeroGrad's gradient is zero by design, so no finite-difference check applies.
    x, go = np.array([1, 2], np.float32), np.array([3, 4], np.float32)
    m = nn.ZeroGrad()
    assert m.forward(x) is x
    g = m.backward(x, go)
    assert g.shape == x.shape and g.dtype == x.dtype and not g.any()


def test_tables_and_a_blocked_path():
    x = [np.ones((1, 3)), [np.ones(5, np.float32)]]
    g = nn.ZeroGrad()
    assert g.forward(x) is x
    grad = g.backward(x, [np.ones((1, 3)), [np.ones(5, np.float32)]])
    assert grad[0].shape == (1, 3) and not grad[0].any()
    assert grad[1][0].dtype == np.float32 and not grad[1][0].any()
    # In a sum of two paths, only the un-blocked one back-propagates.
    net = nn.Sequential(nn.ConcatTable(nn.Identity(), nn.ZeroGrad()), nn.CAddTable())
    v = np.array([1.0, -2.0, 0.5], np.float32)
    np.testing.assert_array_equal(net.forward(v), 2 * v)
    np.testing.assert_array_equal(net.backward(v, np.ones(3, np.float32)), np.ones(3))
