import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

# (weight size, input shape): element-wise, expanded size-1 axes, batches
CASES = [((5,), (5,)), ((3, 1), (3, 5)), ((1, 5), (3, 5)), ((3, 5), (15,)), ((3, 5), (1, 3, 5)),
         ((3, 5), (2, 5, 3)), ((5,), (3, 5)), ((2, 1, 3), (2, 5, 3))]


@pytest.mark.parametrize("size, shape", CASES)
def test_gradients(size, shape):
    m = nn.CMul(*size).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(shape))


@pytest.mark.parametrize("size, shape", CASES)
def test_forward_matches_numpy(size, shape):
    m = nn.CMul(size).astype(np.float64)
    x = np.random.default_rng(1).standard_normal(shape)
    w = m.weight
    if x.size == w.size:
        ref = (x.ravel() * w.ravel()).reshape(shape)
    elif x.ndim == w.ndim:
        ref = x * w
    else:
        ref = (x.reshape(x.shape[0], -1) * w.reshape(1, -1)).reshape(shape)
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-15)


def test_scale_accumulates_and_sums_expanded_axes():
    m = nn.CMul(3, 1).astype(np.float64)
    x, gy = np.arange(6.0).reshape(3, 2), np.ones((3, 2))
    m.forward(x)
    m.backward(x, gy, 0.5)
    m.backward(x, gy, 0.5)
    np.testing.assert_allclose(m.grad_weight, [[1.0], [5.0], [9.0]])


def test_reset_bounds():
    m = nn.CMul(4, 25)
    assert np.abs(m.weight).max() <= 0.1 and np.abs(m.weight).max() > 0.09
    m.reset(0.2)
    assert np.abs(m.weight).max() <= 0.2 * np.sqrt(3) + 1e-6 and np.abs(m.weight).max() > 0.3


def test_a_mismatched_input_is_named():
    with pytest.raises(ValueError, match="does not fit"):  # as many axes but not expandable: Torch7 fails too
        nn.CMul(3, 5).forward(np.ones((2, 15), np.float32))
    with pytest.raises(ValueError, match=r"CMul\(3x4\): input shape \(2, 5\) does not fit the parameter's "
                                         r"shape \(3, 4\)"):
        nn.CMul(3, 4).forward(np.ones((2, 5), np.float32))
