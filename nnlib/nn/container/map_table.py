"""`MapTable`: one module applied to every entry of a table (clones sharing its parameters)."""
from .._checks import describe
from ..module import Module
from ..table._tables import check_table
from .container import Container


class MapTable(Container):
    """output = [m(x) for x in input], through clones of the module made as needed.

    With `shared` (the default) the clones share the module's parameters and
    their gradients, so the module is trained by every entry; `shared=False`
    gives independent clones. `self.modules[i]` is the clone for entry i.

    Args:
        module: the module to map over the table.
        shared: whether the clones share the module's parameters (default True).

    Shape:
        input: a table of n entries, each what the module takes.
        output: a table of n outputs.
    """

    def __init__(self, module: Module | None = None, shared: bool = True):
        super().__init__()
        self.shared = shared
        if module is not None:
            self.add(module)

    @property
    def module(self):
        """The mapped module (the first of `modules`), or None."""
        return self.modules[0] if self.modules else None

    def add(self, module):
        if self.modules:
            raise ValueError(f"{describe(self)}: maps a single module; it already has {self.modules[0]!r}")
        return super().add(module)

    def insert(self, module, index=None):
        raise ValueError(f"{describe(self)}: maps a single module; use add(module)")

    def resize(self, n):
        """Keep exactly `n` clones (at least the module itself)."""
        if self.module is None:
            raise ValueError(f"{describe(self)}: has no module to map; add one first")
        names = sorted({name for m in self.module.list_modules() for name in m._parameter_names})
        while len(self.modules) < n:
            clone = self.module.clone(*names) if self.shared and names else self.module.clone()
            self.modules.append(clone)
        del self.modules[max(n, 1):]
        return self

    def _check(self, input, grad_output=None):
        check_table(self, input, nested=True)
        if grad_output is not None:
            check_table(self, grad_output, len(input), "grad_output", nested=True)
        self.resize(len(input))

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
        self._check(input, grad_output)
        self.grad_input = [m.backward(x, g, scale) for m, x, g in zip(self.modules, input, grad_output)]
        return self.grad_input

    def clear_state(self):
        """Drop the clones (they are remade on the next forward) and every output."""
        if self.modules:
            del self.modules[1:]
        return super().clear_state()

    def __repr__(self):
        if self.module is None:
            return "nn.MapTable { }"
        return "nn.MapTable {\n  " + repr(self.module).replace("\n", "\n  ") + "\n}"
