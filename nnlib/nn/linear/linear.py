"""`Linear`: y = x W^T + b, Torch7's layout and initialisation."""
import numpy as np

from ...kernels import linear as K
from ...plans import LinearPlan
from .._checks import check_float_input, check_same_shape, describe
from .._init import reset_uniform
from ..module import Module


class Linear(Module):
    """Fully connected layer; `weight` is (output_size, input_size).

    Accepts a single sample (input_size,) or a batch (N, input_size).
    Setting `need_grad_input = False` skips the gradient w.r.t. the input
    (`grad_input` is then None), Torch7's `gradInput = nil` for a first layer.

    Args:
        input_size: size of each input sample.
        output_size: size of each output sample.
        bias: learn an additive bias.

    Shape:
        Input: (N, input_size) or (input_size,), output (N, output_size) or (output_size,).
    """

    transient_attributes = ("_checked_parameters",)
    _checked_parameters = None  # {names of the arrays a pass uses: those arrays as last checked}

    def __init__(self, input_size: int, output_size: int, bias: bool = True):
        super().__init__()
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.register_parameter("weight", np.zeros((self.output_size, self.input_size)))
        if bias:
            self.register_parameter("bias", np.zeros(self.output_size))
        else:
            self.bias = self.grad_bias = None
        self.need_grad_input = True
        self.reset()

    def reset(self, stdv=None):
        """Torch7's init: weight and bias U(-a, a), a = 1/sqrt(input_size), or stdv * sqrt(3) when given."""
        reset_uniform(stdv, self.input_size, self.weight, self.bias)
        return self

    def update_output(self, input):
        check_float_input(self, input, (1, 2), self.input_size)
        x = input.reshape(1, -1) if input.ndim == 1 else input
        self._check_parameters("weight", "bias")
        out = self._plan_of(x.shape[0]).forward(x, self.weight, self.bias)
        self.output = out[0] if input.ndim == 1 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        if not self.need_grad_input:
            self.grad_input = None
            return None
        gy = grad_output.reshape(1, -1) if grad_output.ndim == 1 else grad_output
        self._check_parameters("weight", "bias")
        gx = self._plan_of(gy.shape[0]).grad_input(gy, self.weight)
        self.grad_input = gx[0] if input.ndim == 1 else gx
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x = input.reshape(1, -1) if input.ndim == 1 else input
        gy = grad_output.reshape(1, -1) if grad_output.ndim == 1 else grad_output
        self._check_parameters("grad_weight", "grad_bias")
        self._plan_of(x.shape[0]).acc_grad(x, gy, self.grad_weight, self.grad_bias, scale)

    def _plan_of(self, rows):
        return self._plan_for((rows, self.dtype), lambda: LinearPlan(rows, self.input_size, self.output_size, self.dtype))

    def _check_parameters(self, *names):
        """A weight, bias or gradient replaced by one of another shape or dtype is a ValueError, not a
        numba error. `names` are the arrays a pass uses, e.g. ("weight", "bias").

        Checked again only when one of them was replaced (they are compared by
        identity), so a training step pays a few identity comparisons.
        """
        arrays = tuple(getattr(self, name) for name in names)
        checked = (self._checked_parameters or {}).get(names)
        if checked is not None and all(a is b for a, b in zip(arrays, checked)):
            return
        weight, bias = arrays[0], arrays[1]
        if not (K.parameters_fit(weight, bias, self.input_size, self.dtype) and weight.shape[0] == self.output_size
                and (bias is None) == (self.bias is None)):
            found = {name: (a.shape, str(a.dtype)) for name, a in zip(names, arrays) if a is not None}
            raise ValueError(f"{describe(self)}: expected {names[0]} ({self.output_size}, {self.input_size}) and "
                             f"{names[1]} ({self.output_size},) of dtype {self.dtype}; found {found}")
        self._checked_parameters = {**(self._checked_parameters or {}), names: arrays}

    def extra_repr(self):
        return f"{self.input_size} -> {self.output_size}" + ("" if self.bias is not None else " without bias")
