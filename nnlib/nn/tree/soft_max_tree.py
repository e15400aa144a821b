"""`SoftMaxTree`: hierarchical softmax (nnx's SoftMaxTree), plus full distributions and sampling."""
from collections import deque

import numpy as np

from ...kernels import soft_max_tree as K
from ...kernels.linear import linear_update_output, parameters_fit
from ...random import get_rng
from ...threads import get_num_threads
from .._checks import check_float_input, check_labels
from .._init import reset_uniform
from ..module import Module


class SoftMaxTree(Module):
    """log P(target | input) as a product of small softmaxes along the target's root path.

    `tree` maps each internal node id to the ids of its children (nnx's
    hierarchy). Leaves are the word ids, exactly 0..V-1; internal nodes have
    ids >= V. `root_id` defaults to the one internal node that is nobody's
    child. Each internal node is a Linear layer (one row per child); all rows
    are packed in `weight` (n_rows, input_size) and `bias` (n_rows,), node by
    node in breadth-first order (see `node_rows`).

    forward([input (N, input_size), target (N,) ints]) returns the (N,)
    log-probabilities of the targets (time-major (T, N, input_size) with
    (T, N) targets gives (T, N)); pair it with TreeNLLCriterion. Costs
    O(path length x children per node) per sample instead of O(V).
    `log_prob_all` and `sample` need no target (the Torch version had neither).
    Gradients touch only the rows of visited nodes; `update_parameters` and
    `zero_grad_parameters` take `partial=True` to touch only those rows too.

    Args:
        input_size: size of each input vector.
        tree: internal node id -> array of its children's ids.
        root_id: the root's id (default: the internal node that is nobody's child).

    Shape:
        Input: the table [input (N, input_size), target (N,)], output (N,) target log-probabilities;
        time-major [(T, N, input_size), (T, N)] gives (T, N).
    """

    def __init__(self, input_size: int, tree: dict[int, np.ndarray], root_id: int | None = None):
        super().__init__()
        self.input_size = int(input_size)
        self.tree = {int(k): np.asarray(v).copy() for k, v in _as_dict(tree).items()}
        self.root_id = _compile(self, self.tree, root_id)
        n_rows = self.row_child.size
        self.register_parameter("weight", np.zeros((n_rows, self.input_size)))
        self.register_parameter("bias", np.zeros(n_rows))
        self.visited = np.zeros(self.node_ids.size, dtype=np.bool_)
        self.reset()

    def reset(self, stdv=None):
        """U(-a, a), a = 1/sqrt(input_size) (each node is a Linear; nnx takes 1/sqrt(n_child_nodes * input_size)),
        or stdv * sqrt(3) when given, as nnx."""
        reset_uniform(stdv, self.input_size, self.weight, self.bias)
        return self

    def node_rows(self, node_id):
        """The slice of `weight`/`bias` rows that belongs to internal node `node_id`."""
        found = np.nonzero(self.node_ids == node_id)[0]
        if found.size == 0:
            raise ValueError(f"{self!r}: {node_id} is not an internal node id of the tree")
        p = found[0]
        return slice(int(self.node_offset[p]), int(self.node_offset[p] + self.node_nchild[p]))

    # -- forward / backward ------------------------------------------------
    def _unpack(self, input):
        """(x as (rows, input_size), targets as (rows,) int64) from the table [input, target]."""
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{self!r}: expected the table [input (N, {self.input_size}), target (N,)], "
                             f"got {type(input).__name__}")
        x, target = input
        check_float_input(self, x, (2, 3), self.input_size)
        target = np.asarray(target)
        if target.shape != x.shape[:-1]:
            raise ValueError(f"{self!r}: target shape {target.shape} does not match input shape {x.shape}; "
                             f"give one target per input row, shape {x.shape[:-1]}")
        x2 = np.ascontiguousarray(x.reshape(-1, self.input_size))
        t = check_labels(self, target.reshape(-1), x2.shape[0], self.n_words)
        return x2, np.ascontiguousarray(t)

    def update_output(self, input):
        """Accepts (N, input_size) with (N,) targets, or time-major (T, N, input_size) with (T, N)."""
        x, t = self._unpack(input)
        n = x.shape[0]
        log_probs = self._buffer("_log_probs", (n, self.max_path_rows))
        out = self._buffer("_out", (n,))
        K.soft_max_tree_update_output(x, t, self.weight, self.bias, self.path_node, self.path_child,
                                      self.path_len, self.node_offset, self.node_nchild, log_probs, out)
        self.output = out.reshape(input[0].shape[:-1])
        return self.output

    def _check_backward(self, input, x, grad_output):
        grad_output = np.asarray(grad_output)
        shape = input[0].shape[:-1]
        if grad_output.shape != shape:
            raise ValueError(f"{self!r}: grad_output shape {grad_output.shape} does not match output shape {shape}")
        if getattr(self, "_log_probs", None) is None or self._log_probs.shape[0] != x.shape[0]:
            raise ValueError(f"{self!r}: backward on a batch of {x.shape[0]} rows without a forward on it; "
                             "call forward first")
        return np.ascontiguousarray(grad_output.reshape(-1), dtype=self.dtype)

    def update_grad_input(self, input, grad_output):
        x, t = self._unpack(input)
        gy = self._check_backward(input, x, grad_output)
        gx = self._buffer("_gx", x.shape)
        K.soft_max_tree_update_grad_input(gy, t, self.weight, self._log_probs, self.path_node, self.path_child,
                                          self.path_len, self.node_offset, self.node_nchild, gx)
        gt = self._buffer("_gtarget", t.shape, np.int64)
        gt.fill(0)
        self.grad_input = [gx.reshape(input[0].shape), gt.reshape(grad_output.shape)]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        """Accumulate gradients into the rows of the nodes on the batch's paths only."""
        x, t = self._unpack(input)
        gy = self._check_backward(input, x, grad_output)
        K.soft_max_tree_acc_grad_parameters(x, gy, t, self._log_probs, self.path_node, self.path_child,
                                            self.path_len, self.node_offset, self.node_nchild,
                                            self.dtype.type(scale), get_num_threads(), self.grad_weight,
                                            self.grad_bias, self.visited)

    # -- sparse training helpers (nnx's `partial`) -----------------------------
    def zero_grad_parameters(self, partial=False):
        """Zero the gradients; `partial=True` zeroes only the rows visited since the last zero.

        `partial` is exact when nothing but this module wrote to the gradients
        since then (no momentum or weight decay applied in place to them).
        """
        if partial:
            K.soft_max_tree_zero_visited(self.visited, self.node_offset, self.node_nchild,
                                         self.grad_weight, self.grad_bias)
        else:
            super().zero_grad_parameters()
            self.visited[:] = False

    def update_parameters(self, learning_rate, partial=False):
        """SGD step; `partial=True` updates only the visited nodes' rows (same precondition)."""
        if partial:
            K.soft_max_tree_update_visited(self.visited, self.node_offset, self.node_nchild,
                                           self.dtype.type(learning_rate), self.weight, self.bias,
                                           self.grad_weight, self.grad_bias)
        else:
            super().update_parameters(learning_rate)

    # -- beyond nnx: full distribution and sampling --------------------------------
    def _features(self, input):
        check_float_input(self, input, (2, 3), self.input_size)
        return np.ascontiguousarray(input.reshape(-1, self.input_size))

    def log_prob_all(self, input, chunk=256):
        """(..., V) log-probabilities of every word for an (..., input_size) input.

        One GEMM gives all node logits, then the tree is walked level by level
        (parents before children), `chunk` rows at a time to bound memory.
        """
        x = self._features(input)
        if not parameters_fit(self.weight, self.bias, self.input_size, self.dtype):
            raise ValueError(f"{self!r}: weight {self.weight.dtype} {self.weight.shape} and bias {self.bias.shape} "
                             f"do not fit {self.input_size} input features of dtype {self.dtype}; were they replaced?")
        n = x.shape[0]
        out = np.empty((n, self.n_words), dtype=self.dtype)
        for s in range(0, n, chunk):
            xs = x[s:s + chunk]
            logits = np.empty((xs.shape[0], self.weight.shape[0]), dtype=self.dtype)
            linear_update_output(xs, self.weight, self.bias, logits, None)
            node_log_prob = np.empty((xs.shape[0], self.node_ids.size), dtype=self.dtype)
            K.soft_max_tree_log_prob_all(logits, self.node_offset, self.node_nchild, self.row_child,
                                         node_log_prob, out[s:s + chunk])
        return out.reshape(input.shape[:-1] + (self.n_words,))

    def sample(self, input, rng=None):
        """(...,) word ids drawn from P(. | input) by walking down from the root.

        `rng` is a numpy Generator (default: the library generator), so a
        seeded run draws the same words.
        """
        x = self._features(input)
        rng = get_rng() if rng is None else rng
        n = x.shape[0]
        uniforms = rng.random((n, self.depth))
        scratch = np.empty((n, int(self.node_nchild.max())), dtype=self.dtype)
        out = np.empty(n, dtype=np.int64)
        K.soft_max_tree_sample(x, self.weight, self.bias, self.node_offset, self.node_nchild, self.row_child,
                               self.n_words, uniforms, scratch, out)
        return out.reshape(input.shape[:-1])

    def extra_repr(self):
        return (f"{self.input_size} -> {self.n_words} words, {self.node_ids.size} nodes, "
                f"depth {self.depth}, root {self.root_id}")


def _as_dict(tree):
    if not isinstance(tree, dict) or not tree:
        raise ValueError(f"SoftMaxTree: tree must be a non-empty dict parent_id -> array of child ids, "
                         f"got {type(tree).__name__}")
    bad = [k for k in tree if not isinstance(k, (int, np.integer)) or isinstance(k, bool)]
    if bad:
        raise ValueError(f"SoftMaxTree: node ids must be ints, got the key {bad[0]!r}")
    return tree


def _compile(module, tree, root_id):
    """Validate `tree` and set the flat arrays the kernels walk (see nnlib/kernels/soft_max_tree.py)."""
    name = "SoftMaxTree"
    for parent, children in tree.items():
        if children.ndim != 1 or children.size == 0 or children.dtype.kind not in "iu":
            raise ValueError(f"{name}: the children of node {parent} must be a non-empty 1-D array of int "
                             f"ids, got {children!r}")
        if parent < 0 or children.min() < 0:
            raise ValueError(f"{name}: node ids must be >= 0 (node {parent}: children {children.tolist()})")
    keys = np.array(list(tree), dtype=np.int64)
    child_ids = np.concatenate([tree[k] for k in keys.tolist()]).astype(np.int64)
    parent_ids = np.repeat(keys, [tree[k].size for k in keys.tolist()])
    ids, first, counts = np.unique(child_ids, return_index=True, return_counts=True)
    if np.any(counts > 1):
        c = int(ids[counts > 1][0])
        two = parent_ids[child_ids == c][:2].tolist()
        raise ValueError(f"{name}: node {c} has two parents ({two[0]} and {two[1]}); "
                         "a tree has exactly one parent per node")
    has_parent = np.isin(keys, ids)
    if root_id is None:
        roots = sorted(keys[~has_parent].tolist())
        if len(roots) != 1:
            what = "no node without a parent (the tree has a cycle)" if not roots else f"several roots {roots}"
            raise ValueError(f"{name}: found {what}; pass root_id or fix the tree")
        root_id = roots[0]
    root_id = int(root_id)
    if root_id not in tree:
        raise ValueError(f"{name}: root_id {root_id} is not an internal node (a key of tree)")
    if has_parent[keys == root_id][0]:
        above = int(parent_ids[first[np.searchsorted(ids, root_id)]])
        raise ValueError(f"{name}: root_id {root_id} has a parent ({above}); the root must not")
    order, queue, depth_of = [], deque([root_id]), {root_id: 0}
    while queue:
        p = queue.popleft()
        order.append(p)
        kids = tree[p]
        for c in kids[np.isin(kids, keys)].tolist():
            depth_of[c] = depth_of[p] + 1
            queue.append(c)
    if len(order) != len(tree):
        lost = sorted(set(tree) - set(order))[:10]
        raise ValueError(f"{name}: internal nodes {lost} are not reachable from root {root_id} "
                         "(a cycle or a disconnected subtree)")
    leaves = ids[~np.isin(ids, keys)]
    n_words = int(leaves[-1]) + 1 if leaves.size else 0
    if leaves.size != n_words:
        missing = np.setdiff1d(np.arange(n_words), leaves).tolist()
        inner = [m for m in missing if m in tree]
        hint = (f"ids {inner[:10]} are internal nodes; internal ids must be >= the vocabulary size"
                if inner else f"ids {missing[:10]} are in no node's children")
        raise ValueError(f"{name}: the leaves must be exactly the word ids 0..{n_words - 1}, but {hint}")
    index = {p: i for i, p in enumerate(order)}
    nchild = np.array([tree[p].size for p in order], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(nchild)[:-1]]).astype(np.int64)
    row_child = np.concatenate([tree[p] for p in order]).astype(np.int64)
    internal = row_child >= n_words
    row_child[internal] = n_words + np.array([index[c] for c in row_child[internal].tolist()], dtype=np.int64)
    depth = max(depth_of.values()) + 1
    node_path = np.zeros((len(order), depth), dtype=np.int64)
    node_path_child = np.zeros((len(order), depth), dtype=np.int64)
    node_len = np.zeros(len(order), dtype=np.int64)
    ancestor_rows = np.zeros(len(order), dtype=np.int64)
    path_node = np.zeros((n_words, depth), dtype=np.int64)
    path_child = np.zeros((n_words, depth), dtype=np.int64)
    path_len = np.zeros(n_words, dtype=np.int64)
    path_rows = np.zeros(n_words, dtype=np.int64)
    for p in range(len(order)):
        kids = row_child[offset[p]:offset[p] + nchild[p]]
        d = node_len[p]
        for is_leaf, paths, children, lengths, rows in (
                (True, path_node, path_child, path_len, path_rows),
                (False, node_path, node_path_child, node_len, ancestor_rows)):
            positions = np.nonzero((kids < n_words) == is_leaf)[0]
            ids = kids[positions] - (0 if is_leaf else n_words)
            paths[ids, :d] = node_path[p, :d]
            children[ids, :d] = node_path_child[p, :d]
            paths[ids, d] = p
            children[ids, d] = positions
            lengths[ids] = d + 1
            rows[ids] = ancestor_rows[p] + nchild[p]
    module.n_words = n_words
    module.node_ids = np.array(order, dtype=np.int64)
    module.node_offset, module.node_nchild, module.row_child = offset, nchild, row_child
    module.path_node, module.path_child, module.path_len = path_node, path_child, path_len
    module.depth = depth
    module.max_path_rows = int(path_rows.max())
    return root_id
