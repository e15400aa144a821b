import numpy as np
import pytest

from nnlib import nn


def test_reward_loss_baseline_gradient_and_reinforce():
    sampler = nn.ReinforceNormal(1.0).astype(np.float64)
    model = nn.Sequential(sampler)
    crit = nn.VRClassReward(model, 2.0).astype(np.float64)
    scores = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    baseline = np.array([0.5, 1.0, 0.0])
    target = np.array([1, 1, 1])
    assert crit.forward([scores, baseline], target) == pytest.approx(-4 / 3)
    g_scores, g_base = crit.backward([scores, baseline], target)
    assert not g_scores.any()
    reward = np.array([2.0, 0.0, 2.0])
    np.testing.assert_allclose(g_base, nn.MSECriterion().astype(np.float64).backward(baseline, reward))
    np.testing.assert_allclose(sampler.reward, (reward - baseline) / 3)
    with pytest.raises(ValueError, match="baseline"):
        crit.forward(scores, target)
