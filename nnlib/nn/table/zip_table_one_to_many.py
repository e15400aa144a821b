"""`ZipTableOneToMany`: one entry paired with each entry of a table."""
from .._checks import describe
from ._tables import table_add, table_copy, zeros_like_table
from ..module import Module


class ZipTableOneToMany(Module):
    """[v, [a, b, c]] -> [[v, a], [v, b], [v, c]].

    v's gradient is the sum of its copies' gradients.

    Shape:
        input: [v, table of n entries] (v an array or a table).
        output: a table of n pairs.
    """

    def _check(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2 or not isinstance(input[1], (list, tuple)):
            raise ValueError(f"{describe(self)}: expected the table [v, [a, b, ...]] (an entry and a table)")

    def update_output(self, input):
        self._check(input)
        v, table = input
        self.output = [[v, x] for x in table]
        return self.output

    def update_grad_input(self, input, grad_output):
        self._check(input)
        v, table = input
        if not isinstance(grad_output, (list, tuple)) or len(grad_output) != len(table):
            raise ValueError(f"{describe(self)}: expected a table of {len(table)} pairs as grad_output")
        if grad_output:
            gv = table_copy(self.grad_input[0] if isinstance(self.grad_input, list) else None, grad_output[0][0])
            for pair in grad_output[1:]:
                table_add(gv, pair[0], self)
        else:
            gv = zeros_like_table(v)
        self.grad_input = [gv, [pair[1] for pair in grad_output]]
        return self.grad_input
