import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.LogSigmoid().astype(np.float64), away_from_kinks(shape, ()))


def test_against_torch_and_extremes():
    torch = pytest.importorskip("torch")
    assert_matches_torch(nn.LogSigmoid(), torch.nn.LogSigmoid(), away_from_kinks((3, 4, 5), (), scale=6))
    y = nn.LogSigmoid().forward(np.array([-500.0, 500.0], np.float32))
    np.testing.assert_allclose(y, [-500, 0])
