"""frequency_tree: id scheme, equal-frequency bins, depth, and use with SoftMaxTree."""
import numpy as np
import pytest

from nnlib import nn


def _leaves_and_depths(tree, root):
    depths, stack = {}, [(root, 0)]
    while stack:
        node, d = stack.pop()
        for c in tree[node].tolist():
            if c in tree:
                stack.append((c, d + 1))
            else:
                depths[c] = d + 1
    return depths


def test_id_scheme_and_coverage():
    counts = np.random.default_rng(0).integers(0, 1000, 57)
    tree, root = nn.frequency_tree(counts)
    assert root == 57
    assert sorted(tree) == list(range(57, 57 + len(tree)))  # internal ids follow the words
    assert sorted(_leaves_and_depths(tree, root)) == list(range(57))
    for kids in tree.values():
        assert kids.dtype == np.int64


def test_bins_have_about_equal_frequency():
    counts = 1e6 / np.arange(1, 1001)  # Zipf, V = 1000 -> 32 bins
    tree, root = nn.frequency_tree(counts)
    assert set(_leaves_and_depths(tree, root).values()) <= {1, 2}
    mass = [counts[tree[c]].sum() if c in tree else counts[c] for c in tree[root].tolist()]
    assert 24 <= len(mass) <= 32  # the heaviest words take a whole bin each
    # a bin holds the words whose preceding cumulative share falls in [b, b + 1) / 32,
    # so its share exceeds 1/32 by at most its largest word's share
    for c in tree[root].tolist():
        if c in tree:
            words = tree[c]
            assert counts[words].sum() / counts.sum() <= 1 / 32 + counts[words].max() / counts.sum() + 1e-12
    assert sum(mass) == pytest.approx(counts.sum())
    # frequent words sit in small bins, rare words in large ones
    sizes = [tree[c].size if c in tree else 1 for c in tree[root].tolist()]
    assert sizes[0] < sizes[-1]


def test_equal_counts_give_a_balanced_tree_of_the_requested_depth():
    tree, root = nn.frequency_tree(np.ones(64, dtype=np.int64), depth=3)
    depths = _leaves_and_depths(tree, root)
    assert set(depths.values()) == {3}
    assert all(kids.size == 4 for kids in tree.values())
    tree2, root2 = nn.frequency_tree(np.zeros(10), branching=3, depth=5)
    assert max(_leaves_and_depths(tree2, root2).values()) <= 5
    assert all(kids.size <= 3 for kids in tree2.values())


def test_tree_feeds_soft_max_tree():
    counts = np.random.default_rng(1).integers(1, 50, 31)
    tree, root = nn.frequency_tree(counts, depth=3)
    m = nn.SoftMaxTree(4, tree, root_id=root).astype(np.float64)
    assert m.n_words == 31 and m.root_id == root
    p = np.exp(m.log_prob_all(np.random.default_rng(2).standard_normal((3, 4))))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)


@pytest.mark.parametrize("kwargs, message", [
    (dict(counts=np.array([[1, 2]])), "1-D numeric"),
    (dict(counts=np.array([3])), "at least 2 words"),
    (dict(counts=np.array([1, -2, 3])), ">= 0"),
    (dict(counts=np.array([1.0, np.nan])), "finite"),
    (dict(counts=np.ones(5), depth=0), "depth"),
    (dict(counts=np.ones(5), branching=1), "branching"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nn.frequency_tree(**kwargs)
