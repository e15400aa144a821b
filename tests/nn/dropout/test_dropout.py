import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def test_training_zeroes_and_scales_units():
    x = np.ones((50, 41), dtype=np.float32)
    y = nn.Dropout(0.25).forward(x)
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.75)}


def test_mask_statistics():
    m = nn.Dropout(0.3)
    x = np.ones((201, 199), dtype=np.float32)
    y = m.forward(x)
    kept = (y != 0).mean()
    assert abs(kept - 0.7) < 0.01  # 40,000 draws: std 0.0023
    assert abs(y.mean() - 1.0) < 0.02  # inverted dropout keeps the expectation
    np.testing.assert_array_equal(m.noise, y)  # the kept mask is what was applied


def test_evaluate_is_identity_and_training_restores_dropout():
    m = nn.Dropout(0.5)
    x = np.random.default_rng(0).standard_normal((3, 7)).astype(np.float32)
    m.evaluate()
    np.testing.assert_array_equal(m.forward(x), x)
    np.testing.assert_array_equal(m.backward(x, x), x)
    m.training()
    assert (m.forward(x) == 0).any()


def test_seed_fixes_the_mask():
    x = np.ones((5, 9), dtype=np.float32)
    nnlib.manual_seed(7)
    a = nn.Dropout().forward(x).copy()
    nnlib.manual_seed(7)
    b = nn.Dropout().forward(x).copy()
    c = nn.Dropout().forward(x)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(b, c)


def test_backward_uses_the_forward_mask():
    m = nn.Dropout(0.4)
    x = np.ones((4, 6), dtype=np.float32)
    y = m.forward(x)
    g = np.random.default_rng(1).standard_normal(x.shape).astype(np.float32)
    np.testing.assert_array_equal(m.backward(x, g), g * y)


@pytest.mark.parametrize("shape", [(1, 5), (3, 2, 3)])
def test_gradients_with_fixed_mask(shape):
    m = nn.Dropout(0.4).astype(np.float64)
    x = np.random.default_rng(2).standard_normal(shape)
    check_module_gradients(m, x, before_forward=lambda: nnlib.manual_seed(3))


def test_p_zero_and_bad_p():
    x = np.ones(3, dtype=np.float32)
    assert nn.Dropout(0).forward(x) is x
    with pytest.raises(ValueError, match=r"Dropout: p=1.0 must be in \[0, 1\)"):
        nn.Dropout(1.0)


def test_mask_is_not_saved(tmp_path):
    m = nn.Dropout(0.2)
    m.forward(np.ones((3, 4), dtype=np.float32))
    nnlib.save(tmp_path / "d.h5", m)
    twin = nnlib.load(tmp_path / "d.h5")
    assert twin.noise is None and twin.p == 0.2


def test_v1_keeps_units_unscaled_and_scales_in_evaluation():
    """Torch7's v1: training output x * mask (0 or 1), evaluation output x * (1 - p)."""
    m = nn.Dropout(0.25, v1=True)
    x = np.full((40, 30), 2.0, dtype=np.float32)
    y = m.forward(x)
    assert set(np.unique(y)) <= {0.0, 2.0}
    g = np.ones_like(x)
    np.testing.assert_array_equal(m.backward(x, g), (y != 0).astype(np.float32))
    m.evaluate()
    np.testing.assert_array_equal(m.forward(x), np.full_like(x, 1.5))
    np.testing.assert_array_equal(m.backward(x, g), np.full_like(x, 0.75))


def test_stochastic_inference_drops_in_evaluation():
    m = nn.Dropout(0.5, stochastic_inference=True).evaluate()
    x = np.ones((20, 20), dtype=np.float32)
    y = m.forward(x)
    assert set(np.unique(y)) == {0.0, 2.0}
    np.testing.assert_array_equal(m.backward(x, x), y)


def test_inplace_writes_into_input_and_grad_output():
    nnlib.manual_seed(3)
    reference = nn.Dropout(0.4)
    x = np.random.default_rng(2).standard_normal((6, 5)).astype(np.float32)
    g = np.random.default_rng(3).standard_normal((6, 5)).astype(np.float32)
    expected_y = reference.forward(x).copy()
    expected_gx = reference.backward(x, g).copy()
    nnlib.manual_seed(3)
    m = nn.Dropout(0.4, inplace=True)
    xi, gi = x.copy(), g.copy()
    assert m.forward(xi) is xi and m.backward(xi, gi) is gi
    np.testing.assert_array_equal(xi, expected_y)
    np.testing.assert_array_equal(gi, expected_gx)
    with pytest.raises(ValueError, match="in-place mode writes into input"):
        m.forward(np.ones((3, 4), np.float32).T)


@pytest.mark.parametrize("options", [{}, {"v1": True}])
def test_gradients_with_options(options):
    m = nn.Dropout(0.3, **options).astype(np.float64)
    x = np.random.default_rng(4).standard_normal((3, 5))
    check_module_gradients(m, x, before_forward=lambda: nnlib.manual_seed(11))
    m.evaluate()
    check_module_gradients(m, x)
