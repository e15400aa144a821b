"""`CReLU`: concatenated ReLU, [relu(x), relu(-x)] along the feature axis."""
from ...kernels import transfer as K
from .._checks import check_float_input, check_same_shape
from ..module import Module


class CReLU(Module):
    """Concatenated rectified linear units (Shang et al. 2016; Torch7's nn.CReLU).

    Each sample `x` becomes `[relu(x), relu(-x)]` joined along its first axis, doubling it:
    (C, H, W) -> (2C, H, W), or (N, C, H, W) -> (N, 2C, H, W) for a batch.

    Args:
        n_input_dims: number of axes of one sample; an input with one more is a batch.
        inplace: Torch7's flag for the ReLU it applies to its own joined buffer; it never
            touched the caller's arrays, and neither does nnlib's (kept for the signature).

    Shape:
        (*sample) or (N, *sample) with `len(sample) == n_input_dims`; output with the
        sample's first axis doubled.
    """

    def __init__(self, n_input_dims: int, inplace: bool = False):
        super().__init__()
        self.n_input_dims, self.inplace = int(n_input_dims), bool(inplace)

    def _rows(self, input):
        batched = input.ndim == self.n_input_dims + 1
        return batched, (input.shape[0] if batched else 1)

    def update_output(self, input):
        check_float_input(self, input, (self.n_input_dims, self.n_input_dims + 1))
        batched, n = self._rows(input)
        x = input.reshape(n, -1)
        out = self._buffer("_out", (n, 2 * x.shape[1]))
        K.crelu_update_output(x, out)
        axis = 1 if batched else 0
        shape = list(input.shape)
        shape[axis] *= 2
        self.output = out.reshape(shape)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        _, n = self._rows(input)
        x = input.reshape(n, -1)
        gx = self._buffer("_gx", x.shape)
        K.crelu_update_grad_input(x, grad_output.reshape(n, -1), gx)
        self.grad_input = gx.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return str(self.n_input_dims)
