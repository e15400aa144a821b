"""Base class of SpatialDropout and VolumetricDropout: drop whole feature maps."""
import numpy as np

from ...random import get_rng
from .._checks import check_float_input, check_same_shape
from ..module import Module


class FeatureDropout(Module):
    """In training (or always, with `stochastic_inference`), zero each (sample, channel) map
    with probability `p`; otherwise scale by 1 - p. As in Torch7 the kept maps are not
    rescaled in training. Subclasses set `map_ndim`, the axes of one feature map.
    The mask comes from the library RNG (`nnlib.manual_seed`) and is kept in `self.noise`.
    """

    transient_attributes = ("noise",)
    map_ndim = 2

    def __init__(self, p: float = 0.5, stochastic_inference: bool = False):
        super().__init__()
        if not 0 <= p < 1:
            raise ValueError(f"{type(self).__name__}: p must be in [0, 1), got {p}")
        self.p, self.stochastic_inference = float(p), bool(stochastic_inference)

    def _random(self):
        return self.train or self.stochastic_inference

    def update_output(self, input):
        check_float_input(self, input, (self.map_ndim + 1, self.map_ndim + 2))
        x = input.reshape((1,) + input.shape) if input.ndim == self.map_ndim + 1 else input
        out = self._buffer("_out", x.shape)
        if self._random():
            self.noise = self._buffer("_noise", x.shape[:2] + (1,) * self.map_ndim)
            np.less(get_rng().random(self.noise.shape), 1 - self.p, out=self.noise, casting="unsafe")
            np.multiply(x, self.noise, out=out)
        else:
            np.multiply(x, self.dtype.type(1 - self.p), out=out)
        self.output = out[0] if input.ndim == self.map_ndim + 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        """The mask of the forward pass, or the 1 - p scaling in evaluation (where Torch7 raised)."""
        check_same_shape(self, self.output, grad_output)
        gy = grad_output.reshape(self._out.shape)
        gx = self._buffer("_gx", gy.shape)
        if self._random():
            np.multiply(gy, self.noise, out=gx)
        else:
            np.multiply(gy, self.dtype.type(1 - self.p), out=gx)
        self.grad_input = gx[0] if input.ndim == self.map_ndim + 1 else gx
        return self.grad_input

    def extra_repr(self):
        return f"p={self.p:g}" + (", stochastic_inference=True" if self.stochastic_inference else "")
