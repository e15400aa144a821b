"""`Dropout`: Torch7's nn.Dropout, inverted by default (its v2), with its v1, in-place and
stochastic-inference options."""
from ...kernels import dropout as K
from ...random import get_rng
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class Dropout(Module):
    """Zero each unit with probability `p` in training.

    By default (Torch7's v2) kept units are scaled by 1 / (1 - p), so the
    expected activation is unchanged and `evaluate()` mode is the identity (the
    input array itself is returned). With `v1`, kept units are not scaled in
    training and evaluation scales everything by 1 - p instead, as Torch7's
    first version did. Masks come from the library generator
    (`nnlib.manual_seed` fixes them); the mask of the last forward pass is kept
    in `self.noise` for the backward pass (not saved by nnlib.save).

    Args:
        p: probability of dropping a unit, in [0, 1).
        v1: Torch7's original, unscaled dropout (see above).
        inplace: write the output into the input array and the gradient into
            grad_output (both must be writable C-contiguous arrays of the module's dtype).
        stochastic_inference: drop units in `evaluate()` mode too (Monte Carlo dropout).

    Shape:
        any shape; output as input.
    """

    transient_attributes = ("noise", "_dropped")
    _dropped = False  # whether the last forward pass applied a mask

    def __init__(self, p: float = 0.5, v1: bool = False, inplace: bool = False, stochastic_inference: bool = False):
        super().__init__()
        p = float(p)
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p={p} must be in [0, 1) (the probability of dropping a unit)")
        self.p = p
        self.v2 = not v1
        self.inplace = bool(inplace)
        self.stochastic_inference = bool(stochastic_inference)
        self.noise = None

    def _drops(self):
        return self.p > 0 and (self.train or self.stochastic_inference)

    def _target(self, array, buffer, what):
        """Where a pass writes: the array itself in place, else the module's buffer."""
        if not self.inplace:
            return self._buffer(buffer, array.shape)
        if not (array.flags.c_contiguous and array.flags.writeable) or array.dtype != self.dtype:
            raise ValueError(f"{describe(self)}: in-place mode writes into {what}, which must be a writable "
                             f"C-contiguous {self.dtype} array; got dtype {array.dtype}, "
                             f"c_contiguous={array.flags.c_contiguous}, writeable={array.flags.writeable}")
        return array

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        self._dropped = self._drops()
        if not self._dropped and (self.v2 or self.p == 0):
            self.output = input
            return input
        out = self._target(input, "_out", "input")
        if self._dropped:
            noise = self._buffer("noise", input.shape)
            get_rng().random(noise.shape, dtype=noise.dtype, out=noise)
            scale = 1.0 / (1.0 - self.p) if self.v2 else 1.0
            K.dropout_update_output(input.reshape(-1), noise.reshape(-1), self.p, scale, out.reshape(-1))
        else:  # v1 in evaluation: the expectation of its training output
            out[...] = input * self.dtype.type(1 - self.p)
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, input, grad_output)
        dropped = self._dropped
        if not dropped and (self.v2 or self.p == 0):
            self.grad_input = grad_output
            return grad_output
        gx = self._target(grad_output, "_gx", "grad_output")
        if dropped:
            K.dropout_update_grad_input(self.noise.reshape(-1), grad_output.reshape(-1), gx.reshape(-1))
        else:
            gx[...] = grad_output * self.dtype.type(1 - self.p)
        self.grad_input = gx
        return gx

    def extra_repr(self):
        options = [f"{self.p:g}"] + (["v1"] if not self.v2 else []) + (["inplace"] if self.inplace else [])
        return ", ".join(options + (["stochastic_inference"] if self.stochastic_inference else []))
