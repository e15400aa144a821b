import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_module_gradients


def _module(k=3, seed=0):
    nnlib.manual_seed(seed)
    return nn.NCEModule(4, 7, k, np.arange(1, 8), Z=2.0).astype(np.float64)


def test_output_table_matches_numpy():
    m = _module()
    x = np.random.default_rng(0).standard_normal((5, 4))
    y = np.array([0, 6, 2, 2, 5])
    nnlib.manual_seed(9)
    p_mt, p_ms, p_nt, p_ns = m.forward([x, y])
    nnlib.manual_seed(9)
    noise = m.noise_sample(3)
    unigrams = np.arange(1, 8) / 28
    np.testing.assert_allclose(p_mt, np.exp((x * m.weight[y]).sum(1) + m.bias[y]) / 2, rtol=1e-12)
    np.testing.assert_allclose(p_ms, np.exp(x @ m.weight[noise].T + m.bias[noise]) / 2, rtol=1e-12)
    np.testing.assert_allclose(p_nt, unigrams[y])
    np.testing.assert_allclose(p_ns, np.tile(unigrams[noise], (5, 1)))


def test_noise_follows_the_unigrams():
    m = _module(k=20000)
    counts = np.bincount(m.noise_sample(20000), minlength=7) / 20000
    np.testing.assert_allclose(counts, np.arange(1, 8) / 28, atol=0.01)


def test_gradients_with_fixed_noise():
    m = _module()
    x = np.random.default_rng(1).standard_normal((3, 4))
    check_module_gradients(m, [x, np.array([1, 4, 1])], before_forward=lambda: nnlib.manual_seed(5))


def test_z_is_estimated_once_and_normalized_evaluation():
    nnlib.manual_seed(0)
    m = nn.NCEModule(4, 7, 5, np.ones(7)).astype(np.float64)
    x = np.random.default_rng(2).standard_normal((6, 4))
    m.forward([x, np.zeros(6, dtype=np.int64)])
    z = m.Z
    assert z > 0
    m.forward([x, np.zeros(6, dtype=np.int64)])
    assert m.Z == z
    m.evaluate()
    m.normalized, m.logsoftmax = True, True
    logp = m.forward([x, np.zeros(6, dtype=np.int64)])
    scores = x @ m.weight.T + m.bias
    np.testing.assert_allclose(logp, scores - np.log(np.exp(scores).sum(1, keepdims=True)), rtol=1e-12)


def test_bad_target_is_a_clear_error():
    with pytest.raises(ValueError, match="0-based"):
        _module().forward([np.zeros((2, 4)), np.array([0, 7])])
