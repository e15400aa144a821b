import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _sample(rng, nnz, n_in=7):
    idx = rng.choice(n_in, size=nnz, replace=False)
    return np.stack([idx.astype(np.float64), rng.standard_normal(nnz)], axis=1)


def _dense(samples, n_in=7):
    x = np.zeros((len(samples), n_in))
    for h, s in enumerate(samples):
        x[h, s[:, 0].astype(int)] += s[:, 1]
    return x


def _module(do_grad_input=False):
    return nn.SparseLinear(7, 3, do_grad_input).astype(np.float64)


class _Values(nn.Module):
    """SparseLinear seen as a function of the values only (fixed indices), for finite differences:
    the gradient w.r.t. a value is the dense grad_input at its index."""

    def __init__(self, inner, indices):
        super().__init__()
        self.inner, self.indices = inner, indices

    def children(self):
        return [self.inner]

    def _sparse(self, values):
        return [np.stack([i, v], axis=1) for i, v in zip(self.indices, values)]

    def update_output(self, values):
        self.output = self.inner.forward(self._sparse(values))
        return self.output

    def update_grad_input(self, values, grad_output):
        dense = self.inner.update_grad_input(self._sparse(values), grad_output)
        self.grad_input = [g[i.astype(int), 1] for g, i in zip(dense, self.indices)]
        return self.grad_input

    def acc_grad_parameters(self, values, grad_output, scale=1.0):
        self.inner.acc_grad_parameters(self._sparse(values), grad_output, scale)


@pytest.mark.parametrize("form", ["one", "list", "legacy"])
def test_forward_matches_the_dense_product(form):
    rng = np.random.default_rng(0)
    m = _module()
    m.bias[...] = rng.standard_normal(3)
    samples = [_sample(rng, 3), _sample(rng, 3)]
    x = {"one": samples[0], "list": samples, "legacy": np.stack(samples)}[form]
    ref = _dense(samples) @ m.weight.T + m.bias
    out = m.forward(x)
    np.testing.assert_allclose(out, ref[0] if form == "one" else ref, rtol=1e-12)


@pytest.mark.parametrize("batch", [[1], [3, 1, 4]])
def test_parameter_gradients(batch):
    rng = np.random.default_rng(1)
    samples = [_sample(rng, nnz) for nnz in batch]
    check_module_gradients(_Values(_module(True), [s[:, 0] for s in samples]), [s[:, 1].copy() for s in samples])


def test_grad_input_is_dense_index_value_rows():
    rng = np.random.default_rng(2)
    m = nn.SparseLinear(7, 3, do_grad_input=True).astype(np.float64)
    samples = [_sample(rng, 2), _sample(rng, 4)]
    m.forward(samples)
    gy = rng.standard_normal((2, 3))
    gx = m.backward(samples, gy)
    assert isinstance(gx, list) and len(gx) == 2
    for h in range(2):
        np.testing.assert_array_equal(gx[h][:, 0], np.arange(7))
        np.testing.assert_allclose(gx[h][:, 1], gy[h] @ m.weight, rtol=1e-12)
    one = m.forward(samples[0])
    assert m.backward(samples[0], np.ones_like(one)).shape == (7, 2)
    plain = _module()
    assert plain.backward(samples, plain.forward(samples)) is None


def test_scale_and_weight_decay():
    rng = np.random.default_rng(3)
    x = [_sample(rng, 3)]
    a, b = _module(), _module()
    b.weight[...], b.bias[...] = a.weight, a.bias
    gy = np.ones((1, 3))
    a.forward(x), a.backward(x, gy, 1.0)
    b.weight_decay = 0.1
    b.forward(x), b.backward(x, gy, 0.5)
    np.testing.assert_allclose(b.grad_weight, 0.5 * a.grad_weight + 0.1 * a.weight, rtol=1e-12)
    np.testing.assert_allclose(b.grad_bias, 0.5 * a.grad_bias, rtol=1e-12)


def test_sparse_update_touches_only_the_inputs_columns():
    m = _module()
    x = np.array([[1.0, 2.0], [4.0, -1.0], [5.0, 0.0]])  # the zero value at feature 5 is skipped
    m.zero_grad_parameters()
    m.forward(x)
    m.backward(x, np.ones(3))
    m.grad_weight[:, 0] = 99.0  # not the last input's: a sparse update ignores it
    before = m.weight.copy()
    m.update_parameters(0.1)
    changed = np.flatnonzero(np.any(m.weight != before, axis=0))
    np.testing.assert_array_equal(changed, [1, 4])
    np.testing.assert_allclose(m.weight[:, 1], before[:, 1] - 0.1 * 2.0)
    m.zero_grad_parameters()
    assert not m.grad_weight[:, [1, 4]].any() and (m.grad_weight[:, 0] == 99).all()
    m.forward(x), m.backward(x, np.ones(3)), m.backward(x, np.ones(3))  # two accumulations: dense again
    m.zero_grad_parameters()
    assert not m.grad_weight.any()


def test_reset_and_bad_input():
    m = nn.SparseLinear(100, 4)
    assert np.abs(m.weight).max() <= 0.1 and np.abs(m.bias).max() <= 1e-7
    with pytest.raises(ValueError, match=r"feature index 100 is not an integer in \[0, 100\)"):
        m.forward(np.array([[100.0, 1.0]], np.float32))
    with pytest.raises(ValueError, match=r"\(nnz, 2\) \[index, value\]"):
        m.forward(np.ones((3, 3), np.float32))


def test_backward_reuses_the_forwards_parse_but_a_new_forward_parses_again():
    m = _module()
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    m.forward(x)
    first = m.forward(x).copy()
    x[1, 0] = 4.0  # the same array, changed in place: the next forward must see it
    np.testing.assert_allclose(m.forward(x), first - 3 * m.weight[:, 2] + 3 * m.weight[:, 4], rtol=1e-12)
