"""`Transpose`: swap pairs of axes, in order."""
import numpy as np

from .._checks import check_array, check_same_shape, describe
from ..module import Module
from ._axes import resolve_axis


class Transpose(Module):
    """Swap each given pair of axes in turn; the output is a contiguous copy (Torch7's nn.Transpose).

    Args:
        *permutations: pairs `(d1, d2)` of 0-based axes, applied left to right:
            `Transpose((0, 3), (0, 2))` swaps axes 0 and 3, then 0 and 2.

    Call `set_num_input_dims(n)` to count the axes from the sample's first axis when the
    input has `n` sample axes plus leading batch axes.

    Shape:
        any shape with the named axes; output permuted.
    """

    def __init__(self, *permutations: tuple[int, int]):
        super().__init__()
        pairs = []
        for p in permutations:
            if len(p) != 2:
                raise ValueError(f"Transpose: each permutation is a pair of axes, got {p!r}")
            pairs.append((int(p[0]), int(p[1])))
        self.permutations = pairs
        self.num_input_dims = None

    def set_num_input_dims(self, num_input_dims):
        """Axes count from the first sample axis of an input with `num_input_dims` sample axes; returns self."""
        self.num_input_dims = None if num_input_dims is None else int(num_input_dims)
        return self

    def _axes(self, ndim):
        offset = ndim - self.num_input_dims if self.num_input_dims is not None else 0
        if offset < 0:
            raise ValueError(f"{describe(self)}: a {ndim}-D input has fewer axes than num_input_dims={self.num_input_dims}")
        order = list(range(ndim))
        for a, b in self.permutations:
            a = resolve_axis(self, a + offset if a >= 0 else a, ndim)
            b = resolve_axis(self, b + offset if b >= 0 else b, ndim)
            order[a], order[b] = order[b], order[a]
        return order

    def update_output(self, input):
        check_array(self, input)
        order = self._axes(input.ndim)
        view = input.transpose(order)
        self.output = self._buffer("_out", view.shape, input.dtype)
        np.copyto(self.output, view)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        inverse = np.argsort(self._axes(input.ndim))
        gx = self._buffer("_gx", input.shape, grad_output.dtype)
        np.copyto(gx, grad_output.transpose(inverse))
        self.grad_input = gx
        return gx

    def extra_repr(self):
        return ", ".join(f"{{{a}, {b}}}" for a, b in self.permutations)
