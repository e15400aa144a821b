import numpy as np

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def test_training_noise_statistics_and_seed():
    x = np.zeros((200, 101), np.float32)
    nnlib.manual_seed(2)
    y = nn.WhiteNoise(0.5, 2.0).forward(x).copy()
    assert abs(y.mean() - 0.5) < 0.05 and abs(y.std() - 2.0) < 0.05  # 20,200 draws
    nnlib.manual_seed(2)
    np.testing.assert_array_equal(nn.WhiteNoise(0.5, 2.0).forward(x), y)


def test_evaluation_adds_the_mean_and_gradient_passes():
    x = np.ones((3, 4), np.float32)
    m = nn.WhiteNoise(0.3, 1.0).evaluate()
    np.testing.assert_allclose(m.forward(x), x + 0.3)
    g = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    np.testing.assert_array_equal(m.backward(x, g), g)
    check_module_gradients(nn.WhiteNoise().astype(np.float64), np.random.default_rng(1).standard_normal((3, 5)),
                           before_forward=lambda: nnlib.manual_seed(4))
    assert repr(nn.WhiteNoise()) == "nn.WhiteNoise(mean: 0, std: 0.1)"
