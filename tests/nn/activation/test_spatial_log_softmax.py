import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in [(2, 3, 1, 3), (3, 2, 5), (1, 4), (5,)]:
        check_module_gradients(nn.SpatialLogSoftMax().astype(np.float64), away_from_kinks(shape, ()))


def test_against_torch():
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.SpatialLogSoftMax(), torch.nn.LogSoftmax(dim=1), away_from_kinks((2, 5, 3, 4), ()))
    assert_matches_torch(nn.SpatialLogSoftMax(), torch.nn.LogSoftmax(dim=0), away_from_kinks((5, 3, 4), ()))
