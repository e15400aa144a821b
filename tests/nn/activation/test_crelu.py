import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import away_from_kinks


def _reference(x, axis):
    return np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], axis=axis)


def test_output_doubles_the_feature_axis():
    x = away_from_kinks((2, 3, 4, 5)).astype(np.float32)
    np.testing.assert_array_equal(nn.CReLU(3).forward(x), _reference(x, 1))
    np.testing.assert_array_equal(nn.CReLU(3).forward(x[0]), _reference(x[0], 0))
    np.testing.assert_array_equal(nn.CReLU(1).forward(x[0, 0, 0]), _reference(x[0, 0, 0], 0))


def test_gradients():
    check_module_gradients(nn.CReLU(3).astype(np.float64), away_from_kinks((2, 3, 1, 3)))
    check_module_gradients(nn.CReLU(1).astype(np.float64), away_from_kinks((1, 5)))
    check_module_gradients(nn.CReLU(2).astype(np.float64), away_from_kinks((3, 5)))


def test_wrong_rank():
    with pytest.raises(ValueError, match=r"nn.CReLU\(3\): expected a 3-D or 4-D input, got shape \(2, 3\)"):
        nn.CReLU(3).forward(np.zeros((2, 3), np.float32))
