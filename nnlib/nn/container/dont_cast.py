"""`DontCast`: a decorator whose module keeps its dtype when the model around it is cast."""
import numpy as np
from numpy.typing import DTypeLike

from ..module import Module
from .decorator import Decorator


def _cast_table(obj, dtype):
    """An array or nested table as `dtype` (the same arrays when they already are)."""
    if isinstance(obj, np.ndarray):
        return obj.astype(dtype, copy=False) if obj.dtype.kind == "f" else obj
    if isinstance(obj, (list, tuple)):
        return [_cast_table(x, dtype) for x in obj]
    return obj


class DontCast(Decorator):
    """`astype` (float(), double(), type()) on a model leaves this module's dtype alone.

    With `cast_in`, inputs are converted to the module's dtype and the
    gradient w.r.t. the input back to the input's; with `cast_out`, the output
    is converted to this decorator's dtype (the one the model around it was
    cast to) and the gradient w.r.t. the output to the module's.

    Args:
        module: the module to keep in its dtype.
        cast_in: convert inputs to the module's dtype (default False).
        cast_out: convert outputs to the surrounding model's dtype (default: `cast_in`).
        module_type: the module's dtype (default: its current `dtype`).

    Shape:
        the module's.
    """

    def __init__(self, module: Module, cast_in: bool = False, cast_out: bool | None = None,
                 module_type: DTypeLike | None = None):
        super().__init__(module)
        self.cast_in = bool(cast_in)
        self.cast_out = self.cast_in if cast_out is None else bool(cast_out)
        self.module_type = np.dtype(module.dtype if module_type is None else module_type)

    def _cast_tree(self, dtype, convert):
        self.dtype = dtype
        self.output = self.grad_input = None

    def _inner_input(self, input):
        return _cast_table(input, self.module_type) if self.cast_in else input

    def _inner_grad(self, grad_output):
        return _cast_table(grad_output, self.module_type) if self.cast_out else grad_output

    def _outer_grad(self, grad, input):
        if not self.cast_in:
            return grad
        dtype = input.dtype if isinstance(input, np.ndarray) else self.dtype
        return _cast_table(grad, dtype)

    def update_output(self, input):
        out = self.modules[0].update_output(self._inner_input(input))
        self.output = _cast_table(out, self.dtype) if self.cast_out else out
        return self.output

    def update_grad_input(self, input, grad_output):
        g = self.modules[0].update_grad_input(self._inner_input(input), self._inner_grad(grad_output))
        self.grad_input = self._outer_grad(g, input)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self.modules[0].acc_grad_parameters(self._inner_input(input), self._inner_grad(grad_output), scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        g = self.modules[0].backward(self._inner_input(input), self._inner_grad(grad_output), scale)
        self.grad_input = self._outer_grad(g, input)
        return self.grad_input
