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


def test_inplace_inside_a_model_gives_the_same_gradients():
    import nnlib

    def model(ip):
        nnlib.manual_seed(0)
        return nn.Sequential(nn.Linear(4, 6), nn.ReLU(ip), nn.Linear(6, 3), nn.Threshold(0.1, 0, ip))

    x = away_from_kinks((5, 4)).astype(np.float32)
    g = away_from_kinks((5, 3), seed=1).astype(np.float32)
    results = []
    for ip in (False, True):
        m = model(ip)
        y = m.forward(x).copy()
        m.backward(x, g.copy())
        results.append((y, m.get_parameters()[1].copy()))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])
