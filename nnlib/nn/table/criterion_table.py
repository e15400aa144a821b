"""`CriterionTable`: a criterion as a module taking the table [input, target]."""
from .._checks import describe
from ..module import Module


class CriterionTable(Module):
    """output = criterion.forward(input, target) for the table [input, target] (a float).

    grad_input is the table [criterion.backward(input, target)] (one entry,
    as Torch7); grad_output is ignored, so put it last in a model.

    Args:
        criterion: any nnlib criterion.

    Shape:
        input: [input, target] as the criterion takes them.
        output: a float.
    """

    def __init__(self, criterion):
        super().__init__()
        self.criterion = criterion

    def _check(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{describe(self)}: expected the table [input, target]")

    def update_output(self, input):
        self._check(input)
        self.output = self.criterion.forward(input[0], input[1])
        return self.output

    def update_grad_input(self, input, grad_output=None):
        self._check(input)
        self.grad_input = [self.criterion.backward(input[0], input[1])]
        return self.grad_input

    def astype(self, dtype):
        super().astype(dtype)
        self.criterion.astype(dtype)
        return self

    def extra_repr(self):
        return repr(self.criterion)
