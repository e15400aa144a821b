import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.mark.parametrize("batch", [1, 3])
def test_gradients_table_of_experts(batch):
    rng = np.random.default_rng(0)
    x = [rng.standard_normal((batch, 3)), [rng.standard_normal((batch, 2, 5)) for _ in range(3)]]
    check_module_gradients(nn.MixtureTable().astype(np.float64), x)


@pytest.mark.parametrize("dim,shape", [(None, (2, 3, 4)), (2, (2, 4, 3)), (-1, (2, 5, 3)), (1, (1, 3))])
def test_gradients_experts_in_one_array(dim, shape):
    rng = np.random.default_rng(1)
    x = [rng.standard_normal((shape[0], 3)), rng.standard_normal(shape)]
    check_module_gradients(nn.MixtureTable(dim).astype(np.float64), x)


def test_single_sample_gradients():
    rng = np.random.default_rng(2)
    check_module_gradients(nn.MixtureTable().astype(np.float64), [rng.standard_normal(3), rng.standard_normal((3, 4))])
    check_module_gradients(nn.MixtureTable().astype(np.float64), [rng.standard_normal(2), [rng.standard_normal(4), rng.standard_normal(4)]])


def test_mixture_matches_numpy():
    rng = np.random.default_rng(3)
    gater = _softmax(rng.standard_normal((4, 3)))
    experts = rng.standard_normal((4, 3, 6))
    m = nn.MixtureTable().astype(np.float64)
    np.testing.assert_allclose(m.forward([gater, experts]), np.einsum("ne,ned->nd", gater, experts))
    table = [experts[:, i] for i in range(3)]
    np.testing.assert_allclose(nn.MixtureTable().astype(np.float64).forward([gater, table]),
                               np.einsum("ne,ned->nd", gater, experts))


def test_errors():
    m = nn.MixtureTable()
    with pytest.raises(ValueError, match=r"nn.MixtureTable: should be one gater output per expert: gater shape \(2, 3\), 2 experts"):
        m.forward([np.ones((2, 3), np.float32), [np.ones((2, 4), np.float32)] * 2])
    with pytest.raises(ValueError, match=r"experts of shape \(2, 4, 5\) for a gater of shape \(2, 3\); expected \(2, ...\) with 3 experts along dim 1"):
        m.forward([np.ones((2, 3), np.float32), np.ones((2, 4, 5), np.float32)])
