import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients


def test_module_keeps_its_dtype_when_the_model_is_cast():
    inner = nn.Linear(3, 2)
    model = nn.Sequential(nn.Linear(3, 3), nn.DontCast(inner, cast_in=True))
    model.double()
    assert model[0].weight.dtype == np.float64 and model[1].dtype == np.float64
    assert inner.weight.dtype == np.float32 and inner.dtype == np.float32


def test_cast_in_and_out_convert_at_the_border():
    inner = nn.Linear(3, 2)
    m = nn.DontCast(inner, cast_in=True).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((2, 3))
    y = m.forward(x)
    assert y.dtype == np.float64 and inner.output.dtype == np.float32
    np.testing.assert_allclose(y, x.astype(np.float32) @ inner.weight.T + inner.bias, rtol=1e-6)
    gx = m.backward(x, np.ones((2, 2)))
    assert gx.dtype == np.float64
    np.testing.assert_allclose(gx, np.ones((2, 2)) @ inner.weight, rtol=1e-6)


def test_gradients_through_a_float64_module_in_a_float64_model():
    m = nn.Sequential(nn.DontCast(nn.Linear(3, 2).astype(np.float64)), nn.Tanh()).astype(np.float64)
    check_module_gradients(m, np.random.default_rng(1).standard_normal((2, 3)))


def test_without_casting_the_output_keeps_the_module_dtype():
    m = nn.DontCast(nn.Tanh()).astype(np.float64)
    y = m.forward(np.zeros(3, np.float32))
    assert y.dtype == np.float32 and repr(m) == "nn.DontCast @ nn.Tanh"
