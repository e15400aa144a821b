import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.SoftPlus(2).astype(np.float64), away_from_kinks(shape, (1.0,)))
    # Torch7 switches to the identity where beta * y > threshold (through the output): between
    # y = threshold and x = threshold / beta both sides disagree slightly; keep the check away from it
    check_module_gradients(nn.SoftPlus(1, 4).astype(np.float64), away_from_kinks((3, 5), (3.98, 4.0), scale=4, gap=0.05))


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((3, 4, 5), (), scale=5)
    assert_matches_torch(nn.SoftPlus(), torch.nn.Softplus(), x)
    assert_matches_torch(nn.SoftPlus(3, 4), torch.nn.Softplus(3, 4), x)


def test_no_overflow_and_defaults():
    m = nn.SoftPlus()
    assert (m.beta, m.threshold) == (1.0, 20.0)
    y = m.forward(np.array([-200.0, 200.0, 1000.0], np.float32))
    np.testing.assert_allclose(y, [0, 200, 1000])
