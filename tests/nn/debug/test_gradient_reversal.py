import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_identity_forward_reversed_gradient():
    x = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    m = nn.GradientReversal(0.5)
    assert m.forward(x) is x
    g = np.ones_like(x)
    np.testing.assert_array_equal(m.backward(x, g), -0.5 * g)
    m.set_lambda(2)
    np.testing.assert_array_equal(m.backward(x, g), -2 * g)


def test_gradient_is_the_reversed_derivative():
    x = np.random.default_rng(1).standard_normal((3, 5))
    check_module_gradients(nn.GradientReversal(-1).astype(np.float64), x)  # -(-1) = the true derivative
    with pytest.raises(AssertionError, match="gradient mismatch"):
        check_module_gradients(nn.GradientReversal().astype(np.float64), x)
