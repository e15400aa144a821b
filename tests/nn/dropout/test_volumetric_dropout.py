"""VolumetricDropout: whole volumes dropped, Torch7's evaluation scaling, gradients with a fixed mask."""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def test_drops_whole_volumes():
    y = nn.VolumetricDropout(0.5).forward(np.ones((6, 5, 2, 3, 2), np.float32))
    per_map = y.reshape(6, 5, -1)
    assert np.all(per_map.min(axis=2) == per_map.max(axis=2))
    assert set(np.unique(per_map)) == {0.0, 1.0}
    y = nn.VolumetricDropout(0.5).forward(np.ones((40, 2, 3, 2), np.float32))  # one sample
    assert y.shape == (40, 2, 3, 2) and 0 < (y.reshape(40, -1)[:, 0] == 0).sum() < 40


def test_evaluation_and_stochastic_inference():
    x = np.ones((2, 3, 2, 2, 2), np.float32)
    m = nn.VolumetricDropout(0.25).evaluate()
    np.testing.assert_allclose(m.forward(x), 0.75 * x)
    np.testing.assert_allclose(m.backward(x, x), 0.75 * x)
    m = nn.VolumetricDropout(0.5, True).evaluate()
    assert set(np.unique(m.forward(np.ones((8, 6, 1, 1, 2), np.float32)))) == {0.0, 1.0}


def test_gradients():
    check_module_gradients(nn.VolumetricDropout(0.4).astype(np.float64),
                           np.random.default_rng(0).standard_normal((2, 3, 1, 2, 3)),
                           before_forward=lambda: nnlib.manual_seed(3))


def test_bad_input():
    with pytest.raises(ValueError, match=r"VolumetricDropout: p must be in \[0, 1\)"):
        nn.VolumetricDropout(1.0)
    with pytest.raises(ValueError, match=r"nn.VolumetricDropout\(p=0.5\): expected a 4-D or 5-D input"):
        nn.VolumetricDropout().forward(np.zeros((2, 3, 4), np.float32))
