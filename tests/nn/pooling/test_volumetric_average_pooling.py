"""VolumetricAveragePooling: against torch's avg_pool3d, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

CASES = [((2, 3, 2, 1, 2, 2), (0, 0, 0), False, (2, 2, 7, 6, 5)),
         ((3, 3, 3, 2, 2, 2), (1, 1, 1), True, (1, 1, 5, 6, 7)),
         ((2, 2, 2, None, None, None), (0, 0, 0), False, (3, 5, 4, 4))]


@pytest.mark.parametrize("args, pad, ceil, shape", CASES)
def test_matches_torch(args, pad, ceil, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.VolumetricAveragePooling(*args, *pad)
    if ceil:
        pool.ceil()
    kT, kW, kH, dT, dW, dH = args
    stride = (kT, kH, kW) if dT is None else (dT, dH, dW)
    ref = torch.nn.functional.avg_pool3d(torch.from_numpy(x), (kT, kH, kW), stride, (pad[0], pad[2], pad[1]),
                                         ceil_mode=ceil)
    np.testing.assert_allclose(pool.forward(x), ref.numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("args, pad, ceil, shape", CASES)
def test_gradients(args, pad, ceil, shape):
    pool = nn.VolumetricAveragePooling(*args, *pad).astype(np.float64)
    if ceil:
        pool.ceil()
    check_module_gradients(pool, np.random.default_rng(1).standard_normal((1,) + shape[-4:]))


def test_errors():
    with pytest.raises(ValueError, match="kernel sizes and strides must be >= 1"):
        nn.VolumetricAveragePooling(0, 2, 2)
    with pytest.raises(ValueError, match=r"VolumetricAveragePooling.*expected an input \(N, C, T, H, W\) or \(C, T, H, W\)"):
        nn.VolumetricAveragePooling(2, 2, 2).forward(np.zeros((1, 1, 1, 4, 4, 1), np.float32))
    assert repr(nn.VolumetricAveragePooling(2, 3, 2)) == "nn.VolumetricAveragePooling(2x3x2, 2,3,2)"
