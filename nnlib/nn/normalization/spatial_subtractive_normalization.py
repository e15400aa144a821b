"""`SpatialSubtractiveNormalization`: subtract a kernel-weighted local mean (over all planes) from each pixel."""
import numpy as np

from ._local_normalization import LocalNormalization


class SpatialSubtractiveNormalization(LocalNormalization):
    """torch/nn's `SpatialSubtractiveNormalization(n_input_plane, kernel)`.

    y[c] = x[c] - m, where m is the kernel-weighted mean of x over the
    neighbourhood and over all planes, zero padded, divided by the same sum of
    an all-ones image (so that the mean is not pulled towards 0 at the borders):
    torch/nn's edge coefficients. A 1-D kernel k is separable (outer(k, k)).

    Args:
        n_input_plane: number of planes C (default 1).
        kernel: odd-sized 1-D or 2-D averaging kernel (default ones(9, 9)); normalised as torch/nn does.

    Shape:
        (N, C, H, W) or (C, H, W), unchanged.
    """

    def __init__(self, n_input_plane: int = 1, kernel: np.ndarray | None = None):
        super().__init__(n_input_plane, kernel, n_input_plane)

    def update_output(self, input):
        x = self._x = self._check(input)
        self._mean = self._local_sum(x) / self._coefficients(x)
        return self._finish(input, x - self._mean[:, None], "output")

    def update_grad_input(self, input, grad_output):
        g = self._grad(grad_output)
        g_mean = -g.sum(axis=1) / self._coef
        return self._finish(input, g + self._local_sum_adjoint(g_mean, g.shape[1]), "grad_input")
