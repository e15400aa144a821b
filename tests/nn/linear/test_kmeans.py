import numpy as np
import pytest

from nnlib import nn


def _blobs(rng, n_per=20):
    centres = np.array([[5.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0]])
    return np.concatenate([c + 0.1 * rng.standard_normal((n_per, 3)) for c in centres]), centres


def test_assignment_and_loss_match_numpy():
    rng = np.random.default_rng(0)
    m = nn.Kmeans(4, 3).astype(np.float64)
    x = rng.standard_normal((7, 3))
    d2 = ((x[:, None, :] - m.weight[None]) ** 2).sum(axis=2)
    out = m.forward(x)
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, d2.argmin(axis=1))
    np.testing.assert_allclose(m.loss, d2.min(axis=1).sum(), rtol=1e-12)
    assert not m.backward(x, np.zeros(7)).any()


def test_weight_gradient_is_the_scaled_gradient_of_the_per_centre_mean_loss():
    # For a fixed assignment, grad_weight[c] = scale / (2 n_c) * d loss / d centre_c.
    rng = np.random.default_rng(1)
    m = nn.Kmeans(3, 2).astype(np.float64)
    x = rng.standard_normal((9, 2))
    assignment = m.forward(x).copy()
    m.zero_grad_parameters()
    m.backward(x, np.zeros(9), 0.5)
    numeric = np.zeros_like(m.weight)
    for i in np.ndindex(m.weight.shape):
        old = m.weight[i]
        m.weight[i] = old + 1e-6
        plus = (m.forward(x), m.loss)[1]
        m.weight[i] = old - 1e-6
        minus = (m.forward(x), m.loss)[1]
        m.weight[i] = old
        numeric[i] = (plus - minus) / 2e-6
        np.testing.assert_array_equal(m.forward(x), assignment)
    counts = np.bincount(assignment, minlength=3)
    np.testing.assert_array_equal(m.cluster_sample_count, counts)
    expected = 0.5 * numeric / (2 * (counts[:, None] + 1e-7))
    np.testing.assert_allclose(m.grad_weight, expected, rtol=1e-5, atol=1e-8)


def test_one_step_moves_centres_to_their_means_and_scale_overrides():
    rng = np.random.default_rng(2)
    x, _ = _blobs(rng)
    m = nn.Kmeans(3, 3, scale=1.0).astype(np.float64).init_random(x)
    assignment = m.forward(x).copy()
    m.zero_grad_parameters()
    m.backward(x, np.zeros(len(x)), 0.1)  # the constructor's scale wins
    m.update_parameters(1.0)
    for c in np.unique(assignment):
        np.testing.assert_allclose(m.weight[c], x[assignment == c].mean(axis=0), rtol=1e-6)


def test_init_helpers_pick_samples():
    rng = np.random.default_rng(3)
    x, centres = _blobs(rng)
    m = nn.Kmeans(3, 3).astype(np.float64)
    m.init_random(x)
    assert all(any(np.array_equal(w, s) for s in x) for w in m.weight)
    m.init_kmeans_plus(x)
    # far-apart picks: one centre in each blob
    nearest_true = ((m.weight[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    assert sorted(nearest_true) == [0, 1, 2]
    with pytest.raises(ValueError, match="at least 3 samples"):
        m.init_random(x[:2])


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"Kmeans\(2, 3\).*expected 3"):
        nn.Kmeans(2, 3).forward(np.ones((4, 2), np.float32))
