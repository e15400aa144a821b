import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.SoftShrink(0.3).astype(np.float64), away_from_kinks(shape, (-0.3, 0.3)))


def test_against_torch():
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.SoftShrink(), torch.nn.Softshrink(), away_from_kinks((3, 5, 2), (-0.5, 0.5)))
    assert_matches_torch(nn.SoftShrink(1.2), torch.nn.Softshrink(1.2), away_from_kinks((9,), (-1.2, 1.2)))
