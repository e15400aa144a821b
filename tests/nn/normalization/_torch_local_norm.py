"""torch/nn's local normalisations composed literally in PyTorch (zero padding, SpatialConvolution(Map),
Replicate, CDivTable, Threshold), as the forward and autograd reference of the nnlib modules."""
import numpy as np
import torch
import torch.nn.functional as F


def estimator(x, kernel, C, scale):
    """The local sums of torch/nn's mean estimator, the kernel divided by sum * scale, replicated over planes."""
    k = torch.tensor(kernel, dtype=x.dtype)
    k = k / (k.sum() * scale)
    if k.dim() == 2:
        kh, kw = k.shape
        xp = F.pad(x, (kw // 2, kw // 2, kh // 2, kh // 2))
        y = F.conv2d(xp, k[None, None].repeat(1, C, 1, 1))
    else:
        n = k.shape[0]
        xp = F.pad(x, (n // 2, n // 2, n // 2, n // 2))
        y = F.conv2d(xp, k.view(1, 1, 1, n).repeat(C, 1, 1, 1), groups=C)
        y = F.conv2d(y, k.view(1, 1, n, 1).repeat(1, C, 1, 1))
    return y.expand(-1, C, -1, -1)


def subtractive(x, kernel, C):
    coef = estimator(torch.ones_like(x[:1]), kernel, C, C)
    return x - estimator(x, kernel, C, C) / coef


def divisive(x, kernel, C, th=1e-4, val=None):
    val = th if val is None else val
    scale = C if np.ndim(kernel) == 2 else np.sqrt(C)
    coef = estimator(torch.ones_like(x[:1]), kernel, C, scale)
    std = torch.sqrt(estimator(x * x, kernel, C, scale)) / coef
    return x / F.threshold(std, th, val)
