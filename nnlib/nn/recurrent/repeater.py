"""`Repeater`: rnn's Repeater: the same input fed to a recurrent module for rho steps."""
import numpy as np

from ..container.decorator import Decorator
from ..module import Module
from .abstract_recurrent import AbstractRecurrent
from .recursor import Recursor


class Repeater(Decorator):
    """output[t] = module(input) at step t, t = 0 .. rho-1, from a forgotten state.

    Args:
        module: a recurrent module (any other is wrapped in a Recursor, as rnn).
        rho: number of steps (and of BPTT steps).

    The step-by-step API of the module runs rho times (the input has no time
    axis to batch over); the gradient w.r.t. the input is the sum over steps.

    Shape:
        input (N, ...) -> output (rho, N, ...), time-major.
    """

    def __init__(self, module: Module, rho: int):
        if int(rho) < 1:
            raise ValueError(f"Repeater: rho must be >= 1, got {rho}")
        module = module if isinstance(module, AbstractRecurrent) else Recursor(module)
        module.rho = int(rho)
        super().__init__(module)
        self.rho = int(rho)

    def forget(self):
        self.module.forget()
        return self

    def update_output(self, input):
        self.module.forget()
        self.output = np.stack([np.array(self.module.forward(input), copy=True) for _ in range(self.rho)])
        return self.output

    def backward(self, input, grad_output, scale=1.0):
        grad_output = np.asarray(grad_output)
        if grad_output.shape != self.output.shape:
            raise ValueError(f"{self!r}: grad_output shape {grad_output.shape} does not match the output "
                             f"{self.output.shape} (rho, N, ...)")
        total = None
        for t in range(self.rho - 1, -1, -1):
            g = self.module.backward(input, grad_output[t], scale)
            total = np.array(g, copy=True) if total is None else total + g
        self.grad_input = total
        return total

    def update_grad_input(self, input, grad_output):
        return self.backward(input, grad_output, 0.0)

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        raise NotImplementedError("Repeater: call backward(input, grad_output, scale)")

    def __repr__(self):
        return f"nn.Repeater(rho={self.rho}) @ " + repr(self.module)
