"""`RReLU`: randomized leaky ReLU, a random negative slope per element in training."""
from ...kernels import activation as KA
from ...kernels import transfer as K
from ...random import get_rng
from ._elementwise import Elementwise


class RReLU(Elementwise):
    """Randomized leaky rectifier (Xu et al. 2015; Torch7's nn.RReLU).

    In training each element with x <= 0 is multiplied by a slope drawn uniformly from
    [l, u) with nnlib's generator (`nnlib.manual_seed` fixes them); the slopes of the last
    forward pass are kept in `self.noise` (1 where x > 0) for the backward pass. In
    evaluation the slope is the mean (l + u) / 2.

    Args:
        l: lower bound of the slope.
        u: upper bound of the slope.
        ip: in place: write the output into the input array and the gradient into grad_output.

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False
    transient_attributes = ("noise",)

    def __init__(self, l: float = 1 / 8, u: float = 1 / 3, ip: bool = False):  # noqa: E741 (Torch7's names)
        super().__init__()
        self.lower, self.upper, self.inplace = float(l), float(u), bool(ip)
        if not 0 <= self.lower <= self.upper:
            raise ValueError(f"RReLU: expected 0 <= l <= u, got l={self.lower:g}, u={self.upper:g}")
        self.noise = None

    def _random_slopes(self):
        """Torch7 draws in training only, and uses the drawn slopes in backward unless u == l."""
        return self.train and self.upper - self.lower > 1e-6

    def update_output(self, input):
        out = super().update_output(input)
        if self.train:
            self.noise = self._noise.reshape(input.shape)
        return out

    def _forward_kernel(self, x, out):
        if self.train:
            noise = self._buffer("_noise", x.shape)
            get_rng().random(x.shape, dtype=self.dtype, out=noise)
            K.rrelu_train_update_output(x, noise, self.lower, self.upper, out)
        else:
            KA.leaky_relu_update_output(x, (self.lower + self.upper) / 2, out)

    def _backward_kernel(self, x, gy, gx):
        if self._random_slopes():
            K.multiply_update_grad_input(self._noise, gy, gx)
        else:
            KA.leaky_relu_update_grad_input(x, (self.lower + self.upper) / 2, gy, gx)

    def extra_repr(self):
        return f"l:{self.lower:g}, u:{self.upper:g}" + (", inplace=True" if self.inplace else "")
