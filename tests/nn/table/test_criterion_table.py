import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


class _AsCriterion:
    """CriterionTable seen as a criterion of (input, target), to reuse the finite-difference check."""

    def __init__(self, module):
        self.module = module

    def forward(self, input, target):
        return self.module.forward([input, target])

    def backward(self, input, target):
        self.module.forward([input, target])
        return self.module.backward([input, target], None)[0]


def test_gradient_is_the_criterions():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    m = nn.CriterionTable(nn.MSECriterion()).astype(np.float64)
    check_criterion_gradients(_AsCriterion(m), x, t)


def test_output_and_grad_input_as_torch7():
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((3, 2)).astype(np.float32), rng.standard_normal((3, 2)).astype(np.float32)
    crit = nn.MSECriterion()
    m = nn.CriterionTable(crit)
    assert m.forward([x, t]) == pytest.approx(crit.forward(x, t))
    gx = m.backward([x, t], None)
    assert len(gx) == 2
    np.testing.assert_array_equal(gx[0], crit.backward(x, t))
    np.testing.assert_array_equal(gx[1], np.zeros_like(t))
    assert repr(m) == "nn.CriterionTable(nn.MSECriterion)"


def test_backward_through_parallel_table_with_identity():
    # simple.md's Identity example: ParallelTable(net, Identity) feeding a CriterionTable;
    # Torch7 gave Identity a nil gradient, nnlib a zero one.
    net = nn.Linear(5, 3)
    mlp = nn.Sequential(nn.ParallelTable(net, nn.Identity()), nn.CriterionTable(nn.MSECriterion()))
    x, y = np.ones(5, np.float32), np.ones(3, np.float32)
    mlp.forward([x, y])
    gx = mlp.backward([x, y], None)
    np.testing.assert_array_equal(gx[1], np.zeros(3))
    np.testing.assert_allclose(net.grad_bias, nn.MSECriterion().backward(net.output, y), rtol=1e-6)


def test_needs_a_pair():
    with pytest.raises(ValueError, match=r"nn.CriterionTable\(nn.MSECriterion\): expected the table \[input, target\]"):
        nn.CriterionTable(nn.MSECriterion()).forward(np.ones(3, np.float32))
