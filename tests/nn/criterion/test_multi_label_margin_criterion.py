import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients

TARGETS = np.array([[0, 2, -1, -1, -1], [4, -1, -1, -1, -1], [1, 0, 3, 2, 4], [3, 1, -1, 0, 0]])


def _reference(x, t, size_average):
    """The loss of torch/nn's doc, written out with Python loops."""
    total = 0.0
    for xi, ti in zip(x, t):
        labels = list(ti[:list(ti).index(-1)]) if -1 in ti else list(ti)
        others = [j for j in range(x.shape[1]) if j not in labels]
        total += sum(max(0.0, 1 - xi[k] + xi[j]) for k in labels for j in others) / x.shape[1]
    return total / (len(x) if size_average else 1)


@pytest.mark.parametrize("size_average", [True, False])
def test_gradients(size_average):
    rng = np.random.default_rng(0)
    c = nn.MultiLabelMarginCriterion(size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((4, 5)), TARGETS)
    check_criterion_gradients(c, rng.standard_normal(5), TARGETS[0])


@pytest.mark.parametrize("size_average", [True, False])
def test_against_reference_and_torch(size_average):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 5)).astype(np.float32)
    c = nn.MultiLabelMarginCriterion(size_average)
    assert c.forward(x, TARGETS) == pytest.approx(_reference(x, TARGETS, size_average), rel=1e-6)
    xt = torch.tensor(x, requires_grad=True)
    loss = torch.nn.MultiLabelMarginLoss(reduction="mean" if size_average else "sum")(xt, torch.tensor(TARGETS))
    loss.backward()
    assert c.forward(x, TARGETS) == pytest.approx(loss.item(), rel=1e-6)
    np.testing.assert_allclose(c.backward(x, TARGETS), xt.grad.numpy(), rtol=1e-6, atol=1e-8)


def test_entries_after_the_terminator_are_ignored():
    x = np.random.default_rng(2).standard_normal((1, 4)).astype(np.float32)
    c = nn.MultiLabelMarginCriterion()
    assert c.forward(x, np.array([[2, -1, 0, 1]])) == c.forward(x, np.array([[2, -1, -1, -1]]))


def test_bad_targets():
    c = nn.MultiLabelMarginCriterion()
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match=r"nn.MultiLabelMarginCriterion: target class 3 is out of range \[-1, 3\)"):
        c.forward(x, np.array([[0, 3, -1], [1, -1, -1]]))
    with pytest.raises(ValueError, match=r"target shape \(2, 2\) does not match input shape \(2, 3\); .* padded with -1"):
        c.forward(x, np.array([[0, -1], [1, -1]]))
    with pytest.raises(ValueError, match=r"expected integer target class lists .* got dtype float32"):
        c.forward(x, np.zeros((2, 3), np.float32))
