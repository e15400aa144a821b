import numpy as np
import pytest

from nnlib.data.preprocess import GCN, ZCA, LeCunLCN, Standardize, apply_pipeline, make_transform


def _data(n=9, shape=(1, 5, 3), seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(n, *shape)).astype(np.uint8)


@pytest.mark.parametrize("global_mean,global_std", [(False, False), (True, True), (True, False)])
def test_standardize_matches_numpy_reference(global_mean, global_std):
    train, test = _data(), _data(seed=1)
    t = Standardize(global_mean=global_mean, global_std=global_std, std_eps=1e-4).fit(train)
    f = train.reshape(len(train), -1).astype(np.float64)
    mean = f.mean() if global_mean else f.mean(axis=0)
    std = (f - mean).std(ddof=1) if global_std else (f - mean).std(axis=0, ddof=1)
    ref = (test.reshape(len(test), -1) - mean) / (std + 1e-4)
    out = t.transform(test)
    assert out.dtype == np.float32 and out.shape == test.shape
    np.testing.assert_allclose(out.reshape(len(test), -1), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("use_norm,subtract_mean", [(False, True), (True, False)])
def test_gcn_matches_numpy_reference(use_norm, subtract_mean):
    x = _data(n=5)
    x[0] = 7  # a constant example: its divisor is ~0 and must be left at 1
    f = x.reshape(5, -1).astype(np.float64)
    if subtract_mean:
        f = f - f.mean(axis=1, keepdims=True)
    d = np.sqrt((f ** 2).sum(1, keepdims=True) if use_norm else (f ** 2).mean(1, keepdims=True))
    d[d < 1e-8] = 1
    out = GCN(scale=2.0, use_norm=use_norm, subtract_mean=subtract_mean).transform(x)
    np.testing.assert_allclose(out.reshape(5, -1), 2.0 * f / d, rtol=1e-5, atol=1e-5)
    assert np.isfinite(out).all()


def test_zca_whitens_training_data():
    x = np.random.default_rng(3).normal(size=(400, 6)) @ np.random.default_rng(4).normal(size=(6, 6))
    out = ZCA(filter_bias=0.0).fit(x).transform(x).astype(np.float64)
    np.testing.assert_allclose(out.T @ out / len(out), np.eye(6), atol=1e-4)
    # ZCA's matrix is symmetric (a rotation back into pixel space), unlike PCA whitening.
    t = ZCA(filter_bias=0.1).fit(x)
    np.testing.assert_allclose(t.P, t.P.T, atol=1e-10)


def test_zca_n_component_keeps_leading_directions():
    x = np.random.default_rng(5).normal(size=(50, 7))
    t = ZCA(n_component=3).fit(x)
    assert np.linalg.matrix_rank(t.P) == 3


def _lcn_reference(x, k, threshold, sigma=2.0):
    """Direct 2-D convolution with the full (non-separated) Gaussian, zero padding."""
    x = x.astype(np.float64)
    r = k // 2
    i = np.arange(-r, r + 1)
    g = np.exp(-(i[:, None] ** 2 + i[None, :] ** 2) / (2 * sigma ** 2))
    g /= g.sum()

    def conv(a):
        n, c, h, w = a.shape
        p = np.pad(a, ((0, 0), (0, 0), (r, r), (r, r)))
        out = np.zeros_like(a)
        for di in range(k):
            for dj in range(k):
                out += g[di, dj] * p[:, :, di:di + h, dj:dj + w]
        return out

    centered = x - conv(x)
    denom = np.sqrt(conv(centered ** 2))
    floor = denom.mean(axis=(2, 3), keepdims=True)
    return centered / np.maximum(np.maximum(denom, floor), threshold)


@pytest.mark.parametrize("n,c,h,w,k", [(1, 1, 7, 5, 3), (3, 2, 9, 11, 5)])
def test_lecun_lcn_matches_direct_convolution(n, c, h, w, k):
    x = _data(n=n, shape=(c, h, w))
    out = LeCunLCN(kernel_size=k).transform(x, batch_size=2)
    np.testing.assert_allclose(out, _lcn_reference(x, k, 1e-4), rtol=1e-5, atol=1e-5)


def test_lecun_lcn_rejects_flat_input_and_even_kernel():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        LeCunLCN().transform(np.zeros((3, 10)))
    with pytest.raises(ValueError, match="odd"):
        LeCunLCN(kernel_size=4)


def test_pipeline_fits_on_train_only():
    train, valid = _data(seed=6).astype(np.float64), _data(seed=7).astype(np.float64)
    out_train, out_valid = apply_pipeline([{"name": "standardize"}], train, valid)
    t = Standardize().fit(train)
    np.testing.assert_array_equal(out_valid, t.transform(valid))
    assert abs(out_train.mean()) < 1e-5 and abs(out_valid.mean()) > 1e-3


def test_make_transform_errors_name_the_step():
    with pytest.raises(ValueError, match=r"mnist.preprocess\[1\]: unknown preprocessing 'pca'"):
        make_transform({"name": "pca"}, "mnist.preprocess[1]")
    with pytest.raises(ValueError, match=r"\['filter_bias'\] do not apply to 'gcn'"):
        make_transform({"name": "gcn", "filter_bias": 0.1})
