import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.0, 3.0, 0.1]])
@pytest.mark.parametrize("size_average", [True, False])
@pytest.mark.parametrize("n", [1, 3])
def test_gradients(n, weights, size_average):
    rng = np.random.default_rng(0)
    c = nn.CrossEntropyCriterion(weights, size_average).astype(np.float64)
    check_criterion_gradients(c, rng.standard_normal((n, 5)) * 3, rng.integers(0, 5, n))


def test_single_sample_gradients():
    c = nn.CrossEntropyCriterion().astype(np.float64)
    check_criterion_gradients(c, np.random.default_rng(1).standard_normal(5), 3)


@pytest.mark.parametrize("weights", [None, [0.5, 2.0, 1.0, 3.0]])
def test_equals_log_softmax_then_class_nll(weights):
    rng = np.random.default_rng(2)
    x = (rng.standard_normal((7, 4)) * 10).astype(np.float32)
    t = rng.integers(0, 4, 7)
    ce = nn.CrossEntropyCriterion(weights)
    lsm, nll = nn.LogSoftMax(), nn.ClassNLLCriterion(weights)
    assert ce.forward(x, t) == pytest.approx(nll.forward(lsm.forward(x), t), rel=1e-5)
    np.testing.assert_allclose(ce.backward(x, t), lsm.backward(x, nll.backward(lsm.output, t)), atol=1e-6)


def test_large_scores_are_stable():
    x = np.array([[1000.0, 0.0, -1000.0]], np.float32)
    assert nn.CrossEntropyCriterion().forward(x, np.array([0])) == pytest.approx(0.0, abs=1e-6)


def test_bad_labels_and_weights():
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match=r"nn.CrossEntropyCriterion: target label 3 is out of range \[0, 3\)"):
        nn.CrossEntropyCriterion().forward(x, np.array([0, 3]))
    with pytest.raises(ValueError, match="expected 2 targets"):
        nn.CrossEntropyCriterion().forward(x, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="integer class labels"):
        nn.CrossEntropyCriterion().forward(x, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"2 class weights for 3 classes"):
        nn.CrossEntropyCriterion([1, 2]).forward(x, np.array([0, 1]))


def test_singleton_target_axes_are_squeezed_as_torch7():
    x = np.random.default_rng(3).standard_normal((4, 3)).astype(np.float32)
    t = np.array([0, 2, 1, 2])
    c = nn.CrossEntropyCriterion()
    assert c.forward(x, t.reshape(4, 1)) == c.forward(x, t)
    np.testing.assert_array_equal(c.backward(x, t.reshape(1, 4)), c.backward(x, t))
    with pytest.raises(ValueError, match=r"expected 4 targets of shape \(4,\), got shape \(2, 2\)"):
        c.forward(x, t.reshape(2, 2))
