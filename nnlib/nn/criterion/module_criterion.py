"""`ModuleCriterion`: a criterion behind modules applied to its input and target."""
import warnings

import numpy as np

from ..module import Module
from .criterion import Criterion


class ModuleCriterion(Criterion):
    """loss = criterion(input_module(input), target_module(target)).

    The gradient flows back through `input_module` to the input; the modules'
    parameters are not trained (as Torch7, a warning says so for an input
    module that has some). `backward` runs the modules forward again on its own
    arguments (Torch7 reused those of the last `forward`), so it needs no
    `forward` before it.

    Args:
        criterion: the criterion to apply.
        input_module: optional module applied to the input first (e.g. LogSoftMax).
        target_module: optional module applied to the target first.
        cast_target: whether `astype` casts the target module too (default True).

    Shape:
        input, target: whatever the modules (or, without them, the criterion) take.
    """

    transient_attributes = ("input", "target")

    def __init__(self, criterion: Criterion, input_module: Module | None = None, target_module: Module | None = None,
                 cast_target: bool = True):
        super().__init__()
        self.criterion = criterion
        self.input_module = input_module
        self.target_module = target_module
        self.cast_target = bool(cast_target)
        self.input = self.target = None
        if input_module is not None and input_module.parameters()[0]:
            warnings.warn("nn.ModuleCriterion does not update the parameters of its input module", stacklevel=2)

    def _transform(self, input, target):
        """The criterion's arguments: input and target through their modules (kept as `input`, `target`)."""
        self.input = self.input_module.forward(input) if self.input_module is not None else input
        self.target = self.target_module.forward(target) if self.target_module is not None else target
        return self.input, self.target

    def update_output(self, input, target):
        self.output = self.criterion.forward(*self._transform(input, target))
        return self.output

    def update_grad_input(self, input, target):
        grad = self.criterion.backward(*self._transform(input, target))
        if self.input_module is not None:
            grad = self.input_module.backward(input, grad)
        self.grad_input = grad
        return grad

    def astype(self, dtype):
        """Cast the criterion, the input module and (with cast_target) the target module."""
        self.dtype = np.dtype(dtype)
        self.criterion.astype(dtype)
        if self.input_module is not None:
            self.input_module.astype(dtype)
        if self.cast_target and self.target_module is not None:
            self.target_module.astype(dtype)
        return self

    def extra_repr(self):
        parts = [repr(self.criterion).replace("\n", " ")]
        for name in ("input_module", "target_module"):
            module = getattr(self, name)
            if module is not None:
                parts.append(f"{name}=nn.{type(module).__name__}")
        return ", ".join(parts)
