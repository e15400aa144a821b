import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_inplace_matches, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.ELU(0.7).astype(np.float64), away_from_kinks(shape))


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((3, 4, 5))
    assert_matches_torch(nn.ELU(), torch.nn.ELU(), x)
    assert_matches_torch(nn.ELU(2.5), torch.nn.ELU(2.5), x)


def test_inplace():
    assert_inplace_matches(lambda ip: nn.ELU(1.3, ip), away_from_kinks((4, 3, 3)))
    assert repr(nn.ELU(0.5, True)) == "nn.ELU(alpha=0.5, inplace=True)"
