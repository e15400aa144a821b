import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._helpers import assert_inplace_matches, away_from_kinks


def test_gradients():
    for shape in [(1,), (1, 3), (3, 2, 5)]:
        check_module_gradients(nn.ReLU().astype(np.float64), away_from_kinks(shape))


def test_output():
    x = np.array([-2.0, -0.0, 0.5, 3.0], np.float32)
    np.testing.assert_array_equal(nn.ReLU().forward(x), [0, 0, 0.5, 3])


def test_inplace_is_threshold_zero():
    x = away_from_kinks((2, 3, 5))
    assert_inplace_matches(nn.ReLU, x)
    np.testing.assert_array_equal(nn.ReLU().forward(x.astype(np.float32)),
                                  nn.Threshold(0, 0).forward(x.astype(np.float32)))
    assert repr(nn.ReLU(True)) == "nn.ReLU(inplace=True)"
