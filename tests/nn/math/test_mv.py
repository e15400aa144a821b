import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import randn


@pytest.mark.parametrize("trans", [False, True])
def test_gradients_and_reference(trans):
    for batch in [(), (3,)]:
        m_ = randn(batch + ((5, 2) if trans else (2, 5)))
        v = randn(batch + (5,), seed=1)
        m = nn.MV(trans).astype(np.float64)
        check_module_gradients(m, [m_, v])
        op = np.swapaxes(m_, -1, -2) if trans else m_
        np.testing.assert_allclose(m.forward([m_, v]), np.einsum("...ij,...j->...i", op, v))


def test_errors():
    with pytest.raises(ValueError, match=r"nn.MV: expected \[M, v\] of ranks \(2-D, 1-D\) or \(3-D, 2-D\)"):
        nn.MV().forward([np.zeros((2, 3), np.float32), np.zeros((2, 3), np.float32)])
    with pytest.raises(ValueError, match="does not match the vector's shape"):
        nn.MV().forward([np.zeros((2, 3), np.float32), np.zeros(2, np.float32)])
