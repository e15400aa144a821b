"""`SpatialContrastiveNormalization`: subtractive then divisive local normalisation of NCHW images."""
import numpy as np

from ..container import Sequential
from ..module import Module
from .spatial_divisive_normalization import SpatialDivisiveNormalization
from .spatial_subtractive_normalization import SpatialSubtractiveNormalization


class SpatialContrastiveNormalization(Module):
    """SpatialSubtractiveNormalization then SpatialDivisiveNormalization (torch/nn's).

    Both with the same kernel (`normalizer`, a Sequential of the two), e.g.
    `SpatialContrastiveNormalization(1, image_gaussian1d(5))`.

    Args:
        n_input_plane: number of planes C (default 1).
        kernel: odd-sized 1-D or 2-D averaging kernel (default ones(9, 9)).
        threshold, thresval: the divisive step's (default 1e-4 and `threshold`).

    Shape:
        (N, C, H, W) or (C, H, W), unchanged.
    """

    def __init__(self, n_input_plane: int = 1, kernel: np.ndarray | None = None, threshold: float = 1e-4,
                 thresval: float | None = None):
        super().__init__()
        self.n_input_plane = int(n_input_plane)
        self.kernel = np.ones((9, 9)) if kernel is None else np.array(kernel, np.float64)
        self.threshold = float(threshold)
        self.thresval = self.threshold if thresval is None else float(thresval)
        self.normalizer = Sequential(
            SpatialSubtractiveNormalization(self.n_input_plane, self.kernel),
            SpatialDivisiveNormalization(self.n_input_plane, self.kernel, self.threshold, self.thresval))

    def children(self):
        return [self.normalizer]

    def update_output(self, input):
        self.output = self.normalizer.forward(input)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self.normalizer.backward(input, grad_output)
        return self.grad_input

    def extra_repr(self):
        return (f"{self.n_input_plane}, kernel {'x'.join(map(str, self.kernel.shape))}, "
                f"threshold={self.threshold:g}, thresval={self.thresval:g}")
