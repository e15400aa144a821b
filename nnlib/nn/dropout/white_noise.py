"""`WhiteNoise`: add Gaussian noise in training."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input, check_same_shape
from ..module import Module


class WhiteNoise(Module):
    """Add N(mean, std^2) noise to every element in training (Torch7's nn.WhiteNoise).

    Adds `mean` alone in evaluation. The noise comes from the library RNG (`nnlib.manual_seed`).

    Args:
        mean: the noise's mean.
        std: the noise's standard deviation.

    Shape:
        any shape; output as input. The gradient passes through unchanged (Torch7 raised in
        evaluation mode; here it is the identity there too).
    """

    transient_attributes = ("noise",)

    def __init__(self, mean: float = 0, std: float = 0.1):
        super().__init__()
        self.mean, self.std = float(mean), float(std)
        self.noise = None

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        out = self._buffer("_out", input.shape)
        if self.train:
            self.noise = self._buffer("noise", input.shape)
            get_rng().standard_normal(input.shape, dtype=self.dtype, out=self.noise)
            self.noise *= self.dtype.type(self.std)
            self.noise += self.dtype.type(self.mean)
            np.add(input, self.noise, out=out)
        else:
            np.add(input, self.dtype.type(self.mean), out=out)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        gx = self._buffer("_gx", input.shape)
        np.copyto(gx, grad_output)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"mean: {self.mean:g}, std: {self.std:g}"
