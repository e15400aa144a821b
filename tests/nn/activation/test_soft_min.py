import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in [(5,), (1, 4), (3, 5), (2, 3, 1, 3)]:
        check_module_gradients(nn.SoftMin().astype(np.float64), away_from_kinks(shape, ()))


def test_against_torch():
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.SoftMin(), torch.nn.Softmin(dim=1), away_from_kinks((3, 7), ()))
    assert_matches_torch(nn.SoftMin(), torch.nn.Softmin(dim=0), away_from_kinks((7,), ()))
