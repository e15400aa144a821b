"""Word trees for SoftMaxTree from word frequencies (Mikolov's frequency binning, as in dp)."""
import math
from collections import deque

import numpy as np


def frequency_tree(counts, branching=None, depth=2):
    """Group words into bins of roughly equal total frequency, recursively; return (tree, root_id).

    Words are sorted by count (most frequent first, ties by id) and the
    cumulative frequency is cut into `branching` equal parts (default
    ceil(V ** (1 / depth)), i.e. sqrt(V) bins for the classic 2-level tree).
    Frequent words thus sit in small bins, rare words in large ones, so the
    expected cost per token stays about `depth * branching` rows. A bin with
    more than `branching` words is split the same way while depth remains;
    a bin of one word becomes a leaf of its parent directly. With all counts
    equal this gives a balanced tree.

    Id scheme: leaves are the word ids 0..V-1 (the index into `counts`);
    internal nodes get ids V, V+1, ... in breadth-first order, so the root
    is V. `tree` maps each internal id to an int64 array of child ids, in
    frequency order; pass it with `root_id` to `SoftMaxTree`.
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.size < 2 or counts.dtype.kind not in "iuf":
        raise ValueError(f"frequency_tree: counts must be a 1-D numeric array with one entry per word "
                         f"(at least 2 words), got shape {counts.shape} and dtype {counts.dtype}")
    if not np.all(np.isfinite(counts)) or counts.min() < 0:
        raise ValueError("frequency_tree: counts must be finite and >= 0")
    if not isinstance(depth, int) or depth < 1:
        raise ValueError(f"frequency_tree: depth must be an int >= 1, got {depth!r}")
    n_words = counts.size
    if branching is None:
        branching = max(2, math.ceil(round(n_words ** (1.0 / depth), 9)))
    if not isinstance(branching, int) or branching < 2:
        raise ValueError(f"frequency_tree: branching must be an int >= 2, got {branching!r}")
    order = np.argsort(-counts.astype(np.float64), kind="stable")
    weights = counts.astype(np.float64)
    tree = {}
    root_id = n_words
    queue = deque([(root_id, order, depth)])
    next_id = n_words + 1
    while queue:
        node, words, levels = queue.popleft()
        if levels == 1 or words.size <= branching:
            tree[node] = words.astype(np.int64)
            continue
        children = []
        for group in _equal_frequency_bins(words, weights[words], branching):
            if group.size == 1:
                children.append(int(group[0]))
            else:
                children.append(next_id)
                queue.append((next_id, group, levels - 1))
                next_id += 1
        tree[node] = np.array(children, dtype=np.int64)
    return tree, root_id


def _equal_frequency_bins(words, weights, n_bins):
    """Split `words` (sorted by decreasing weight) into at most n_bins consecutive non-empty groups
    of about equal total weight; bin b takes the words whose preceding cumulative weight falls
    in [b, b + 1) / n_bins of the total (equal sizes when all weights are 0)."""
    total = weights.sum()
    if total <= 0:
        weights = np.ones_like(weights)
        total = weights.sum()
    before = np.concatenate([[0.0], np.cumsum(weights)[:-1]])
    bins = np.minimum((before * n_bins / total).astype(np.int64), n_bins - 1)
    cuts = np.nonzero(np.diff(bins))[0] + 1
    return np.split(words, cuts)
