import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _bn(c, **kw):
    m = nn.BatchNormalization(c, **kw).astype(np.float64)
    if m.affine:
        rng = np.random.default_rng(5)
        m.weight[...] = rng.uniform(0.5, 1.5, c)
        m.bias[...] = rng.standard_normal(c)
    return m


@pytest.mark.parametrize("affine", [True, False])
def test_gradients_training(affine):
    x = np.random.default_rng(0).standard_normal((3, 5)) * 2 + 1
    check_module_gradients(_bn(5, affine=affine), x)


@pytest.mark.parametrize("n", [1, 3])
def test_gradients_evaluate(n):
    m = _bn(5)
    m.running_mean[...] = np.linspace(-1, 1, 5)
    m.running_var[...] = np.linspace(0.5, 2, 5)
    m.evaluate()
    check_module_gradients(m, np.random.default_rng(1).standard_normal((n, 5)))


def test_training_normalises_with_batch_statistics():
    m = _bn(3)
    x = np.random.default_rng(2).standard_normal((7, 3)) * [1, 2, 3] + [0, 5, -5]
    y = m.forward(x)
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5) * m.weight + m.bias
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)


def test_running_statistics_use_momentum_and_unbiased_variance():
    m = _bn(3, momentum=0.2)
    rng = np.random.default_rng(3)
    x1, x2 = rng.standard_normal((6, 3)), rng.standard_normal((4, 3)) + 2
    m.forward(x1)
    m.forward(x2)
    mean = 0.8 * (0.8 * 0 + 0.2 * x1.mean(0)) + 0.2 * x2.mean(0)
    var = 0.8 * (0.8 * 1 + 0.2 * x1.var(0, ddof=1)) + 0.2 * x2.var(0, ddof=1)
    np.testing.assert_allclose(m.running_mean, mean, rtol=1e-12)
    np.testing.assert_allclose(m.running_var, var, rtol=1e-12)


def test_evaluate_uses_running_statistics_and_leaves_them_alone():
    m = _bn(3)
    m.running_mean[...] = [1, 2, 3]
    m.running_var[...] = [4, 0.25, 1]
    m.evaluate()
    x = np.random.default_rng(4).standard_normal((1, 3))
    y = m.forward(x)
    np.testing.assert_allclose(y, (x - [1, 2, 3]) / np.sqrt(np.array([4, 0.25, 1]) + 1e-5) * m.weight + m.bias)
    np.testing.assert_array_equal(m.running_mean, [1, 2, 3])


def test_defaults_and_buffers():
    m = nn.BatchNormalization(4)
    np.testing.assert_array_equal(m.weight, np.ones(4, dtype=np.float32))
    np.testing.assert_array_equal(m.bias, np.zeros(4))
    assert m.running_mean.dtype == np.float32
    assert set(m._buffer_names) == {"running_mean", "running_var"}
    assert len(m.parameters()[0]) == 2
    assert nn.BatchNormalization(4, affine=False).parameters() == ([], [])
    assert m.astype(np.float64).running_var.dtype == np.float64


def test_training_needs_more_than_one_value_per_channel():
    m = nn.BatchNormalization(3)
    with pytest.raises(ValueError, match=r"nn.BatchNormalization\(3\): input shape \(1, 3\) has one value per channel"):
        m.forward(np.ones((1, 3), dtype=np.float32))
    m.evaluate().forward(np.ones((1, 3), dtype=np.float32))


def test_wrong_feature_count():
    with pytest.raises(ValueError, match=r"input shape \(2, 4\) has 4 features, expected 3 \(axis 1\)"):
        nn.BatchNormalization(3).forward(np.ones((2, 4), dtype=np.float32))


def test_repr():
    assert repr(nn.BatchNormalization(10)) == "nn.BatchNormalization(10)"
    assert repr(nn.BatchNormalization(10, eps=1e-3, affine=False)) == "nn.BatchNormalization(10, eps=0.001, affine=False)"


def test_float32_close_to_float64():
    x = np.random.default_rng(6).standard_normal((9, 4))
    a = nn.BatchNormalization(4).forward(x.astype(np.float32))
    b = nn.BatchNormalization(4).astype(np.float64).forward(x)
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_save_load_keeps_running_statistics(tmp_path):
    import nnlib
    m = nn.BatchNormalization(3)
    x = np.random.default_rng(7).standard_normal((5, 3)).astype(np.float32)
    m.forward(x)
    nnlib.save(tmp_path / "bn.h5", m)
    twin = nnlib.load(tmp_path / "bn.h5")
    np.testing.assert_array_equal(twin.running_var, m.running_var)
    np.testing.assert_array_equal(twin.evaluate().forward(x), m.evaluate().forward(x))
