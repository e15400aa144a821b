"""`Dropout`: inverted dropout (Torch7's default, v2)."""
from ...kernels import dropout as K
from ...random import get_rng
from .._checks import check_float_input, check_same_shape
from ..module import Module


class Dropout(Module):
    """Zero each unit with probability `p` in training, scaling the rest by 1 / (1 - p).

    Scaling at training time keeps the expected activation unchanged, so
    `evaluate()` mode is the identity (the input array itself is returned).
    Masks come from the library generator (`nnlib.manual_seed` fixes them);
    the mask of the last forward pass is kept in `self.noise` for the
    backward pass (not saved by nnlib.save).
    """

    transient_attributes = ("noise",)

    def __init__(self, p=0.5):
        super().__init__()
        p = float(p)
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p={p} must be in [0, 1) (the probability of dropping a unit)")
        self.p = p
        self.noise = None

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        if not self.train or self.p == 0:
            self.output = input
            return input
        noise = self._buffer("noise", input.shape)
        get_rng().random(noise.shape, dtype=noise.dtype, out=noise)
        out = self._buffer("_out", input.shape)
        K.dropout_update_output(input.reshape(-1), noise.reshape(-1), self.p, out.reshape(-1))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        if not self.train or self.p == 0:
            self.grad_input = grad_output
            return grad_output
        gx = self._buffer("_gx", input.shape)
        K.dropout_update_grad_input(self.noise.reshape(-1), grad_output.reshape(-1), gx.reshape(-1))
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return f"{self.p:g}"
