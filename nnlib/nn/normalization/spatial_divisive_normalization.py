"""`SpatialDivisiveNormalization`: divide each pixel by a kernel-weighted local standard deviation."""
import numpy as np

from ._local_normalization import LocalNormalization


class SpatialDivisiveNormalization(LocalNormalization):
    """torch/nn's `SpatialDivisiveNormalization(n_input_plane, kernel, threshold, thresval)`.

    y[c] = x[c] / s, with s = sqrt(kernel-weighted local sum of x^2 over all
    planes) divided by the edge coefficient (the local sum of an all-ones
    image), and replaced by `thresval` where it is not above `threshold`
    (torch/nn's Threshold). A 1-D kernel k is separable (outer(k, k)).

    Args:
        n_input_plane: number of planes C (default 1).
        kernel: odd-sized 1-D or 2-D averaging kernel (default ones(9, 9)); normalised as torch/nn does.
        threshold: smallest std used as is (default 1e-4).
        thresval: its replacement (default `threshold`).

    Shape:
        (N, C, H, W) or (C, H, W), unchanged.
    """

    def __init__(self, n_input_plane: int = 1, kernel: np.ndarray | None = None, threshold: float = 1e-4,
                 thresval: float | None = None):
        super().__init__(n_input_plane, kernel, np.sqrt(int(n_input_plane)))
        self.threshold = float(threshold)
        self.thresval = self.threshold if thresval is None else float(thresval)

    def update_output(self, input):
        x = self._x = self._check(input)
        self._std = np.sqrt(self._local_sum(x * x))
        self._adjusted = self._std / self._coefficients(x)
        self._divisor = np.where(self._adjusted > self.threshold, self._adjusted, self.dtype.type(self.thresval))
        return self._finish(input, x / self._divisor[:, None], "output")

    def update_grad_input(self, input, grad_output):
        g = self._grad(grad_output)
        x, d = self._x, self._divisor
        g_divisor = -(g * x).sum(axis=1) / (d * d)
        g_std = np.where(self._adjusted > self.threshold, g_divisor, 0) / self._coef
        with np.errstate(divide="ignore", invalid="ignore"):
            g_sum = np.where(self._std == 0, 0, 0.5 * g_std / self._std)
        return self._finish(input, g / d[:, None] + 2 * x * self._local_sum_adjoint(g_sum, g.shape[1]), "grad_input")

    def extra_repr(self):
        return super().extra_repr() + f", threshold={self.threshold:g}, thresval={self.thresval:g}"
