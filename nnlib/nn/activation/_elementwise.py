"""Base class for element-wise modules backed by flat numba kernels."""
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class Elementwise(Module):
    """Applies `_forward_kernel(x_flat, out_flat)`; backward uses the saved input or output.

    Modules with Torch7's in-place flag set `self.inplace`: then, as in Torch7, the output is
    written into the input array (`output is input`) and the gradient into `grad_output`
    (`grad_input is grad_output`). Both arrays must then be C-contiguous and writable.
    Backward through the input still works after an in-place forward because every such
    kernel's backward decision (x > threshold, x <= 0, ...) is unchanged by its own output.
    """

    backward_uses_output = True  # tanh/sigmoid differentiate through y, relu through x
    inplace = False

    def update_output(self, input):
        check_float_input(self, input, range(1, 9))
        out = self._inplace_target(input, "input") if self.inplace else self._buffer("_out", input.shape)
        self._forward_kernel(input.reshape(-1), out.reshape(-1))
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        if self.inplace:
            gx = self._inplace_target(grad_output, "grad_output")
        else:
            gx = self._buffer("_gx", input.shape)
        saved = self.output if self.backward_uses_output else input
        self._backward_kernel(saved.reshape(-1), grad_output.reshape(-1), gx.reshape(-1))
        self.grad_input = gx
        return gx

    def _inplace_target(self, array, what):
        """`array` itself, checked to be writable in place."""
        if not (array.flags.c_contiguous and array.flags.writeable) or array.dtype != self.dtype:
            raise ValueError(f"{describe(self)}: in-place mode writes into {what}, which must be a writable "
                             f"C-contiguous {self.dtype} array (got flags c_contiguous={array.flags.c_contiguous}, "
                             f"writeable={array.flags.writeable}, dtype {array.dtype}); pass np.ascontiguousarray({what}) "
                             f"or build the module with in-place off")
        return array
