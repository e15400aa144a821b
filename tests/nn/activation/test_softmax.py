import numpy as np
import pytest

from nnlib import nn

from ._helpers import check_softmax_family


def test_gradients_and_torch_on_every_rank():
    torch = pytest.importorskip("torch")
    check_softmax_family(nn.SoftMax, lambda dim: torch.nn.Softmax(dim=dim))


def test_rows_are_distributions():
    x = np.random.default_rng(1).standard_normal((4, 6)).astype(np.float32) * 50
    y = nn.SoftMax().forward(x)
    np.testing.assert_allclose(y.sum(1), 1, rtol=1e-6)
    assert (y >= 0).all()


def test_three_d_normalises_the_first_axis_as_rnns_mufuru_uses_it():
    """rnn's MuFuRu hands SoftMax its (J, N, H) op weights: every (n, h) gets a distribution over the J ops."""
    x = np.random.default_rng(2).standard_normal((5, 3, 4)).astype(np.float32) * 3
    y = nn.SoftMax().forward(x)
    np.testing.assert_allclose(y.sum(0), 1, rtol=1e-6)
    np.testing.assert_allclose(y[:, 1, 2], nn.SoftMax().forward(np.ascontiguousarray(x[:, 1, 2])), rtol=1e-6)
