import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_against_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((2, 18, 3, 5)).astype(np.float32)
    for r in (1, 3):
        y = nn.PixelShuffle(r).forward(x)
        np.testing.assert_array_equal(y, torch.nn.functional.pixel_shuffle(torch.tensor(x), r).numpy())
    np.testing.assert_array_equal(nn.PixelShuffle(3).forward(x[0]),
                                  torch.nn.functional.pixel_shuffle(torch.tensor(x[:1]), 3).numpy()[0])


def test_gradients():
    x = np.random.default_rng(1).standard_normal((1, 8, 3, 1))
    check_module_gradients(nn.PixelShuffle(2).astype(np.float64), x)
    check_module_gradients(nn.PixelShuffle(2).astype(np.float64), x[0])
    with pytest.raises(ValueError, match=r"nn.PixelShuffle\(3\): input shape \(1, 8, 3, 1\) has 8 channels"):
        nn.PixelShuffle(3).forward(x.astype(np.float32))
