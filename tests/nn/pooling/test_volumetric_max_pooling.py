"""VolumetricMaxPooling: against torch's max_pool3d (padding, ceil mode), gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((2, 3, 2), (2, 2, 1), (1, 1, 1), True, (2, 2, 7, 6, 5)),
         ((3, 2, 2), (2, 1, 2), (0, 1, 0), False, (1, 1, 5, 5, 7)),
         ((2, 2, 2), (None, None, None), (0, 0, 0), False, (2, 3, 4, 5))]


@pytest.mark.parametrize("k, d, pad, ceil, shape", CASES)
def test_matches_torch(k, d, pad, ceil, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.VolumetricMaxPooling(*k, *d, *pad)
    if ceil:
        pool.ceil()
    (kT, kW, kH), (padT, padW, padH) = k, pad
    stride = [s if s is not None else kk for s, kk in zip((d[0], d[2], d[1]), (kT, kH, kW))]
    ref = torch.nn.functional.max_pool3d(torch.from_numpy(x), (kT, kH, kW), stride, (padT, padH, padW), ceil_mode=ceil)
    np.testing.assert_array_equal(pool.forward(x), ref.numpy())
    assert (pool.itime, pool.iheight, pool.iwidth) == shape[-3:]


@pytest.mark.parametrize("k, d, pad, ceil, shape", CASES)
def test_gradients(k, d, pad, ceil, shape):
    pool = nn.VolumetricMaxPooling(*k, *d, *pad).astype(np.float64)
    if ceil:
        pool.ceil()
    check_module_gradients(pool, np.random.default_rng(1).standard_normal((1,) + shape[-4:]))


def test_errors():
    with pytest.raises(ValueError, match="padding must be between 0 and half"):
        nn.VolumetricMaxPooling(2, 2, 2, 1, 1, 1, 2, 0, 0)
    with pytest.raises(ValueError, match=r"VolumetricMaxPooling.*\(1, 1, 1, 4, 4\) is too small"):
        nn.VolumetricMaxPooling(2, 2, 2).forward(np.zeros((1, 1, 1, 4, 4), np.float32))
    with pytest.raises(ValueError, match=r"VolumetricMaxPooling.*expected an input \(N, C, T, H, W\) or \(C, T, H, W\)"):
        nn.VolumetricMaxPooling(2, 2, 2).forward(np.zeros((4, 4, 4), np.float32))


def test_repr():
    assert repr(nn.VolumetricMaxPooling(2, 3, 2, 2, 2, 1, 1, 1, 1).ceil()) == \
        "nn.VolumetricMaxPooling(2x3x2, 2,2,1, 1,1,1, ceil)"
