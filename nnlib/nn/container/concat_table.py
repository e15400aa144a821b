"""`ConcatTable`: the same input through every child, outputs returned as a table (list)."""
from ..table._tables import check_table, sum_gradients
from .container import Container


class ConcatTable(Container):
    """output = [m(input) for m in children]; grad_input = sum of the children's gradients.

    The input may be an array or a table; the gradients are summed entry by entry.

    Args:
        *modules: the children (more with `add`).

    Shape:
        Input: what every child takes (an array or a table); output a table (list) of their outputs.
    """

    def update_output(self, input):
        self.output = [m.update_output(input) for m in self.modules]
        return self.output

    def update_grad_input(self, input, grad_output):
        check_table(self, grad_output, len(self.modules), "grad_output", nested=True)
        return sum_gradients(self, (m.update_grad_input(input, g) for m, g in zip(self.modules, grad_output)))

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        check_table(self, grad_output, len(self.modules), "grad_output", nested=True)
        for m, g in zip(self.modules, grad_output):
            m.acc_grad_parameters(input, g, scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        check_table(self, grad_output, len(self.modules), "grad_output", nested=True)
        return sum_gradients(self, (m.backward(input, g, scale) for m, g in zip(self.modules, grad_output)))

    def __repr__(self):
        return self._branch_repr()
