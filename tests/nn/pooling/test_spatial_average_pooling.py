"""SpatialAveragePooling: gradients in both divisor modes, padding and ceil mode."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("include_pad", [True, False])
@pytest.mark.parametrize("args, ceil, shape", [
    ((3, 3, 2, 2), False, (1, 2, 7, 6)),
    ((3, 3, 2, 2, 1, 1), True, (2, 1, 6, 5)),
    ((3, 2, 1, 2, 1, 0), False, (1, 1, 4, 7)),
])
def test_gradients(args, ceil, shape, include_pad):
    pool = nn.SpatialAveragePooling(*args).astype(np.float64)
    if ceil:
        pool.ceil()
    if not include_pad:
        pool.set_count_exclude_pad()
    check_module_gradients(pool, np.random.default_rng(0).standard_normal(shape))


def test_count_include_pad_is_the_default():
    x = np.ones((1, 1, 2, 2), np.float32)
    pool = nn.SpatialAveragePooling(3, 3, 1, 1, 1, 1)
    np.testing.assert_allclose(pool.forward(x), np.full((1, 1, 2, 2), 4 / 9, np.float32))
    np.testing.assert_allclose(pool.set_count_exclude_pad().forward(x), np.ones((1, 1, 2, 2)))
