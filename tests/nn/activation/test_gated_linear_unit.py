import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_matches_torch, away_from_kinks


def test_gradients():
    check_module_gradients(nn.GatedLinearUnit().astype(np.float64), away_from_kinks((3, 4), ()))
    check_module_gradients(nn.GatedLinearUnit(0).astype(np.float64), away_from_kinks((2, 3), ()))
    check_module_gradients(nn.GatedLinearUnit(1).astype(np.float64), away_from_kinks((1, 6, 3), ()))
    check_module_gradients(nn.GatedLinearUnit(-2).astype(np.float64), away_from_kinks((3, 2, 3), ()))


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_against_torch(dim):
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.GatedLinearUnit(dim), torch.nn.GLU(dim), away_from_kinks((4, 6, 2), ()))


def test_odd_axis():
    with pytest.raises(ValueError, match=r"nn.GatedLinearUnit\(-1\): input shape \(2, 3\) has an odd size 3 on axis 1"):
        nn.GatedLinearUnit().forward(np.zeros((2, 3), np.float32))
