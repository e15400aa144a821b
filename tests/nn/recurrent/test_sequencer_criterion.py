import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_criterion_gradients


def _data(steps=3, n=2, c=5):
    rng = np.random.default_rng(0)
    logp = nn.LogSoftMax().astype(np.float64).forward(rng.standard_normal((steps * n, c))).reshape(steps, n, c)
    return logp.copy(), rng.integers(0, c, (steps, n))


@pytest.mark.parametrize("size_average", [False, True])
def test_batched_nll_equals_sum_of_steps(size_average):
    x, t = _data()
    crit = nn.SequencerCriterion(nn.ClassNLLCriterion(), size_average=size_average).astype(np.float64)
    per_step = nn.ClassNLLCriterion().astype(np.float64)
    expected = sum(per_step.forward(x[s], t[s]) for s in range(3)) / (3 if size_average else 1)
    assert crit.forward(x, t) == pytest.approx(expected, rel=1e-12)
    grads = np.stack([per_step.backward(x[s], t[s]).copy() for s in range(3)]) / (3 if size_average else 1)
    np.testing.assert_allclose(crit.backward(x, t), grads, rtol=1e-12)


def test_weighted_criterion_goes_step_by_step():
    x, t = _data()
    crit = nn.SequencerCriterion(nn.ClassNLLCriterion(weights=np.arange(1, 6))).astype(np.float64)
    per_step = nn.ClassNLLCriterion(weights=np.arange(1, 6)).astype(np.float64)
    assert crit.forward(x, t) == pytest.approx(sum(per_step.forward(x[s], t[s]) for s in range(3)), rel=1e-12)
    check_criterion_gradients(crit, x, t)


def test_ignored_targets_are_summed_step_by_step():
    """Steps with different numbers of ignored targets average over different counts: not one (T*N) call."""
    x, t = _data(steps=3, n=4)
    t[0, :3] = -1
    t[2, 1] = -1
    crit = nn.SequencerCriterion(nn.ClassNLLCriterion(ignore_index=-1)).astype(np.float64)
    per_step = nn.ClassNLLCriterion(ignore_index=-1).astype(np.float64)
    assert crit.forward(x, t) == pytest.approx(sum(per_step.forward(x[s], t[s]) for s in range(3)), rel=1e-12)
    check_criterion_gradients(crit, x, t)


def test_gradients():
    x, t = _data(steps=1, n=1)
    check_criterion_gradients(nn.SequencerCriterion(nn.ClassNLLCriterion()).astype(np.float64), x, t)


def test_mismatched_steps_is_a_clear_error():
    x, t = _data()
    with pytest.raises(ValueError, match="time-major"):
        nn.SequencerCriterion(nn.ClassNLLCriterion()).astype(np.float64).forward(x, t[:2])


@pytest.mark.parametrize("size_average", [False, True])
def test_batched_cross_entropy_equals_sum_of_steps(size_average):
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((3, 2, 5)), rng.integers(0, 5, (3, 2))
    crit = nn.SequencerCriterion(nn.CrossEntropyCriterion(), size_average=size_average).astype(np.float64)
    per_step = nn.CrossEntropyCriterion().astype(np.float64)
    expected = sum(per_step.forward(x[s], t[s]) for s in range(3)) / (3 if size_average else 1)
    assert crit.forward(x, t) == pytest.approx(expected, rel=1e-12)
    grads = np.stack([per_step.backward(x[s], t[s]).copy() for s in range(3)]) / (3 if size_average else 1)
    np.testing.assert_allclose(crit.backward(x, t), grads, rtol=1e-12)
    check_criterion_gradients(crit, x, t)
