import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


@pytest.mark.parametrize("shapes,x_shape", [(("bchw", "bf"), (2, 3, 1, 2)), (("bhwc", "bchw"), (1, 2, 3, 4)),
                                            (("chw", "f"), (3, 2, 2)), (("fb", "bf"), (3, 2)), (("bt", "b"), (3, 4)),
                                            (("b", "bt"), (5,)), (("cbw", "bf"), (2, 3, 3)), ((None, None), (2, 3))])
def test_gradients(shapes, x_shape):
    m = nn.Convert(*shapes).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(0).standard_normal(x_shape))


def test_layouts_match_numpy():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2)
    np.testing.assert_array_equal(nn.Convert("bchw", "bf").forward(x), x.reshape(2, 12))
    np.testing.assert_array_equal(nn.Convert("bchw", "bhwc").forward(x), x.transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(nn.Convert("chw", "f").forward(x[0]), x[0].ravel())  # a single sample
    np.testing.assert_array_equal(nn.Convert("bt", "b").forward(x[:, :, 0, 0]), x[:, 0, 0, 0])
    np.testing.assert_array_equal(nn.Convert("b", "bt").forward(x[:, 0, 0, 0]), x[:, :1, 0, 0])


def test_converts_uint8_input_to_the_model_dtype():
    x = np.arange(6, dtype=np.uint8).reshape(1, 6)
    y = nn.Convert().forward(x)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, x)
    assert nn.Convert("bf").double().forward(x).dtype == np.float64


def test_errors():
    with pytest.raises(ValueError, match="unsupported conversion of shape 'bt' to 'bf'"):
        nn.Convert("bt", "bf")
    with pytest.raises(ValueError, match=r"cannot convert shape 'bf' to 'b' with 3 features; expected 1"):
        nn.Convert("bf", "b").forward(np.ones((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"nn.Convert\(bchw -> bf\): input shape \(2, 3\) does not match the layout 'bchw'"):
        nn.Convert("bchw", "bf").forward(np.ones((2, 3), np.float32))
