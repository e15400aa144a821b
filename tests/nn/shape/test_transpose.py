import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_pairs_apply_in_order():
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5))
    y = nn.Transpose((0, 3), (0, 2)).forward(x)
    np.testing.assert_array_equal(y, np.swapaxes(np.swapaxes(x, 0, 3), 0, 2))
    assert y.flags.c_contiguous
    np.testing.assert_array_equal(nn.Transpose((0, 1)).set_num_input_dims(2).forward(x), np.swapaxes(x, 2, 3))
    np.testing.assert_array_equal(nn.Transpose((-1, 0)).forward(x), np.swapaxes(x, 0, 3))


def test_gradients():
    x = np.random.default_rng(1).standard_normal((2, 3, 1, 5))
    for m in [nn.Transpose((0, 3), (0, 2)), nn.Transpose((1, 2)), nn.Transpose((0, 1)).set_num_input_dims(2)]:
        check_module_gradients(m.astype(np.float64), x)


def test_against_torch_permute():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(2).standard_normal((2, 3, 4)).astype(np.float32)
    np.testing.assert_array_equal(nn.Transpose((0, 2), (1, 2)).forward(x),
                                  torch.tensor(x).transpose(0, 2).transpose(1, 2).numpy())
    with pytest.raises(ValueError, match="each permutation is a pair"):
        nn.Transpose((0, 1, 2))
