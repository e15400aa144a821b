import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in [(2, 3, 1, 3), (3, 2, 5), (1, 4), (5,)]:
        check_module_gradients(nn.SpatialSoftMax().astype(np.float64), away_from_kinks(shape, ()))


def test_against_torch():
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.SpatialSoftMax(), torch.nn.Softmax(dim=1), away_from_kinks((2, 5, 3, 4), ()))
    assert_matches_torch(nn.SpatialSoftMax(), torch.nn.Softmax(dim=0), away_from_kinks((5, 3, 4), ()))
    assert_matches_torch(nn.SpatialSoftMax(), torch.nn.Softmax(dim=1), away_from_kinks((3, 7), ()))


def test_wrong_rank():
    with pytest.raises(ValueError, match=r"nn.SpatialSoftMax: expected a 1-D or 2-D or 3-D or 4-D input"):
        nn.SpatialSoftMax().forward(np.zeros((1, 2, 3, 4, 5), np.float32))
