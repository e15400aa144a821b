"""`Bottle`: a module of fixed input rank applied to inputs with more leading (batch) axes."""
import numpy as np

from .._checks import check_array, describe
from ..module import Module
from .decorator import Decorator


class Bottle(Decorator):
    """Folds the leading axes of the input into one, runs the module, unfolds its output.

    An input of `n_input_dim + k` axes is viewed as `n_input_dim` axes, its
    first `k + 1` axes merged into one; the module's output (of
    `n_output_dim` axes) gets the merged axes back. E.g.
    `Bottle(Linear(10, 4))` maps (T, N, 10) to (T, N, 4). Inputs of at most
    `n_input_dim` axes pass straight through.

    Args:
        module: the module to apply.
        n_input_dim: the number of input axes the module takes (default 2: (N, F)).
        n_output_dim: the number of axes of its output (default `n_input_dim`).

    Shape:
        input: (*, ...) with `n_input_dim - 1` trailing axes after the merged ones.
        output: (*, ...) with the module's `n_output_dim - 1` trailing axes.
    """

    def __init__(self, module: Module, n_input_dim: int = 2, n_output_dim: int | None = None):
        super().__init__(module)
        self.n_input_dim = int(n_input_dim)
        self.n_output_dim = self.n_input_dim if n_output_dim is None else int(n_output_dim)

    def _folded(self, input):
        check_array(self, input)
        lead = input.ndim - self.n_input_dim + 1
        if lead <= 1:
            return input, None
        return input.reshape((int(np.prod(input.shape[:lead])),) + input.shape[lead:]), input.shape[:lead]

    def update_output(self, input):
        x, lead = self._folded(input)
        out = self.modules[0].update_output(x)
        if lead is None:
            self.output = out
            return out
        if not isinstance(out, np.ndarray) or out.ndim != self.n_output_dim:
            got = out.shape if isinstance(out, np.ndarray) else type(out).__name__
            raise ValueError(f"{describe(self)}: the module's output should have {self.n_output_dim} axes "
                             f"(n_output_dim), got {got}")
        self.output = out.reshape(lead + out.shape[1:])
        return self.output

    def _inner_grad(self, grad_output):
        inner = self.modules[0].output
        return grad_output.reshape(inner.shape) if grad_output.shape != inner.shape else grad_output

    def update_grad_input(self, input, grad_output):
        x, lead = self._folded(input)
        g = self.modules[0].update_grad_input(x, self._inner_grad(grad_output) if lead else grad_output)
        self.grad_input = g.reshape(input.shape) if lead else g
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        x, lead = self._folded(input)
        self.modules[0].acc_grad_parameters(x, self._inner_grad(grad_output) if lead else grad_output, scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        x, lead = self._folded(input)
        g = self.modules[0].backward(x, self._inner_grad(grad_output) if lead else grad_output, scale)
        self.grad_input = g.reshape(input.shape) if lead else g
        return self.grad_input

    def extra_repr(self):
        return f"{self.n_input_dim} -> {self.n_output_dim}"

    def __repr__(self):
        return f"nn.Bottle({self.extra_repr()}) @ {self.modules[0]!r}"
