"""Shared code of torch/nn's SpatialSubtractiveNormalization and SpatialDivisiveNormalization."""
import numpy as np

from ...kernels import spatial_local_sum as K
from .._checks import check_same_shape, check_spatial_input
from ..module import Module


class LocalNormalization(Module):
    """Base: the kernel (1-D: separable, 2-D), its torch/nn normalisation, the local sums and their
    edge coefficients (the local sums of an all-ones input, which rescale the sums near the borders)."""

    transient_attributes = ("_coef",)

    def __init__(self, n_input_plane, kernel, kernel_scale):
        super().__init__()
        self.n_input_plane = int(n_input_plane)
        name = type(self).__name__
        kernel = np.ones((9, 9)) if kernel is None else np.asarray(kernel, np.float64)
        if kernel.ndim not in (1, 2):
            raise ValueError(f"{name}: the averaging kernel must be 1-D or 2-D, got shape {kernel.shape}")
        if any(s % 2 == 0 for s in kernel.shape):
            raise ValueError(f"{name}: the averaging kernel must have odd sizes, got shape {kernel.shape}")
        # torch/nn divides a 2-D kernel by sum * n_input_plane, and each factor of a 1-D one by sum * kernel_scale
        # (kept in float64 whatever the module's dtype: the weights are cast at each use)
        self.kernel = kernel / (kernel.sum() * (self.n_input_plane if kernel.ndim == 2 else kernel_scale))
        self._coef = None

    def _weights(self):
        """The 2-D kernel the local sums use (a 1-D kernel k stands for outer(k, k): rows, then columns)."""
        k = self.kernel
        return np.ascontiguousarray(np.outer(k, k) if k.ndim == 1 else k, self.dtype)

    def _check(self, input):
        return np.ascontiguousarray(check_spatial_input(self, input, self.n_input_plane))

    def _local_sum(self, x):
        out = np.empty((x.shape[0],) + x.shape[2:], self.dtype)
        K.spatial_local_sum_update_output(x, self._weights(), out)
        return out

    def _local_sum_adjoint(self, g, n_planes):
        out = np.empty((g.shape[0], n_planes) + g.shape[1:], self.dtype)
        K.spatial_local_sum_update_grad_input(np.ascontiguousarray(g, self.dtype), self._weights(), out)
        return out

    def _coefficients(self, x):
        """(H, W) local sums of ones, recomputed when the image size or dtype changes."""
        if self._coef is None or self._coef.shape != x.shape[2:] or self._coef.dtype != self.dtype:
            self._coef = self._local_sum(np.ones((1,) + x.shape[1:], self.dtype))[0]
        return self._coef

    def _finish(self, input, out, attr):
        setattr(self, attr, out.reshape(input.shape))
        return getattr(self, attr)

    def _grad(self, grad_output):
        check_same_shape(self, self.output, grad_output)
        return np.asarray(grad_output).reshape((-1,) + self._x.shape[1:])

    def extra_repr(self):
        return f"{self.n_input_plane}, kernel {'x'.join(map(str, self.kernel.shape))}"
