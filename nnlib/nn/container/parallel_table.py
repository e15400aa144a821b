"""`ParallelTable`: the i-th child applied to the i-th entry of a table."""
from .._checks import describe
from ..table._tables import check_table
from .container import Container


class ParallelTable(Container):
    """output = [m_i(input[i])]; grad_input = [m_i's gradient w.r.t. input[i]].

    Args:
        *modules: the children (more with `add`); child i takes entry i of the input table.

    Shape:
        Input: a table (list) with one entry per child, output a table of their outputs.
    """

    def _check(self, input, grad_output=None):
        if not isinstance(input, (list, tuple)) or len(input) != len(self.modules):
            got = f"{len(input)} entries" if isinstance(input, (list, tuple)) else type(input).__name__
            raise ValueError(f"{describe(self)}: expected a table (list) of {len(self.modules)} inputs, one per child, got {got}")
        if grad_output is not None:
            check_table(self, grad_output, len(self.modules), "grad_output", nested=True)

    def update_output(self, input):
        self._check(input)
        self.output = [m.update_output(x) for m, x in zip(self.modules, input)]
        return self.output

    def update_grad_input(self, input, grad_output):
        self._check(input, grad_output)
        self.grad_input = [m.update_grad_input(x, g) for m, x, g in zip(self.modules, input, grad_output)]
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        self._check(input, grad_output)
        for m, x, g in zip(self.modules, input, grad_output):
            m.acc_grad_parameters(x, g, scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        self._check(input, grad_output)
        self.grad_input = [m.backward(x, g, scale) for m, x, g in zip(self.modules, input, grad_output)]
        return self.grad_input

    def __repr__(self):
        return self._branch_repr()
