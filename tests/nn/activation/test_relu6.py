import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_inplace_matches, assert_matches_torch, away_from_kinks


def test_gradients():
    check_module_gradients(nn.ReLU6().astype(np.float64), away_from_kinks((3, 5), (0, 6), scale=4))


def test_against_torch_and_inplace():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((2, 3, 7), (0, 6), scale=5)
    assert_matches_torch(nn.ReLU6(), torch.nn.ReLU6(), x)
    assert_inplace_matches(nn.ReLU6, x)
