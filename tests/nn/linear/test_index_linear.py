import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients


def _batch(rng, sizes, n_in=6):
    keys = [rng.integers(0, n_in, s) for s in sizes]
    values = [rng.standard_normal(s) for s in sizes]
    dense = np.zeros((len(sizes), n_in))
    for h, (k, v) in enumerate(zip(keys, values)):
        np.add.at(dense[h], k, v)
    return keys, values, dense


def _module(**kw):
    m = nn.IndexLinear(6, 3, **kw).astype(np.float64).reset()
    return m


def test_starts_at_zero_as_torch7():
    m = nn.IndexLinear(6, 3)
    assert not m.weight.any() and not m.bias.any() and m.weight.shape == (6, 3)
    assert nn.IndexLinear(6, 3, normalize=True).weight.shape == (6, 7)


@pytest.mark.parametrize("form", ["one", "list", "flat"])
def test_forward_matches_the_dense_product(form):
    rng = np.random.default_rng(0)
    m = _module()
    keys, values, dense = _batch(rng, [3, 1, 4])
    x = {"one": [keys[0], values[0]], "list": [keys, values],
         "flat": [np.concatenate(keys), np.concatenate(values), np.array([3, 1, 4])]}[form]
    ref = dense @ m.weight + m.bias
    np.testing.assert_allclose(m.forward(x), ref[0] if form == "one" else ref, rtol=1e-12)


def test_keys_offset_shifts_the_rows():
    m = _module(keys_offset=2)
    x = [np.array([0, 3]), np.array([1.0, 2.0])]
    np.testing.assert_allclose(m.forward(x), m.weight[2] + 2 * m.weight[5] + m.bias, rtol=1e-12)
    with pytest.raises(ValueError, match=r"key 4 \+ keys_offset 2 is out of range \[0, 6\)"):
        m.forward([np.array([4]), np.array([1.0])])


@pytest.mark.parametrize("sizes", [[1], [3, 2, 4]])
def test_parameter_gradients(sizes):
    keys, values, _ = _batch(np.random.default_rng(1), sizes)
    check_module_gradients(_module(), [keys, values])


def test_grad_input_matches_the_dense_gradient():
    rng = np.random.default_rng(2)
    m = _module(do_grad_input=True)
    keys, values, dense = _batch(rng, [2, 3])
    m.forward([keys, values])
    gy = rng.standard_normal((2, 3))
    gk, gv = m.backward([keys, values], gy)
    np.testing.assert_array_equal(gk[1], np.arange(6))
    np.testing.assert_allclose(np.stack(gv), gy @ m.weight.T, rtol=1e-12)
    flat = [np.concatenate(keys), np.concatenate(values), np.array([2, 3])]
    m.forward(flat)
    fk, fv = m.backward(flat, gy)
    assert fk.shape == fv.shape == (2, 6)
    np.testing.assert_allclose(fv, gy @ m.weight.T, rtol=1e-12)
    m.forward([keys[0], values[0]])
    k0, v0 = m.backward([keys[0], values[0]], gy[0])
    np.testing.assert_array_equal(k0, np.arange(6))
    np.testing.assert_allclose(v0, m.weight @ gy[0], rtol=1e-12)
    plain = _module()
    assert plain.backward([keys, values], plain.forward([keys, values])) == []


def test_only_touched_rows_are_zeroed_and_updated_with_sparse_weight_decay():
    m = _module()
    m.weight_decay = 0.1
    x = [np.array([1, 4, 1]), np.array([1.0, 2.0, 3.0])]
    m.forward(x)
    m.backward(x, np.ones(3))
    np.testing.assert_allclose(m.grad_weight[1], [4.0] * 3)
    m.grad_weight[0] = 5.0  # untouched: neither updated nor zeroed
    before = m.weight.copy()
    m.update_parameters(0.5)
    np.testing.assert_allclose(m.weight[1], before[1] * 0.9 - 0.5 * 4.0, rtol=1e-12)
    np.testing.assert_array_equal(m.weight[[0, 2, 3, 5]], before[[0, 2, 3, 5]])
    m.zero_grad_parameters()
    assert not m.grad_weight[[1, 4]].any() and (m.grad_weight[0] == 5).all() and not m.grad_bias.any()


def _numeric(f, a, eps=1e-6):
    g = np.zeros(a.shape)
    for i in np.ndindex(a.shape):
        old = a[i]
        a[i] = old + eps
        plus = f()
        a[i] = old - eps
        g[i] = (plus - f()) / (2 * eps)
        a[i] = old
    return g


def test_normalized_mode_forward_and_gradients():
    rng = np.random.default_rng(3)
    m = nn.IndexLinear(6, 3, normalize=True).astype(np.float64).reset()
    m.weight[:, 3] = rng.standard_normal(6)  # learned offsets
    keys = [np.array([1, 2, 1]), np.array([2, 5])]
    values = [np.array([2.0, -1.0, 4.0]), np.array([3.0, 0.5])]
    out = m.forward([keys, values])
    # training grew the maxima first: row 1 -> 2 then 4, row 2 -> 1 then 3, row 5 -> 0.5
    np.testing.assert_allclose(m.weight[[1, 2, 5], 0], [4.0, 3.0, 0.5])
    nv = [np.array([1.0, -1.0, 1.0]), np.array([1.0, 1.0])]
    for h in range(2):
        ref = m.bias + sum((v + m.weight[k, 3]) * m.weight[k, 4:] for k, v in zip(keys[h], nv[h]))
        np.testing.assert_allclose(out[h], ref, rtol=1e-12)
    m.evaluate()  # statistics frozen: the output is a smooth function of the offsets, weights and bias
    r = rng.standard_normal((2, 3))

    def objective():
        return float(np.sum(m.forward([keys, values]) * r))

    m.forward([keys, values])
    m.zero_grad_parameters()
    m.backward([keys, values], r)
    np.testing.assert_allclose(m.grad_weight[:, 3:], _numeric(objective, m.weight)[:, 3:], atol=1e-7)
    np.testing.assert_allclose(m.grad_bias, _numeric(objective, m.bias), atol=1e-7)
    assert not m.grad_weight[:, :3].any()
    both = nn.IndexLinear(6, 3, do_grad_input=True, normalize=True).astype(np.float64)
    with pytest.raises(ValueError, match="normalised mode"):
        both.backward([keys, values], both.forward([keys, values]))


def test_shared_weight_and_bias():
    w, b = np.zeros((8, 2), np.float32), np.ones(2, np.float32)
    m = nn.IndexLinear(0, 0, weight=w, bias=b)
    assert m.weight is w and m.bias is b and (m.input_size, m.output_size) == (8, 2)
