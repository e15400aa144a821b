import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.SoftSign().astype(np.float64), away_from_kinks(shape))


def test_against_torch():
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.SoftSign(), torch.nn.Softsign(), away_from_kinks((3, 4, 5), scale=4))
