import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_reverses_and_gradients(dim):
    x = np.random.default_rng(0).standard_normal((3, 1, 5))
    m = nn.SeqReverseSequence(dim).astype(np.float64)
    np.testing.assert_array_equal(m.forward(x), np.flip(x, dim))
    check_module_gradients(m, x)


def test_bad_dim():
    with pytest.raises(ValueError, match="out of range"):
        nn.SeqReverseSequence(3).forward(np.zeros((2, 2, 2), dtype=np.float32))
