"""Window-pooling kernels against plain-numpy loops: per-plane windows, dilation, divisors, odd shapes."""
import numpy as np
import pytest

from nnlib.kernels import window_pooling as K


def _axis(rng, rows, size, n_out, dilation):
    """Random windows inside an axis of `size`: (first, count) of shape (rows, n_out)."""
    count = rng.integers(1, 4, (rows, n_out))
    span = (count - 1) * dilation + 1
    span = np.minimum(span, size)
    count = (span - 1) // dilation + 1
    first = rng.integers(0, size - span + 1)
    return np.ascontiguousarray(first, np.int64), np.ascontiguousarray(count, np.int64)


def _case(seed, per_plane, dilations):
    rng = np.random.default_rng(seed)
    P, T, H, W = 3, 4, 5, 7
    x = rng.standard_normal((P, T, H, W))
    rows = P if per_plane else 1
    axes = [_axis(rng, rows, s, o, d) for s, o, d in zip((T, H, W), (2, 3, 4), dilations)]
    return x, axes


def _ref_windows(x, axes, dilations, p, a, b, c):
    (tf, tc), (hf, hc), (wf, wc) = axes
    r = lambda arr: arr[p % arr.shape[0]]  # noqa: E731
    ts = r(tf)[a] + dilations[0] * np.arange(r(tc)[a])
    hs = r(hf)[b] + dilations[1] * np.arange(r(hc)[b])
    ws = r(wf)[c] + dilations[2] * np.arange(r(wc)[c])
    return ts, hs, ws


@pytest.mark.parametrize("per_plane", [False, True])
@pytest.mark.parametrize("dilations", [(1, 1, 1), (2, 1, 3)])
def test_max_against_numpy(per_plane, dilations):
    x, axes = _case(0, per_plane, dilations)
    P, T, H, W = x.shape
    out = np.empty((P, 2, 3, 4))
    idx = np.empty(out.shape, np.int64)
    K.window_max_pooling_update_output(x, *[a for ax in axes for a in ax], *dilations, out, idx)
    for p, a, b, c in np.ndindex(out.shape):
        ts, hs, ws = _ref_windows(x, axes, dilations, p, a, b, c)
        win = x[p][np.ix_(ts, hs, ws)]
        assert out[p, a, b, c] == win.max()
        t, h, w = np.unravel_index(np.argmax(win), win.shape)
        assert idx[p, a, b, c] == (ts[t] * H + hs[h]) * W + ws[w]
    gy = np.random.default_rng(1).standard_normal(out.shape)
    gx = np.full((P, T * H * W), np.nan)
    K.window_max_pooling_update_grad_input(gy.reshape(P, -1), idx.reshape(P, -1), gx)
    ref = np.zeros((P, T * H * W))
    for p in range(P):
        np.add.at(ref[p], idx[p].ravel(), gy[p].ravel())
    np.testing.assert_allclose(gx, ref, rtol=1e-12)


def test_max_nan_wins():
    x = np.zeros((1, 1, 1, 3))
    x[0, 0, 0, 1] = np.nan
    one = np.array([[0]]), np.array([[1]])
    out, idx = np.empty((1, 1, 1, 1)), np.empty((1, 1, 1, 1), np.int64)
    K.window_max_pooling_update_output(x, *one, *one, np.array([[0]]), np.array([[3]]), 1, 1, 1, out, idx)
    assert np.isnan(out[0, 0, 0, 0]) and idx[0, 0, 0, 0] == 1


@pytest.mark.parametrize("per_plane", [False, True])
def test_average_against_numpy(per_plane):
    x, axes = _case(2, per_plane, (1, 1, 1))
    rng = np.random.default_rng(3)
    divs = [rng.uniform(1, 3, f.shape) for f, _ in axes]
    args = [a for (f, c), d in zip(axes, divs) for a in (f, c, d)]
    P = x.shape[0]
    out = np.empty((P, 2, 3, 4))
    K.window_average_pooling_update_output(x, *args, out)
    gy = rng.standard_normal(out.shape)
    gx = np.full(x.shape, np.nan)
    K.window_average_pooling_update_grad_input(gy, *args, gx)
    ref_gx = np.zeros(x.shape)
    for p, a, b, c in np.ndindex(out.shape):
        ts, hs, ws = _ref_windows(x, axes, (1, 1, 1), p, a, b, c)
        div = np.prod([d[p % d.shape[0], o] for d, o in zip(divs, (a, b, c))])
        np.testing.assert_allclose(out[p, a, b, c], x[p][np.ix_(ts, hs, ws)].sum() / div, rtol=1e-12)
        ref_gx[p][np.ix_(ts, hs, ws)] += gy[p, a, b, c] / div
    np.testing.assert_allclose(gx, ref_gx, rtol=1e-12)
