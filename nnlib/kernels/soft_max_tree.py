"""Hierarchical softmax over a tree (nnx's SoftMaxTree), on precomputed paths.

The tree is compiled once (see `nn.SoftMaxTree`) into flat int arrays:
- internal nodes are numbered 0..P-1 in breadth-first order (root = 0); node
  `p` owns the packed weight/bias rows `node_offset[p] : node_offset[p] + node_nchild[p]`,
  one per child;
- `row_child[r]` is the child of row `r`: a word id `w < n_words` for a leaf,
  `n_words + q` for internal node `q`;
- for word `w`, `path_node[w, d]` / `path_child[w, d]` (d < `path_len[w]`)
  are the internal node at depth `d` on its root path and the index of the
  next path element among that node's children.
Per sample, `log_probs[i]` keeps the log-softmax of every node on the path,
packed one node after the other (depth order), for the backward kernels.
exp and log are `_vmath`'s (no C library call; a node's exponentials vectorised on
float32) and a node's sum of exponentials is in the arrays' precision, as in `softmax.py`.
"""
import numpy as np

from ._config import as_dtype_of, pjit, prange, zero_of
from ._vmath import vexp, vlog, vmax


@pjit
def soft_max_tree_update_output(x, target, weight, bias, path_node, path_child, path_len,
                                node_offset, node_nchild, log_probs, output):
    """output[i] = sum over the path of target[i] of log-softmax(node logits)[child]."""
    n, f = x.shape
    for i in prange(n):
        w = target[i]
        off = 0
        total = 0.0
        for d in range(path_len[w]):
            p = path_node[w, d]
            r0 = node_offset[p]
            k = node_nchild[p]
            m = as_dtype_of(log_probs, -np.inf)
            for j in range(k):
                s = bias[r0 + j]
                for c in range(f):
                    s += weight[r0 + j, c] * x[i, c]
                log_probs[i, off + j] = s
                m = vmax(m, s)
            acc = zero_of(log_probs)
            for j in range(k):
                acc += vexp(log_probs[i, off + j] - m)
            shift = m + vlog(acc)
            for j in range(k):
                log_probs[i, off + j] -= shift
            total += log_probs[i, off + path_child[w, d]]
            off += k
        output[i] = total


@pjit
def soft_max_tree_update_grad_input(grad_output, target, weight, log_probs, path_node, path_child,
                                    path_len, node_offset, node_nchild, grad_input):
    """grad_input[i] = sum over path nodes of W_node^T (onehot(child) - softmax) * grad_output[i]."""
    n, f = grad_input.shape
    for i in prange(n):
        for c in range(f):
            grad_input[i, c] = 0.0
        w = target[i]
        g = grad_output[i]
        off = 0
        for d in range(path_len[w]):
            p = path_node[w, d]
            r0 = node_offset[p]
            k = node_nchild[p]
            child = path_child[w, d]
            for j in range(k):
                gj = -vexp(log_probs[i, off + j]) * g
                if j == child:
                    gj += g
                for c in range(f):
                    grad_input[i, c] += gj * weight[r0 + j, c]
            off += k


@pjit
def soft_max_tree_acc_grad_parameters(x, grad_output, target, log_probs, path_node, path_child, path_len,
                                      node_offset, node_nchild, scale, n_slabs, grad_weight, grad_bias, visited):
    """Add scale x the weight/bias gradients of the rows on the batch's paths; mark `visited` nodes.

    Deterministic: the (sample, node) visits are bucketed by node with a
    counting sort in sample order; each weight row sums its samples in that
    fixed order, so the bits do not depend on the thread count. The rows are
    cut into `n_slabs` consecutive slabs of about equal work (the root's rows
    see every sample, a leaf bin's rows a few), one parallel iteration each.
    """
    n, f = x.shape
    n_nodes = node_offset.size
    start = np.zeros(n_nodes + 1, dtype=np.int64)
    for i in range(n):
        w = target[i]
        for d in range(path_len[w]):
            start[path_node[w, d] + 1] += 1
    for p in range(n_nodes):
        start[p + 1] += start[p]
    n_visits = start[n_nodes]
    visit_sample = np.empty(n_visits, dtype=np.int64)
    visit_offset = np.empty(n_visits, dtype=np.int64)
    visit_child = np.empty(n_visits, dtype=np.int64)
    cursor = start[:n_nodes].copy()
    for i in range(n):
        w = target[i]
        off = 0
        for d in range(path_len[w]):
            p = path_node[w, d]
            e = cursor[p]
            visit_sample[e] = i
            visit_offset[e] = off
            visit_child[e] = path_child[w, d]
            cursor[p] = e + 1
            off += node_nchild[p]
    n_rows = 0
    for p in range(n_nodes):
        if start[p + 1] > start[p]:
            visited[p] = True
            n_rows += node_nchild[p]
    row_node = np.empty(n_rows, dtype=np.int64)
    row_j = np.empty(n_rows, dtype=np.int64)
    r = 0
    for p in range(n_nodes):
        if start[p + 1] > start[p]:
            for j in range(node_nchild[p]):
                row_node[r] = p
                row_j[r] = j
                r += 1
    work = 0
    for p in range(n_nodes):
        if start[p + 1] > start[p]:
            work += (start[p + 1] - start[p]) * node_nchild[p]
    bounds = np.empty(n_slabs + 1, dtype=np.int64)
    bounds[0] = 0
    t = 1
    done = 0
    for r in range(n_rows):
        while t < n_slabs and done * n_slabs >= work * t:
            bounds[t] = r
            t += 1
        p = row_node[r]
        done += start[p + 1] - start[p]
    while t <= n_slabs:
        bounds[t] = n_rows
        t += 1
    for slab in prange(n_slabs):
        for r in range(bounds[slab], bounds[slab + 1]):
            p = row_node[r]
            j = row_j[r]
            row = node_offset[p] + j
            gb = 0.0
            for e in range(start[p], start[p + 1]):
                i = visit_sample[e]
                gj = -vexp(log_probs[i, visit_offset[e] + j])
                if j == visit_child[e]:
                    gj += 1.0
                gj *= grad_output[i] * scale
                for c in range(f):
                    grad_weight[row, c] += gj * x[i, c]
                gb += gj
            grad_bias[row] += gb


@pjit
def soft_max_tree_zero_visited(visited, node_offset, node_nchild, grad_weight, grad_bias):
    """Zero the gradient rows of the visited nodes and clear `visited`."""
    for p in prange(node_offset.size):
        if visited[p]:
            for r in range(node_offset[p], node_offset[p] + node_nchild[p]):
                grad_weight[r, :] = 0.0
                grad_bias[r] = 0.0
            visited[p] = False


@pjit
def soft_max_tree_update_visited(visited, node_offset, node_nchild, learning_rate, weight, bias,
                                 grad_weight, grad_bias):
    """SGD step `param -= learning_rate * grad` on the rows of the visited nodes only."""
    f = weight.shape[1]
    for p in prange(node_offset.size):
        if visited[p]:
            for r in range(node_offset[p], node_offset[p] + node_nchild[p]):
                for c in range(f):
                    weight[r, c] -= learning_rate * grad_weight[r, c]
                bias[r] -= learning_rate * grad_bias[r]


@pjit
def soft_max_tree_log_prob_all(logits, node_offset, node_nchild, row_child, node_log_prob, out):
    """out[i, w] = log P(w | x_i) for every word, from all packed-row logits (N, R).

    Nodes are visited in breadth-first order, so a node's own log-probability
    (`node_log_prob[i, p]`, scratch of shape (N, P)) is known before its children's.
    """
    n = logits.shape[0]
    n_words = out.shape[1]
    for i in prange(n):
        node_log_prob[i, 0] = 0.0
        for p in range(node_offset.size):
            r0 = node_offset[p]
            k = node_nchild[p]
            m = as_dtype_of(logits, -np.inf)
            for j in range(k):
                m = vmax(m, logits[i, r0 + j])
            acc = zero_of(logits)
            for j in range(k):
                acc += vexp(logits[i, r0 + j] - m)
            shift = m + vlog(acc) - node_log_prob[i, p]
            for j in range(k):
                v = logits[i, r0 + j] - shift
                c = row_child[r0 + j]
                if c < n_words:
                    out[i, c] = v
                else:
                    node_log_prob[i, c - n_words] = v


@pjit
def soft_max_tree_sample(x, weight, bias, node_offset, node_nchild, row_child, n_words, uniforms,
                         scratch, out):
    """Draw one word per sample by walking down from the root.

    At each node the child is picked by inverting the softmax CDF with the
    next uniform of `uniforms[i]` (shape (N, max depth)); rounding never picks a
    child of probability 0. `scratch` is (N, max children).
    """
    n, f = x.shape
    for i in prange(n):
        p = 0
        d = 0
        while True:
            r0 = node_offset[p]
            k = node_nchild[p]
            m = as_dtype_of(scratch, -np.inf)
            for j in range(k):
                s = bias[r0 + j]
                for c in range(f):
                    s += weight[r0 + j, c] * x[i, c]
                scratch[i, j] = s
                m = vmax(m, s)
            total = 0.0
            pick = 0
            for j in range(k):
                scratch[i, j] = vexp(scratch[i, j] - m)
                total += scratch[i, j]
                if scratch[i, j] > 0.0:
                    pick = j
            u = uniforms[i, d] * total
            cum = 0.0
            for j in range(k):
                cum += scratch[i, j]
                if cum > u:
                    pick = j
                    break
            child = row_child[r0 + pick]
            if child < n_words:
                out[i] = child
                break
            p = child - n_words
            d += 1
