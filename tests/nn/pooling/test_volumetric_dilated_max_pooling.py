"""VolumetricDilatedMaxPooling: against torch's max_pool3d with dilation, gradients, errors."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

# kT, kW, kH, dT, dW, dH, padT, padW, padH, dilationT, dilationW, dilationH
CASES = [((2, 3, 2, 1, 2, 1, 0, 1, 1, 2, 1, 2), False, (2, 2, 7, 6, 5)),
         ((2, 2, 3, 2, 1, 2, 1, 1, 1, 1, 3, 1), True, (1, 1, 5, 7, 6))]


@pytest.mark.parametrize("args, ceil, shape", CASES)
def test_matches_torch(args, ceil, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    pool = nn.VolumetricDilatedMaxPooling(*args)
    if ceil:
        pool.ceil()
    kT, kW, kH, dT, dW, dH, pT, pW, pH, lT, lW, lH = args
    ref = torch.nn.functional.max_pool3d(torch.from_numpy(x), (kT, kH, kW), (dT, dH, dW), (pT, pH, pW),
                                         (lT, lH, lW), ceil_mode=ceil)
    np.testing.assert_array_equal(pool.forward(x), ref.numpy())


@pytest.mark.parametrize("args, ceil, shape", CASES)
def test_gradients(args, ceil, shape):
    pool = nn.VolumetricDilatedMaxPooling(*args).astype(np.float64)
    if ceil:
        pool.ceil()
    check_module_gradients(pool, np.random.default_rng(1).standard_normal((1,) + shape[1:]))


def test_errors():
    with pytest.raises(ValueError, match="dilations must be >= 1"):
        nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 1, 1, 0, 0, 0, 1, 0, 1)
    assert repr(nn.VolumetricDilatedMaxPooling(2, 2, 2, dilationT=2)) == \
        "nn.VolumetricDilatedMaxPooling(2x2x2, 2,2,2, dilation 2,1,1)"
