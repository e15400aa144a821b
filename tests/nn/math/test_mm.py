import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import randn


@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
def test_gradients_and_reference(trans_a, trans_b):
    for batch in [(), (2,)]:
        a = randn(batch + ((5, 3) if trans_a else (3, 5)))
        b = randn(batch + ((1, 5) if trans_b else (5, 1)), seed=1)
        m = nn.MM(trans_a, trans_b).astype(np.float64)
        check_module_gradients(m, [a, b])
        op = lambda t, on: np.swapaxes(t, -1, -2) if on else t  # noqa: E731
        np.testing.assert_allclose(m.forward([a, b]), op(a, trans_a) @ op(b, trans_b))


def test_errors():
    m = nn.MM()
    with pytest.raises(ValueError, match=r"nn.MM: matrix sizes do not match: op\(A\) is \(2, 3\), op\(B\) is \(2, 3\)"):
        m.forward([np.zeros((2, 3), np.float32), np.zeros((2, 3), np.float32)])
    with pytest.raises(ValueError, match=r"nn.MM: expected a table \[A, B\] of two arrays"):
        m.forward(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="the batches differ"):
        m.forward([np.zeros((2, 3, 3), np.float32), np.zeros((3, 3, 3), np.float32)])
