"""dp's preprocessings (Standardize, GCN, ZCA, LeCunLCN), fitted on the training set only.

Each transform has `fit(x)` (learn statistics from training examples; a no-op for the
per-example transforms) and `transform(x)` (return a new float32 array). `x` is (N, ...): the
per-feature transforms see each example flattened; LeCunLCN needs images (N, C, H, W).
Statistics are computed in float64; the outputs are float32.
"""
import inspect

import numpy as np


class Standardize:
    """Subtract the mean and divide by (standard deviation + std_eps), per feature or globally."""

    def __init__(self, global_mean=False, global_std=False, std_eps=1e-4):
        self.global_mean, self.global_std, self.std_eps = global_mean, global_std, std_eps
        self.mean = self.std = None

    def fit(self, x):
        f = _features(x)
        self.mean = f.mean() if self.global_mean else f.mean(axis=0)
        centered = f - self.mean
        # Torch's std is the unbiased (n - 1) estimate; dp used it.
        self.std = centered.std(ddof=1) if self.global_std else centered.std(axis=0, ddof=1)
        return self

    def transform(self, x):
        if self.mean is None:
            raise ValueError("Standardize.transform: call fit() on the training set first")
        f = (_features(x) - self.mean) / (self.std + self.std_eps)
        return f.reshape(x.shape).astype(np.float32)


class GCN:
    """Global contrast normalization: per example, optionally center, then divide by the
    standard deviation (or the norm, with use_norm) and multiply by `scale`."""

    def __init__(self, scale=1.0, subtract_mean=True, use_norm=False, sqrt_bias=0.0, min_divisor=1e-8):
        self.scale, self.subtract_mean, self.use_norm = scale, subtract_mean, use_norm
        self.sqrt_bias, self.min_divisor = sqrt_bias, min_divisor

    def fit(self, x):
        return self

    def transform(self, x):
        f = _features(x)
        if self.subtract_mean:
            f = f - f.mean(axis=1, keepdims=True)
        sq = (f * f).sum(axis=1, keepdims=True) if self.use_norm else (f * f).mean(axis=1, keepdims=True)
        divisor = np.sqrt(sq + self.sqrt_bias)
        divisor[divisor < self.min_divisor] = 1.0
        return (f / divisor * self.scale).reshape(x.shape).astype(np.float32)


class ZCA:
    """ZCA whitening: x -> (x - mean) P with P = V diag((eig + filter_bias)^-1/2) V^T from the
    training covariance; `n_component` keeps only the leading eigenvectors."""

    def __init__(self, filter_bias=0.1, n_component=None):
        self.filter_bias, self.n_component = filter_bias, n_component
        self.mean = self.P = None

    def fit(self, x):
        f = _features(x)
        self.mean = f.mean(axis=0)
        c = f - self.mean
        cov = c.T @ c / len(c)
        eig, vec = np.linalg.eigh(cov)
        order = np.argsort(eig)[::-1]
        eig, vec = eig[order] + self.filter_bias, vec[:, order]
        if self.n_component is not None:
            eig, vec = eig[: self.n_component], vec[:, : self.n_component]
        # Fix each eigenvector's sign so the result does not depend on the LAPACK build.
        vec = vec * np.where(vec[np.abs(vec).argmax(axis=0), np.arange(vec.shape[1])] < 0, -1.0, 1.0)
        self.P = (vec / np.sqrt(eig)) @ vec.T
        return self

    def transform(self, x):
        if self.P is None:
            raise ValueError("ZCA.transform: call fit() on the training set first")
        return ((_features(x) - self.mean) @ self.P).reshape(x.shape).astype(np.float32)


class LeCunLCN:
    """LeCun's local contrast normalization of images (N, C, H, W): subtract a Gaussian-weighted
    local mean, divide by the local standard deviation, floored at its per-image mean and at
    `threshold` (Jarrett et al. 2009, as in dp)."""

    def __init__(self, kernel_size=9, threshold=1e-4, sigma=2.0):
        if kernel_size < 1 or kernel_size % 2 == 0:
            raise ValueError(f"LeCunLCN: kernel_size must be a positive odd number, got {kernel_size}")
        self.kernel_size, self.threshold, self.sigma = kernel_size, threshold, sigma

    def fit(self, x):
        return self

    def transform(self, x, batch_size=4096):
        if x.ndim != 4:
            raise ValueError(f"LeCunLCN: expects images (N, C, H, W), got shape {x.shape}")
        r = self.kernel_size // 2
        g = np.exp(-(np.arange(-r, r + 1) ** 2) / (2 * self.sigma ** 2))
        g /= g.sum()  # the 2-D Gaussian is separable: g g^T, normalized to sum 1
        out = np.empty(x.shape, dtype=np.float32)
        for start in range(0, len(x), batch_size):  # bounded memory, same result
            b = x[start:start + batch_size].astype(np.float64)
            centered = b - _smooth(b, g)
            denom = np.sqrt(_smooth(centered * centered, g))
            floor = denom.mean(axis=(2, 3), keepdims=True)
            out[start:start + batch_size] = centered / np.maximum(np.maximum(denom, floor), self.threshold)
        return out


def _smooth(x, g):
    """Zero-padded 'same' convolution of every (H, W) plane with the separable kernel g g^T."""
    r = len(g) // 2
    h, w = x.shape[2], x.shape[3]
    p = np.pad(x, ((0, 0), (0, 0), (r, r), (0, 0)))
    rows = sum(g[k] * p[:, :, k:k + h, :] for k in range(len(g)))
    p = np.pad(rows, ((0, 0), (0, 0), (0, 0), (r, r)))
    return sum(g[k] * p[:, :, :, k:k + w] for k in range(len(g)))


def _features(x):
    return np.asarray(x, dtype=np.float64).reshape(len(x), -1)


TRANSFORMS = {"standardize": Standardize, "gcn": GCN, "zca": ZCA, "lecun_lcn": LeCunLCN}


def make_transform(spec, where="preprocess"):
    """Build a transform from a config entry like {"name": "standardize", "std_eps": 1e-4}."""
    if not isinstance(spec, dict) or "name" not in spec:
        raise ValueError(f"{where}: each step must be a mapping with a 'name' "
                         f"(one of {sorted(TRANSFORMS)}), got {spec!r}")
    options = {k: v for k, v in spec.items() if k != "name"}
    name = spec["name"]
    if name not in TRANSFORMS:
        raise ValueError(f"{where}: unknown preprocessing {name!r}; use one of {sorted(TRANSFORMS)}")
    cls = TRANSFORMS[name]
    allowed = list(inspect.signature(cls).parameters)
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ValueError(f"{where}: option(s) {unknown} do not apply to {name!r}; "
                         f"its options are {list(allowed)}")
    return cls(**options)


def apply_pipeline(steps, train, *others, where="preprocess"):
    """Fit each step on `train` (after the previous steps) and apply it to train and `others`."""
    arrays = [train, *others]
    for i, spec in enumerate(steps):
        t = make_transform(spec, f"{where}[{i}]").fit(arrays[0])
        arrays = [t.transform(a) for a in arrays]
    return arrays
