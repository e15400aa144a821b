import pytest

from nnlib import nn

from ._helpers import check_softmax_family


def test_gradients_and_torch_on_every_rank():
    torch = pytest.importorskip("torch")
    check_softmax_family(nn.SpatialLogSoftMax, lambda dim: torch.nn.LogSoftmax(dim=dim))
