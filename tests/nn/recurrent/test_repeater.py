import numpy as np

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import StepUnroll


def test_repeats_the_input_through_the_steps():
    lstm = nn.LSTM(3, 2).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((2, 3))
    out = nn.Repeater(lstm, 4).forward(x)
    assert out.shape == (4, 2, 2)
    np.testing.assert_allclose(out, StepUnroll(lstm).forward(np.stack([x] * 4)), rtol=1e-12)
    check_module_gradients(nn.Repeater(lstm, 3), x)


def test_non_recurrent_module_goes_through_a_recursor():
    r = nn.Repeater(nn.Sequential(nn.Linear(3, 2), nn.GRU(2, 2)), 2).astype(np.float64)
    assert isinstance(r.module, nn.Recursor)
    check_module_gradients(r, np.random.default_rng(1).standard_normal((1, 3)))
