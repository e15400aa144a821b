"""`SelectTable`: one entry of a table."""
from .._checks import describe
from ._tables import table_copy, zeros_like_table
from ..module import Module


class SelectTable(Module):
    """output = input[index] (the entry itself, an array or a nested table).

    The gradient w.r.t. the table is zeros shaped as the input, with
    grad_output at `index`.

    Args:
        index: the entry (0-based; negative counts from the end, -1 is the last).

    Shape:
        input: a table (list) of at least `index + 1` entries.
        output: the selected entry.
    """

    def __init__(self, index: int):
        super().__init__()
        self.index = int(index)

    def _position(self, input):
        if not isinstance(input, (list, tuple)):
            raise ValueError(f"{describe(self)}: expected a table (list) as input, got {type(input).__name__}")
        if not -len(input) <= self.index < len(input):
            raise ValueError(f"{describe(self)}: index {self.index} does not exist in a table of {len(input)} entries")
        return self.index % len(input)

    def update_output(self, input):
        self.output = input[self._position(input)]
        return self.output

    def update_grad_input(self, input, grad_output):
        i = self._position(input)
        grads = zeros_like_table(list(input))
        grads[i] = table_copy(None, grad_output)
        self.grad_input = grads
        return grads

    def extra_repr(self):
        return str(self.index)
