"""`NarrowTable`: a run of consecutive entries of a table."""
from .._checks import describe
from ._tables import zeros_like_table
from ..module import Module


class NarrowTable(Module):
    """output = input[offset:offset + length] (the entries themselves).

    The gradient w.r.t. the table is grad_output's entries at their
    positions and zeros for the entries left out.

    Args:
        offset: the first entry (0-based; negative counts from the end).
        length: how many entries (default 1).

    Shape:
        input: a table (list) of at least `offset + length` entries.
        output: a table of `length` entries.
    """

    def __init__(self, offset: int, length: int = 1):
        super().__init__()
        self.offset, self.length = int(offset), int(length)

    def _start(self, input):
        if not isinstance(input, (list, tuple)):
            raise ValueError(f"{describe(self)}: expected a table (list) as input, got {type(input).__name__}")
        start = self.offset + len(input) if self.offset < 0 else self.offset
        if start < 0 or self.length < 0 or start + self.length > len(input):
            raise ValueError(f"{describe(self)}: entries [{self.offset}, {self.offset} + {self.length}) do not exist in "
                             f"a table of {len(input)} entries")
        return start

    def update_output(self, input):
        start = self._start(input)
        self.output = list(input[start:start + self.length])
        return self.output

    def update_grad_input(self, input, grad_output):
        start = self._start(input)
        if not isinstance(grad_output, (list, tuple)) or len(grad_output) != self.length:
            raise ValueError(f"{describe(self)}: expected a table of {self.length} entries as grad_output")
        grads = [None] * len(input)
        for i, x in enumerate(input):
            grads[i] = grad_output[i - start] if start <= i < start + self.length else zeros_like_table(x)
        self.grad_input = grads
        return grads

    def extra_repr(self):
        return f"{self.offset}, {self.length}"
