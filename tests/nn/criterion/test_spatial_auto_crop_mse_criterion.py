import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("shape, target_shape", [((1, 2, 3, 3), (1, 2, 6, 4)), ((2, 1, 2), (2, 5, 2)),
                                                 ((1, 1, 1, 1), (1, 1, 1, 1))])
def test_gradients(shape, target_shape, size_average):
    rng = np.random.default_rng(0)
    c = nn.SpatialAutoCropMSECriterion(size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal(shape), rng.standard_normal(target_shape))


def test_centre_crop_against_numpy():
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((2, 3, 3, 4)).astype(np.float32), rng.standard_normal((2, 3, 8, 7)).astype(np.float32)
    crop = t[:, :, 2:5, 1:5]  # rows (8 - 3) // 2 = 2.., columns (7 - 4) // 2 = 1..
    c = nn.SpatialAutoCropMSECriterion()
    assert c.forward(x, t) == pytest.approx(((x - crop) ** 2).mean(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, t), 2 * (x - crop) / x.size, rtol=1e-6)


def test_target_must_be_as_large():
    c = nn.SpatialAutoCropMSECriterion()
    x = np.zeros((1, 2, 4, 4), np.float32)
    with pytest.raises(ValueError, match=r"nn.SpatialAutoCropMSECriterion: target shape \(1, 2, 3, 5\) does not fit "
                                         r"input shape \(1, 2, 4, 4\); expected \(1, 2, 'H', 'W'\) with H >= 4 and W >= 4"):
        c.forward(x, np.zeros((1, 2, 3, 5), np.float32))
    with pytest.raises(ValueError, match=r"target shape \(1, 3, 4, 4\) does not fit"):
        c.forward(x, np.zeros((1, 3, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"expected a 3-D or 4-D input"):
        c.forward(np.zeros((4, 4), np.float32), np.zeros((4, 4), np.float32))
