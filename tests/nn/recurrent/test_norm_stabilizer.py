import numpy as np
import pytest

from nnlib import nn

from ._recurrent_checks import StepUnroll, grads_after, zero_padded


def _penalty(x, mask, beta):
    norms = np.sqrt((x ** 2).sum(axis=2))
    pair = mask[1:] * mask[:-1]
    return beta * (((norms[1:] - norms[:-1]) ** 2) * pair).mean(axis=1).sum()


def _numeric(x, mask, beta):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        d = np.zeros_like(x)
        d[i] = 1e-6
        g[i] = (_penalty(x + d, mask, beta) - _penalty(x - d, mask, beta)) / 2e-6
    return g


def test_identity_forward_and_penalty_gradient_in_both_paths():
    x = np.random.default_rng(0).standard_normal((4, 3, 2))
    gy = np.random.default_rng(1).standard_normal(x.shape)
    ones = np.ones((4, 3))
    expected = gy + _numeric(x, ones, 0.7)
    for model in (nn.Sequencer(nn.NormStabilizer(0.7)), StepUnroll(nn.NormStabilizer(0.7))):
        out, gx, _ = grads_after(model, x, gy)
        np.testing.assert_array_equal(out, x)
        np.testing.assert_allclose(gx, expected, rtol=1e-6, atol=1e-8)
    ns = nn.NormStabilizer(0.7)
    ns.sequence_forward(x)
    assert ns.update_loss() == pytest.approx(_penalty(x, ones, 0.7) / 3, rel=1e-12)


def test_masked_pairs_are_left_out():
    pads = [(0, 1), (3, 2)]
    x = zero_padded(np.random.default_rng(2).standard_normal((4, 3, 2)), pads)
    mask = np.ones((4, 3))
    for t, n in pads:
        mask[t, n] = 0
    gy = np.zeros(x.shape)
    expected = _numeric(x, mask, 1.0) * mask[..., None]
    _, gx, _ = grads_after(nn.Sequencer(nn.NormStabilizer()), x, gy, mask)
    np.testing.assert_allclose(gx, expected, rtol=1e-6, atol=1e-8)
    _, gx, _ = grads_after(StepUnroll(nn.NormStabilizer().mask_zero()), x, gy)  # padded rows are zero: no penalty
    np.testing.assert_allclose(gx, expected, rtol=1e-6, atol=1e-8)
