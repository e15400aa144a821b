import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _reference(images, location, h, w, depth, scale):
    """dpnn's per-sample loop in plain numpy."""
    n, c, H, W = images.shape
    out = np.zeros((n, depth, c, h, w))
    for i in range(n):
        y, x = (location[i] + 1) / 2
        gh, gw = h, w
        for d in range(depth):
            if d:
                gh, gw = gh * scale, gw * scale
            ph, pw = (gh - 1) // 2, (gw - 1) // 2
            pad = np.zeros((c, H + 2 * ph, W + 2 * pw))
            pad[:, ph:ph + H, pw:pw + W] = images[i]
            sh, sw = pad.shape[1] - gh, pad.shape[2] - gw
            yy, xx = int(np.floor(min(sh, max(0, y * sh)))), int(np.floor(min(sw, max(0, x * sw))))
            crop = pad[:, yy:yy + gh, xx:xx + gw]
            out[i, d] = crop.reshape(c, h, gh // h, w, gw // w).mean(axis=(2, 4))
    return out.reshape(n, depth * c, h, w)


@pytest.mark.parametrize("size, depth, scale", [(3, 3, 2), ((2, 3), 2, 3), (5, 1, 2)])
def test_matches_dpnn_loop_and_gradients(size, depth, scale):
    rng = np.random.default_rng(0)
    images = rng.standard_normal((3, 2, 9, 7))
    location = np.array([[-1.0, -1.0], [0.2, -0.4], [1.0, 0.9]])
    m = nn.SpatialGlimpse(size, depth, scale).astype(np.float64)
    h, w = (size, size) if np.isscalar(size) else size
    np.testing.assert_allclose(m.forward([images, location]), _reference(images, location, h, w, depth, scale),
                               rtol=1e-12)
    check_module_gradients(m, [images[:1, :1], location[1:2]], check_parameters=False)


def test_bad_scale_and_location():
    with pytest.raises(ValueError, match="integer"):
        nn.SpatialGlimpse(3, 2, 1.5)
    with pytest.raises(ValueError, match="location"):
        nn.SpatialGlimpse(3).forward([np.zeros((2, 1, 5, 5), dtype=np.float32), np.zeros((2, 3))])
