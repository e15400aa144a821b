import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_placeholder_id_gives_zeros_and_no_gradient():
    m = nn.LookupTableMaskZero(4, 3).astype(np.float64)
    assert m.weight.shape == (4, 3)
    ids = np.array([[0, -1], [3, 0]])
    out = m.forward(ids)
    np.testing.assert_array_equal(out[0, 1], 0)
    np.testing.assert_array_equal(out[1, 0], m.weight[3])
    m.zero_grad_parameters()
    m.backward(ids, np.ones((2, 2, 3)))
    np.testing.assert_array_equal(m.grad_weight, np.array([[2] * 3, [0] * 3, [0] * 3, [1] * 3]))
    check_module_gradients(m, ids)
