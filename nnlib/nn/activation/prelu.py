"""`PReLU`: y = x for x > 0, else w x with a learnt slope w (one, or one per plane)."""
import numpy as np

from ...kernels import transfer as K
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class PReLU(Module):
    """Parametric ReLU (He et al. 2015; Torch7's nn.PReLU).

    Args:
        n_output_plane: number of planes with their own slope, the axis 1 of a batch
            (axis 0 of a 1-D input); 0 (the default) shares one slope over all elements.

    Shape:
        any shape with `n_output_plane` planes (N, C, ...) or (C,); output as input.
        `weight` is (max(n_output_plane, 1),), initialised to 0.25.
    """

    def __init__(self, n_output_plane: int = 0):
        super().__init__()
        self.n_output_plane = int(n_output_plane)
        if self.n_output_plane < 0:
            raise ValueError(f"PReLU: n_output_plane must be >= 0 (0 = one shared slope), got {n_output_plane}")
        self.register_parameter("weight", np.full(max(self.n_output_plane, 1), 0.25))

    def reset(self, stdv=None):
        """Torch7 has no random init for PReLU: the slopes go back to 0.25."""
        self.weight[...] = 0.25
        return self

    def _planes_view(self, a):
        """`a` as (batch, planes, inner), the layout of the kernels."""
        if self.n_output_plane == 0:
            return a.reshape(1, 1, -1)
        if a.ndim == 1:
            return a.reshape(1, -1, 1)
        return a.reshape(a.shape[0], a.shape[1], -1)

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        if self.n_output_plane and input.shape[input.ndim > 1] != self.n_output_plane:
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {input.shape[input.ndim > 1]} planes "
                             f"(axis {int(input.ndim > 1)}), expected {self.n_output_plane}: (N, {self.n_output_plane}, ...) "
                             f"or ({self.n_output_plane},)")
        x = np.ascontiguousarray(input)
        out = self._buffer("_out", x.shape)
        K.prelu_update_output(self._planes_view(x), self.weight, self._planes_view(out))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", input.shape)
        K.prelu_update_grad_input(self._planes_view(np.ascontiguousarray(input)), self.weight,
                                  self._planes_view(np.ascontiguousarray(grad_output)), self._planes_view(gx))
        self.grad_input = gx
        return gx

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        K.prelu_acc_grad_parameters(self._planes_view(np.ascontiguousarray(input)),
                                    self._planes_view(np.ascontiguousarray(grad_output)), float(scale), self.grad_weight)

    def extra_repr(self):
        return str(self.n_output_plane) if self.n_output_plane else ""
