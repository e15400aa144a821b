"""soft_max_tree kernels against plain-numpy references on the compiled tree arrays."""
import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import soft_max_tree as K

TREE = {13: [0, 14, 15, 4, 16], 14: [1, 17], 17: [2, 3], 15: [5, 6, 7, 18], 18: [8, 9, 10, 11], 16: [12]}
N_WORDS = 13


def _setup(batch, features=5, seed=0):
    rng = np.random.default_rng(seed)
    m = nn.SoftMaxTree(features, {k: np.array(v) for k, v in TREE.items()}).astype(np.float64)
    m.weight[...] = rng.standard_normal(m.weight.shape)
    m.bias[...] = rng.standard_normal(m.bias.shape)
    x = rng.standard_normal((batch, features))
    t = rng.integers(0, N_WORDS, batch)
    gy = rng.standard_normal(batch)
    return m, x, t, gy


def _log_softmax(z):
    return z - z.max() - np.log(np.exp(z - z.max()).sum())


def _paths(m, word):
    """(node index, child index) pairs from the root to `word`, found by searching row_child."""
    steps, code = [], word
    while True:
        row = int(np.nonzero(m.row_child == code)[0][0])
        p = int(np.searchsorted(m.node_offset, row, side="right") - 1)
        steps.append((p, row - int(m.node_offset[p])))
        if p == 0:
            return steps[::-1]
        code = m.n_words + p


def _rows(m, p):
    return slice(int(m.node_offset[p]), int(m.node_offset[p] + m.node_nchild[p]))


def _reference(m, x, t, gy, scale):
    out = np.zeros(len(t))
    gx = np.zeros_like(x)
    gw, gb = np.zeros_like(m.weight), np.zeros_like(m.bias)
    for i, w in enumerate(t):
        for p, j in _paths(m, w):
            rows = _rows(m, p)
            ls = _log_softmax(m.weight[rows] @ x[i] + m.bias[rows])
            out[i] += ls[j]
            g = (np.eye(ls.size)[j] - np.exp(ls)) * gy[i]
            gx[i] += m.weight[rows].T @ g
            gw[rows] += scale * np.outer(g, x[i])
            gb[rows] += scale * g
    return out, gx, gw, gb


@pytest.mark.parametrize("batch", [1, 9])
def test_forward_grad_input_and_acc_grad_parameters(batch):
    m, x, t, gy = _setup(batch)
    ref_out, ref_gx, ref_gw, ref_gb = _reference(m, x, t, gy, 0.5)
    log_probs = np.empty((batch, m.max_path_rows))
    out = np.empty(batch)
    args = (m.path_node, m.path_child, m.path_len, m.node_offset, m.node_nchild)
    K.soft_max_tree_update_output(x, t, m.weight, m.bias, *args, log_probs, out)
    np.testing.assert_allclose(out, ref_out, rtol=1e-12)
    gx = np.full_like(x, np.nan)
    K.soft_max_tree_update_grad_input(gy, t, m.weight, log_probs, *args, gx)
    np.testing.assert_allclose(gx, ref_gx, rtol=1e-12, atol=1e-14)
    gw, gb = np.ones_like(m.weight), np.ones_like(m.bias)
    visited = np.zeros(m.node_offset.size, np.bool_)
    K.soft_max_tree_acc_grad_parameters(x, gy, t, log_probs, *args, 0.5, 3, gw, gb, visited)
    np.testing.assert_allclose(gw, 1 + ref_gw, rtol=1e-12)
    np.testing.assert_allclose(gb, 1 + ref_gb, rtol=1e-12)
    for n_slabs in (1, 2, 7, 40):  # the slab cut never changes a row's sum
        gw2, gb2 = np.ones_like(m.weight), np.ones_like(m.bias)
        K.soft_max_tree_acc_grad_parameters(x, gy, t, log_probs, *args, 0.5, n_slabs, gw2, gb2, visited)
        np.testing.assert_array_equal(gw2, gw)
        np.testing.assert_array_equal(gb2, gb)
    on_paths = {p for w in t for p, _ in _paths(m, w)}
    np.testing.assert_array_equal(np.nonzero(visited)[0], sorted(on_paths))


@pytest.mark.parametrize("seed", [0, 1])
def test_float32_forward_and_grad_input(seed):
    """float32 (`_vmath`'s exp and log, the node sums in float32) against the float64 reference on the same
    float32 values: within 2e-6 absolute (measured up to 1.1e-6 on log-probabilities and gradients of
    magnitude up to 8, float32's rounding of the logits and the sums)."""
    m, x, t, gy = _setup(9, seed=seed)
    m32 = m.astype(np.float32)
    m.weight[...], m.bias[...] = m32.weight, m32.bias
    x32, gy32 = x.astype(np.float32), gy.astype(np.float32)
    ref_out, ref_gx, *_ = _reference(m, x32.astype(np.float64), t, gy32.astype(np.float64), 0.5)
    log_probs, out = np.empty((9, m.max_path_rows), np.float32), np.empty(9, np.float32)
    args = (m.path_node, m.path_child, m.path_len, m.node_offset, m.node_nchild)
    K.soft_max_tree_update_output(x32, t, m32.weight, m32.bias, *args, log_probs, out)
    np.testing.assert_allclose(out, ref_out, rtol=0, atol=2e-6)
    gx = np.full_like(x32, np.nan)
    K.soft_max_tree_update_grad_input(gy32, t, m32.weight, log_probs, *args, gx)
    np.testing.assert_allclose(gx, ref_gx, rtol=0, atol=2e-6)


def test_zero_and_update_visited_rows():
    m, *_ = _setup(1)
    visited = np.zeros(m.node_offset.size, np.bool_)
    visited[[0, 3]] = True
    rows = np.zeros(m.bias.size, bool)
    rows[_rows(m, 0)] = rows[_rows(m, 3)] = True
    w0, b0 = m.weight.copy(), m.bias.copy()
    gw, gb = np.full_like(m.weight, 2.0), np.full_like(m.bias, 3.0)
    K.soft_max_tree_update_visited(visited, m.node_offset, m.node_nchild, 0.25, m.weight, m.bias, gw, gb)
    np.testing.assert_allclose(m.weight, np.where(rows[:, None], w0 - 0.5, w0), rtol=1e-15)
    np.testing.assert_allclose(m.bias, np.where(rows, b0 - 0.75, b0), rtol=1e-15)
    K.soft_max_tree_zero_visited(visited, m.node_offset, m.node_nchild, gw, gb)
    np.testing.assert_array_equal(gw, np.where(rows[:, None], 0.0, np.full_like(gw, 2.0)))
    np.testing.assert_array_equal(gb, np.where(rows, 0.0, 3.0))
    assert not visited.any()


@pytest.mark.parametrize("batch", [1, 4])
def test_log_prob_all(batch):
    m, x, *_ = _setup(batch, seed=1)
    ref = np.array([[sum(_log_softmax(m.weight[_rows(m, p)] @ xi + m.bias[_rows(m, p)])[j] for p, j in _paths(m, w))
                     for w in range(N_WORDS)] for xi in x])
    out = np.empty((batch, N_WORDS))
    K.soft_max_tree_log_prob_all(x @ m.weight.T + m.bias, m.node_offset, m.node_nchild, m.row_child,
                                 np.empty((batch, m.node_offset.size)), out)
    np.testing.assert_allclose(out, ref, rtol=1e-12)


def test_sample_walks_the_inverse_cdf():
    m, x, *_ = _setup(7, seed=2)
    uniforms = np.random.default_rng(5).random((7, m.depth))
    ref = []
    for xi, u in zip(x, uniforms):
        p, d = 0, 0
        while True:
            prob = np.exp(_log_softmax(m.weight[_rows(m, p)] @ xi + m.bias[_rows(m, p)]))
            j = int(np.searchsorted(np.cumsum(prob), u[d] * prob.sum(), side="right"))
            code = int(m.row_child[int(m.node_offset[p]) + j])
            if code < N_WORDS:
                ref.append(code)
                break
            p, d = code - N_WORDS, d + 1
    out = np.empty(7, np.int64)
    K.soft_max_tree_sample(x, m.weight, m.bias, m.node_offset, m.node_nchild, m.row_child, N_WORDS, uniforms,
                           np.empty((7, int(m.node_nchild.max()))), out)
    np.testing.assert_array_equal(out, ref)
