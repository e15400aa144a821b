"""`ZipTable`: a table of tables transposed."""
from .._checks import describe
from ..module import Module


def zip_tables(module, tables, what):
    """[[a0, a1], [b0, b1]] -> [[a0, b0], [a1, b1]], checking every inner table has one length."""
    if not isinstance(tables, (list, tuple)) or not all(isinstance(t, (list, tuple)) for t in tables):
        raise ValueError(f"{describe(module)}: expected a table of tables as {what}")
    lengths = [len(t) for t in tables]
    if any(n != lengths[0] for n in lengths):
        raise ValueError(f"{describe(module)}: the tables of {what} must have one length, got lengths {lengths}")
    return [list(entries) for entries in zip(*tables)]


class ZipTable(Module):
    """[[a0, a1], [b0, b1], [c0, c1]] -> [[a0, b0, c0], [a1, b1, c1]]; the gradient is zipped back.

    Shape:
        input: a table of k tables of n entries each.
        output: a table of n tables of k entries.
    """

    def update_output(self, input):
        self.output = zip_tables(self, input, "input")
        return self.output

    def update_grad_input(self, input, grad_output):
        self.grad_input = zip_tables(self, grad_output, "grad_output")
        return self.grad_input
