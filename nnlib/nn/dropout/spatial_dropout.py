"""`SpatialDropout`: drop whole feature maps (Torch7's SpatialDropout)."""
import numpy as np

from ...random import get_rng
from .._checks import check_same_shape, check_spatial_input
from ..module import Module


class SpatialDropout(Module):
    """In training, zero each (image, channel) plane with probability `p`.

    Neighbouring pixels of a feature map are strongly correlated, so dropping
    single pixels barely regularises a convolutional layer; dropping the whole
    map does (Tompson et al. 2015). As in Torch7, the kept maps are not
    rescaled during training; in evaluation the output is `input * (1 - p)`.
    The mask comes from the library RNG (`nnlib.manual_seed`).
    """

    transient_attributes = ("noise",)

    def __init__(self, p=0.5):
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"SpatialDropout: p must be in [0, 1), got {p}")
        self.p = float(p)

    def update_output(self, input):
        x = check_spatial_input(self, input)
        out = self._buffer("_out", x.shape)
        if self.train:
            self.noise = self._buffer("_noise", x.shape[:2] + (1, 1))
            np.less(get_rng().random(self.noise.shape), 1 - self.p, out=self.noise, casting="unsafe")
            np.multiply(x, self.noise, out=out)
        else:
            np.multiply(x, self.dtype.type(1 - self.p), out=out)
        self.output = out[0] if input.ndim == 3 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gy = grad_output.reshape(self._out.shape)
        gx = self._buffer("_gx", gy.shape)
        if self.train:
            np.multiply(gy, self.noise, out=gx)
        else:
            np.multiply(gy, self.dtype.type(1 - self.p), out=gx)
        self.grad_input = gx[0] if input.ndim == 3 else gx
        return self.grad_input

    def extra_repr(self):
        return f"p={self.p:g}"
