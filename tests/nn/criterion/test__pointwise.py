"""The element-wise criterions' shared target rule: equal element counts pair up, others are refused."""
import numpy as np
import pytest

from nnlib import nn

ELEMENTWISE = [
    lambda: nn.MSECriterion(), lambda: nn.AbsCriterion(), lambda: nn.SmoothL1Criterion(),
    lambda: nn.MarginCriterion(), lambda: nn.SoftMarginCriterion(), lambda: nn.DistKLDivCriterion(),
    lambda: nn.BCECriterion(), lambda: nn.MultiLabelSoftMarginCriterion(), lambda: nn.HingeEmbeddingCriterion(),
    lambda: nn.WeightedMSECriterion(np.array([0.5], np.float32)),
]


def _pair(rng):
    x = rng.uniform(0.1, 0.9, (8, 1)).astype(np.float32)
    t = np.where(rng.uniform(size=8) > 0.5, 1.0, -1.0).astype(np.float32)
    return x, t


@pytest.mark.parametrize("make", ELEMENTWISE)
def test_an_8_target_for_an_8x1_output(make):
    x, t = _pair(np.random.default_rng(0))
    if isinstance(make(), (nn.BCECriterion, nn.MultiLabelSoftMarginCriterion, nn.DistKLDivCriterion)):
        t = (t > 0).astype(np.float32)
    flat, shaped = make(), make()
    assert flat.forward(x, t) == shaped.forward(x, t.reshape(8, 1))
    g = flat.backward(x, t)
    assert g.shape == (8, 1)
    np.testing.assert_array_equal(g, shaped.backward(x, t.reshape(8, 1)))


@pytest.mark.parametrize("make", ELEMENTWISE)
def test_mismatched_counts_name_both_shapes(make):
    c = make()
    x = np.full((8, 1), 0.5, np.float32)
    with pytest.raises(ValueError, match=rf"{type(c).__name__}.*target shape \(7,\) \(7 elements\) does not match "
                                         r"input shape \(8, 1\) \(8 elements\)"):
        c.forward(x, np.ones(7, np.float32))
    with pytest.raises(ValueError, match=r"target shape \(2, 3\) .* input shape \(8, 1\)"):
        c.backward(x, np.ones((2, 3), np.float32))


@pytest.mark.parametrize("make", ELEMENTWISE)
def test_bad_targets_and_inputs(make):
    c = make()
    x = np.full((2, 2), 0.5, np.float32)
    with pytest.raises(ValueError, match="expected the target as a numpy array .* got list"):
        c.forward(x, [1.0, 1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="expected a numeric target, got dtype <U1"):
        c.forward(x, np.array(["a", "b", "c", "d"]))
    with pytest.raises(ValueError, match="expected a float array, got dtype int64"):
        c.forward(np.ones((2, 2), np.int64), np.ones((2, 2), np.float32))
    with pytest.raises(ValueError, match="input dtype float64 does not match the module's float32"):
        c.forward(x.astype(np.float64), np.ones((2, 2), np.float32))


def test_integer_targets_are_cast():
    x = np.array([0.5, -2.0, 3.0], np.float32)
    assert nn.MarginCriterion().forward(x, np.array([1, 1, -1])) == pytest.approx((0.5 + 3.0 + 4.0) / 3)
