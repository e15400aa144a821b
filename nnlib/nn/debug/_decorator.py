"""Base class of the debugging decorators (NaN, Profile): one child, whose passes it wraps."""
from ..container.container import Container


class Decorator(Container):
    """Holds one module in `self.modules[0]` and forwards the module contract to it."""

    def __init__(self, module):
        super().__init__(module)

    @property
    def module(self):
        return self.modules[0]

    def update_output(self, input):
        self.output = self.module.update_output(input)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self.module.update_grad_input(input, grad_output)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self.module.acc_grad_parameters(input, grad_output, scale)
