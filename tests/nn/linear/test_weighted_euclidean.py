import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _module():
    m = nn.WeightedEuclidean(5, 3).astype(np.float64)
    m.diag_cov[...] = np.random.default_rng(7).uniform(0.5, 1.5, m.diag_cov.shape)
    return m


@pytest.mark.parametrize("shape", [(5,), (1, 5), (3, 5)])
def test_gradients(shape):
    check_module_gradients(_module(), np.random.default_rng(0).standard_normal(shape))


def test_forward_matches_numpy():
    m = _module()
    x = np.random.default_rng(1).standard_normal((4, 5))
    ref = np.linalg.norm(m.diag_cov[None] * (x[:, :, None] - m.weight[None]), axis=1)
    np.testing.assert_allclose(m.forward(x), ref, rtol=1e-12)


def test_parameters_and_init():
    m = nn.WeightedEuclidean(4, 2)
    params, _ = m.parameters()
    assert [p.shape for p in params] == [(4, 2), (4, 2)]
    np.testing.assert_array_equal(m.diag_cov, 1)
    x = np.random.default_rng(2).standard_normal((3, 4)).astype(np.float32)
    plain = nn.Euclidean(4, 2)
    plain.weight[...] = m.weight
    np.testing.assert_allclose(m.forward(x), plain.forward(x), rtol=1e-6)
