"""`Decorator`: a container of one module that it forwards every call to (dpnn's, in torch/nn)."""
from .._checks import describe
from ..module import Module
from .container import Container


class Decorator(Container):
    """A module wrapping exactly one other; subclasses change one aspect of its behaviour.

    forward, backward and the parameter methods go to the wrapped module,
    which is `self.modules[0]` (so parameters, casting, sharing and printing
    see it like any container's child).

    Args:
        module: the module to decorate.

    Shape:
        the wrapped module's.
    """

    def __init__(self, module: Module):
        super().__init__(module)

    @property
    def module(self):
        """The decorated module."""
        return self.modules[0]

    def add(self, module):
        if self.modules:
            raise ValueError(f"{describe(self)}: a decorator wraps exactly one module; it already has {self.modules[0]!r}")
        return super().add(module)

    def insert(self, module, index=None):
        raise ValueError(f"{describe(self)}: a decorator wraps exactly one module; cannot insert another")

    def update_output(self, input):
        self.output = self.modules[0].update_output(input)
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = self.modules[0].update_grad_input(input, grad_output)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self.modules[0].acc_grad_parameters(input, grad_output, scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        self.grad_input = self.modules[0].backward(input, grad_output, scale)
        return self.grad_input

    def __repr__(self):
        return f"nn.{type(self).__name__} @ {self.modules[0]!r}" if self.modules else f"nn.{type(self).__name__}"
