"""SoftMaxTree and TreeNLLCriterion: gradients, full distribution, sampling, validation."""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.testing import check_criterion_gradients, check_module_gradients

# Uneven depths (words 0 and 5 at depth 1, word 9 at depth 4) and a one-child node (25).
ODD_TREE = {20: [0, 21, 22, 5], 21: [1, 2, 23], 23: [3, 4], 22: [24, 6], 24: [7, 8, 25], 25: [9]}
N_WORDS = 10


def _tree():
    return {k: np.array(v) for k, v in ODD_TREE.items()}


def _model(input_size=3, dtype=np.float64):
    return nn.SoftMaxTree(input_size, _tree()).astype(dtype)


def _reference_log_prob(module, x, word):
    """log P(word | x) from the tree dict and the node_rows slices, path walked leaf to root."""
    parent_of = {int(c): p for p, kids in ODD_TREE.items() for c in kids}
    node, total = word, 0.0
    while node in parent_of:
        parent = parent_of[node]
        rows = module.node_rows(parent)
        logits = module.weight[rows] @ x + module.bias[rows]
        log_softmax = logits - np.log(np.sum(np.exp(logits - logits.max()))) - logits.max()
        total += log_softmax[ODD_TREE[parent].index(node)]
        node = parent
    return total


@pytest.mark.parametrize("batch", [1, 7])
def test_gradients_input_and_parameters(batch):
    m = _model()
    rng = np.random.default_rng(batch)
    x = rng.standard_normal((batch, 3))
    t = rng.integers(0, N_WORDS, batch)
    t[0] = 9  # the deepest word, through the one-child node
    check_module_gradients(m, [x, t])


@pytest.mark.parametrize("batch", [1, 5])
def test_gradients_through_tree_nll(batch):
    m, crit = _model(), nn.TreeNLLCriterion().astype(np.float64)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((batch, 3))
    t = rng.integers(0, N_WORDS, batch)

    def loss():
        return crit.forward(m.forward([x, t]), t)

    loss()
    m.zero_grad_parameters()
    gx = m.backward([x, t], crit.backward(m.output, t))[0].copy()
    for array, analytic in [(x, gx), (m.weight, m.grad_weight.copy()), (m.bias, m.grad_bias.copy())]:
        numeric = np.zeros(array.shape)
        for i in np.ndindex(array.shape):
            old = array[i]
            array[i] = old + 1e-6
            plus = loss()
            array[i] = old - 1e-6
            numeric[i] = (plus - loss()) / 2e-6
            array[i] = old
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_tree_nll_criterion_gradient_and_value():
    crit = nn.TreeNLLCriterion().astype(np.float64)
    logp = -np.random.default_rng(0).random(5)
    assert crit.forward(logp, None) == pytest.approx(-logp.mean())
    np.testing.assert_array_equal(crit.backward(logp, None), np.full(5, -0.2))
    check_criterion_gradients(crit, logp, None)
    summed = nn.TreeNLLCriterion(size_average=False).astype(np.float64)
    assert summed.forward(logp, None) == pytest.approx(-logp.sum())
    np.testing.assert_array_equal(summed.backward(logp, None), -np.ones(5))


def test_forward_matches_path_product_reference():
    m = _model(4)
    x = np.random.default_rng(1).standard_normal((N_WORDS, 4))
    t = np.arange(N_WORDS)
    out = m.forward([x, t])
    np.testing.assert_allclose(out, [_reference_log_prob(m, x[i], i) for i in t], rtol=1e-12)


def test_log_prob_all_is_a_distribution_that_agrees_with_forward():
    m = _model(3)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((5, 3))
    full = m.log_prob_all(x, chunk=2)
    assert full.shape == (5, N_WORDS)
    np.testing.assert_allclose(np.exp(full).sum(axis=1), 1.0, rtol=1e-12)
    for word in range(N_WORDS):
        t = np.full(5, word)
        np.testing.assert_allclose(full[:, word], m.forward([x, t]), rtol=1e-12)


def test_log_prob_all_names_a_replaced_weight_of_the_wrong_shape():
    m = _model(3)
    m.weight = np.zeros((m.weight.shape[0], 4))
    with pytest.raises(ValueError, match="do not fit 3 input features"):
        m.log_prob_all(np.ones((2, 3)))


def test_sample_frequencies_match_log_prob_all():
    m = _model(2)
    m.weight *= 3  # a peaked distribution with some rare words
    x = np.tile(np.array([[0.7, -1.3]]), (20000, 1))
    words = m.sample(x, np.random.default_rng(3))
    expected = np.exp(m.log_prob_all(x[:1])[0]) * x.shape[0]
    observed = np.bincount(words, minlength=N_WORDS)
    chi2 = np.sum((observed - expected) ** 2 / expected)
    assert chi2 < 27.9  # 99.9% quantile of chi-square with 9 degrees of freedom
    again = m.sample(x[:50], np.random.default_rng(3))
    np.testing.assert_array_equal(again, words[:50])


def test_float32_default_and_deterministic_across_thread_counts():
    m = nn.SoftMaxTree(6, _tree())
    assert m.weight.dtype == np.float32
    rng = np.random.default_rng(4)
    x = rng.standard_normal((33, 6)).astype(np.float32)
    t = rng.integers(0, N_WORDS, 33)
    results = []
    old = nnlib.get_num_threads()
    try:
        for threads in (1, 2):
            nnlib.set_num_threads(threads)
            m.zero_grad_parameters()
            m.forward([x, t])
            gx = m.backward([x, t], np.ones(33, np.float32))[0]
            results.append((m.output.copy(), gx.copy(), m.grad_weight.copy(), m.grad_bias.copy()))
    finally:
        nnlib.set_num_threads(old)
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_gradients_touch_only_visited_rows_and_partial_update_matches_dense():
    m = _model(3)
    x = np.random.default_rng(5).standard_normal((2, 3))
    t = np.array([3, 4])  # path 20 -> 21 -> 23
    m.forward([x, t])
    m.backward([x, t], np.ones(2))
    visited_rows = np.zeros(m.bias.size, bool)
    for node in (20, 21, 23):
        visited_rows[m.node_rows(node)] = True
    assert np.all(m.grad_weight[~visited_rows] == 0) and np.all(m.grad_bias[~visited_rows] == 0)
    assert np.all(m.grad_bias[visited_rows] != 0)
    assert sorted(m.node_ids[m.visited]) == [20, 21, 23]
    dense = m.clone()
    dense.update_parameters(0.1)
    m.update_parameters(0.1, partial=True)
    np.testing.assert_allclose(m.weight, dense.weight, rtol=1e-14)  # the kernel may fuse multiply-add
    np.testing.assert_allclose(m.bias, dense.bias, rtol=1e-14)
    m.zero_grad_parameters(partial=True)
    assert not m.grad_weight.any() and not m.grad_bias.any() and not m.visited.any()


def test_grad_input_has_a_zero_target_slot():
    m = _model(3)
    x, t = np.ones((2, 3)), np.array([0, 9])
    m.forward([x, t])
    gx, gt = m.backward([x, t], np.ones(2))
    assert gx.shape == (2, 3) and gt.shape == (2,) and not gt.any()


@pytest.mark.parametrize("tree, message", [
    ({5: [0, 6], 6: [1, 7], 7: [2, 6]}, "two parents"),
    ({3: [0, 1, 2], 4: [5], 5: [4]}, "not reachable from root"),
    ({3: [0, 4], 4: [1, 3]}, "cycle"),
    ({4: [0, 1, 3]}, "0..3"),
    ({3: [0, 2, 4], 2: [1, 5], 4: [6], 5: [7]}, "internal ids must be >= the vocabulary size"),
    ({3: [0, 1], 4: [2]}, "several roots"),
    ({2: []}, "non-empty 1-D array"),
    ({2: [0, -1]}, ">= 0"),
    ({"root": [0, 1]}, "node ids must be ints"),
])
def test_bad_trees_raise_clear_errors(tree, message):
    with pytest.raises(ValueError, match=message):
        nn.SoftMaxTree(3, {k: np.array(v, dtype=np.int64) for k, v in tree.items()})


def test_bad_root_id():
    with pytest.raises(ValueError, match="root_id 21 has a parent"):
        nn.SoftMaxTree(3, _tree(), root_id=21)
    with pytest.raises(ValueError, match="root_id 4 is not an internal node"):
        nn.SoftMaxTree(3, _tree(), root_id=4)


def test_bad_targets_and_inputs_raise_clear_errors():
    m = _model(3)
    x = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"target label 10 is out of range \[0, 10\)"):
        m.forward([x, np.array([0, 10])])
    with pytest.raises(ValueError, match="out of range"):
        m.forward([x, np.array([-1, 0])])
    with pytest.raises(ValueError, match="integer class labels"):
        m.forward([x, np.array([0.0, 1.0])])
    with pytest.raises(ValueError, match=r"expected the table \[input"):
        m.forward(x)
    with pytest.raises(ValueError, match="features"):
        m.forward([np.zeros((2, 4)), np.array([0, 1])])
    m.forward([x, np.array([0, 1])])
    with pytest.raises(ValueError, match="grad_output shape"):
        m.backward([x, np.array([0, 1])], np.ones(3))


def test_time_major_input_matches_flattened_batch():
    m, crit = _model(3), nn.TreeNLLCriterion().astype(np.float64)
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 2, 3))
    t = rng.integers(0, N_WORDS, (3, 2))
    out = m.forward([x, t]).copy()
    assert out.shape == (3, 2)
    np.testing.assert_array_equal(out.reshape(-1), m.forward([x.reshape(6, 3), t.reshape(6)]))
    assert crit.forward(out, t) == pytest.approx(-out.mean())
    m.forward([x, t])
    gx, gt = m.backward([x, t], crit.backward(out, t))
    assert gx.shape == (3, 2, 3) and gt.shape == (3, 2)
    check_module_gradients(m, [x, t])
    assert m.log_prob_all(x).shape == (3, 2, N_WORDS)
    assert m.sample(x, np.random.default_rng(0)).shape == (3, 2)
    with pytest.raises(ValueError, match=r"target shape \(2, 3\) does not match input shape"):
        m.forward([x, t.T])


def test_flat_parameters_and_clone_share():
    m = _model(3)
    flat, gflat = m.get_parameters()
    x, t = np.random.default_rng(9).standard_normal((3, 3)), np.array([9, 0, 4])
    m.forward([x, t])
    m.backward([x, t], np.ones(3))
    np.testing.assert_array_equal(gflat, np.concatenate([m.grad_weight.ravel(), m.grad_bias]))
    assert gflat.any()
    twin = m.clone("weight", "bias")
    flat -= 0.5 * gflat  # an optim-style step on the flat view moves the twin too
    np.testing.assert_array_equal(twin.forward([x, t]), m.forward([x, t]))


def test_save_load_round_trip(tmp_path):
    m = _model(3)
    x, t = np.random.default_rng(10).standard_normal((4, 3)), np.array([9, 0, 4, 6])
    expected = m.forward([x, t]).copy()
    nnlib.save(tmp_path / "tree.h5", m)
    loaded = nnlib.load(tmp_path / "tree.h5")
    np.testing.assert_array_equal(loaded.forward([x, t]), expected)
    np.testing.assert_array_equal(loaded.log_prob_all(x), m.log_prob_all(x))
    loaded.backward([x, t], np.ones(4))
    assert loaded.grad_weight.any() and loaded.root_id == 20


def test_trains_with_optim_sgd():
    m, crit = _model(3), nn.TreeNLLCriterion().astype(np.float64)
    x = np.random.default_rng(11).standard_normal((9, 3))
    t = np.array([0, 1, 2, 3, 4, 5, 6, 7, 9])
    flat, gflat = m.get_parameters()

    def feval(_):
        gflat.fill(0)
        loss = crit.forward(m.forward([x, t]), t)
        m.backward([x, t], crit.backward(m.output, t))
        return loss, gflat

    first = feval(flat)[0]
    for _ in range(100):
        nnlib.optim.sgd(feval, flat, {"learning_rate": 0.5})
    assert feval(flat)[0] < 0.5 * first


def test_behind_a_parallel_table_as_in_nnx():
    """nnx's usage: ParallelTable(Linear, Identity) carries [features, target] into the tree."""
    model = nn.Sequential(nn.ParallelTable(nn.Linear(4, 3), nn.Identity()), nn.SoftMaxTree(3, _tree()))
    model.astype(np.float64)
    rng = np.random.default_rng(12)
    x, t = rng.standard_normal((5, 4)), rng.integers(0, N_WORDS, 5)
    assert model.forward([x, t]).shape == (5,)
    check_module_gradients(model, [x, t])
