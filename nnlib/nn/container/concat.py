"""`Concat`: the same input through every child, outputs concatenated along `dim`."""
import numpy as np

from .._checks import describe
from ..module import Module
from ..table._tables import normalize_dim, sum_gradients
from .container import Container


class Concat(Container):
    """output = concatenate([m(input) for m in children], axis=dim).

    `dim` counts like a numpy axis (negative values allowed), so an NCHW
    channel concatenation is `Concat(1)`. The gradient w.r.t. the input is
    the sum of the children's gradients.

    Args:
        dim: the axis the children's outputs are joined on (1 for NCHW channels).
        *modules: the children (more with `add`).

    Shape:
        Input: what every child takes; output the children's outputs joined on `dim`.
    """

    def __init__(self, dim: int, *modules: Module):
        super().__init__(*modules)
        self.dim = int(dim)

    def update_output(self, input):
        outs = [m.update_output(input) for m in self.modules]
        if not outs:
            raise ValueError(f"{describe(self)}: has no children; add modules before forward")
        first = outs[0]
        dim = normalize_dim(self, self.dim, first.ndim)
        for i, o in enumerate(outs):
            if o.ndim != first.ndim or o.shape[:dim] + o.shape[dim + 1:] != first.shape[:dim] + first.shape[dim + 1:]:
                raise ValueError(f"{describe(self)}: child outputs {[x.shape for x in outs]} differ outside dim {self.dim}; "
                                 f"child ({i + 1}) does not fit")
        shape = list(first.shape)
        shape[dim] = sum(o.shape[dim] for o in outs)
        out = self._buffer("_out", shape, first.dtype)
        np.concatenate(outs, axis=dim, out=out)
        self._sizes = [o.shape[dim] for o in outs]
        self.output = out
        return out

    def _grad_slices(self, grad_output):
        """The contiguous part of grad_output belonging to each child."""
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{describe(self)}: grad_output shape {grad_output.shape} does not match output shape {self.output.shape}")
        dim = normalize_dim(self, self.dim, grad_output.ndim)
        index = [slice(None)] * grad_output.ndim
        offset = 0
        for size in self._sizes:
            index[dim] = slice(offset, offset + size)
            offset += size
            yield np.ascontiguousarray(grad_output[tuple(index)])

    def update_grad_input(self, input, grad_output):
        slices = self._grad_slices(grad_output)
        return sum_gradients(self, (m.update_grad_input(input, g) for m, g in zip(self.modules, slices)))

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        for m, g in zip(self.modules, self._grad_slices(grad_output)):
            m.acc_grad_parameters(input, g, scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        slices = self._grad_slices(grad_output)
        return sum_gradients(self, (m.backward(input, g, scale) for m, g in zip(self.modules, slices)))

    def __repr__(self):
        return self._branch_repr()
