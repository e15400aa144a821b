"""Shared inputs for the math tests."""
import numpy as np


def randn(shape, seed=0, low=None):
    """Random float64 values; with `low`, uniform in [low, low + 2) (e.g. positive for Log/Sqrt)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape) if low is None else rng.uniform(low, low + 2, shape)


def forward_backward(module, x, seed=1):
    """float32 output and gradient for a random grad_output, and that grad_output."""
    x = np.asarray(x, np.float32)
    y = module.forward(x).copy()
    gy = np.random.default_rng(seed).standard_normal(y.shape).astype(np.float32)
    return y, module.backward(x, gy).copy(), gy
