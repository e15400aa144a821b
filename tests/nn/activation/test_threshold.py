import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import SHAPES, assert_inplace_matches, assert_matches_torch, away_from_kinks


def test_gradients():
    for shape in SHAPES:
        check_module_gradients(nn.Threshold(0.3, -2).astype(np.float64), away_from_kinks(shape, (0.3,)))
    check_module_gradients(nn.Threshold().astype(np.float64), away_from_kinks((3, 5)))


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = away_from_kinks((3, 4, 5), (0.5,))
    assert_matches_torch(nn.Threshold(0.5, -1), torch.nn.Threshold(0.5, -1), x)


def test_defaults_and_exact_threshold():
    m = nn.Threshold()
    assert (m.threshold, m.val, m.inplace) == (1e-6, 0.0, False)
    x = np.array([1e-6, 2e-6, -1.0], np.float32)  # x <= th is replaced, in float32 as Torch7's real
    np.testing.assert_array_equal(nn.Threshold(1e-6, 7).forward(x), np.array([7, 2e-6, 7], np.float32))


def test_inplace():
    x = away_from_kinks((3, 7), (0.2,))
    assert_inplace_matches(lambda ip: nn.Threshold(0.2, 0.1, ip), x)
    with pytest.raises(ValueError, match="in-place mode requires the value"):
        nn.Threshold(0, 1, True)


def test_inplace_needs_contiguous_input():
    x = np.zeros((4, 6), np.float32)[:, ::2]
    with pytest.raises(ValueError, match=r"nn.Threshold\(0, 0, inplace=True\): in-place mode writes into input"):
        nn.Threshold(0, 0, True).forward(x)
