import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_inplace_matches, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.HardTanh(-0.5, 1.5).astype(np.float64), away_from_kinks(shape, (-0.5, 1.5)))


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((3, 4, 5), (-1, 1))
    assert_matches_torch(nn.HardTanh(), torch.nn.Hardtanh(), x)
    assert_matches_torch(nn.HardTanh(-2, 0.5), torch.nn.Hardtanh(-2, 0.5), away_from_kinks((7,), (-2, 0.5)))


def test_gradient_zero_at_the_limits():
    m = nn.HardTanh()
    x = np.array([-1, 1, 0.5], np.float32)
    m.forward(x)
    np.testing.assert_array_equal(m.backward(x, np.ones(3, np.float32)), [0, 0, 1])


def test_inplace_and_bad_limits():
    assert_inplace_matches(lambda ip: nn.HardTanh(-1, 1, ip), away_from_kinks((4, 5), (-1, 1)))
    with pytest.raises(ValueError, match="max_value .* must be larger than min_value"):
        nn.HardTanh(1, 1)
