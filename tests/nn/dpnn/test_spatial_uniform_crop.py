import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def test_random_crops_in_training_centre_in_evaluation():
    nnlib.manual_seed(0)
    x = np.arange(2 * 1 * 5 * 6, dtype=np.float64).reshape(2, 1, 5, 6)
    m = nn.SpatialUniformCrop(3, 2).astype(np.float64)
    seen = set()
    for _ in range(40):
        out = m.forward(x)
        for i in range(2):
            y0, x0 = divmod(int(out[i, 0, 0, 0] - x[i, 0, 0, 0]), 6)
            np.testing.assert_array_equal(out[i], x[i, :, y0:y0 + 3, x0:x0 + 2])
            seen.add((y0, x0))
    assert seen == {(a, b) for a in range(3) for b in range(5)}  # every position where the crop fits
    m.evaluate()
    np.testing.assert_array_equal(m.forward(x), x[:, :, 1:4, 2:4])


def test_gradients_with_a_fixed_position():
    m = nn.SpatialUniformCrop(2).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal((3, 2, 4, 5)),
                           before_forward=lambda: nnlib.manual_seed(3))


def test_unsupported_scale_and_small_images():
    with pytest.raises(ValueError, match="scale"):
        nn.SpatialUniformCrop(2, 2, (0.5, 1))
    with pytest.raises(ValueError, match="smaller"):
        nn.SpatialUniformCrop(4).forward(np.zeros((1, 1, 3, 5), dtype=np.float32))
