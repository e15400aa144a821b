"""`Container`: a module made of child modules kept in `self.modules`."""
from .._checks import describe
from ..module import Module


class Container(Module):
    """Base of Sequential, Concat and the table containers.

    Args:
        *modules: the children, in order (more can be added with `add`/`insert`).

    Shape:
        Input and output: as its children's (subclasses say how they are combined).
    """

    def __init__(self, *modules: Module):
        super().__init__()
        self.modules = []
        for m in modules:
            self.add(m)

    def add(self, module):
        """Append a child; returns the container so calls chain (`seq.add(a).add(b)`)."""
        if not isinstance(module, Module):
            raise ValueError(f"{type(self).__name__}.add: expected an nn module, got {type(module).__name__}")
        self.modules.append(module)
        return self

    def insert(self, module, index=None):
        """Insert a child before position `index` (0-based; default: append); returns the container."""
        if not isinstance(module, Module):
            raise ValueError(f"{describe(self)}.insert: expected an nn module, got {type(module).__name__}")
        index = len(self.modules) if index is None else index
        if not -len(self.modules) <= index <= len(self.modules):
            raise IndexError(f"{describe(self)}.insert: index {index} is not contiguous to the "
                             f"{len(self.modules)} children; expected -{len(self.modules)} <= index <= {len(self.modules)}")
        self.modules.insert(index, module)
        self.output = self.grad_input = None
        return self

    def remove(self, index=None):
        """Remove and return the child at `index` (0-based, negative from the end; default: the last)."""
        index = len(self.modules) - 1 if index is None else index
        if not -len(self.modules) <= index < len(self.modules):
            raise IndexError(f"{describe(self)}.remove: index {index} is out of range for {len(self.modules)} children")
        self.output = self.grad_input = None
        return self.modules.pop(index)

    def get(self, index):
        """The child at `index` (0-based)."""
        return self.modules[index]

    def size(self):
        """The number of children."""
        return len(self.modules)

    def __len__(self):
        return len(self.modules)

    def __getitem__(self, index):
        return self.modules[index]

    def children(self):
        return self.modules

    def forget(self):
        """Forget the recurrent state of every child that has one (rnn's Module:forget for containers).

        Lets a model that wraps a Sequencer (e.g. rnnlm's SoftMaxTree variant,
        a ParallelTable of the Sequencer and the targets) be reset as a whole.
        """
        for child in self.modules:
            forget = getattr(child, "forget", None)
            if forget is not None:
                forget()
        return self

    def remember(self, mode="both"):
        """Pass `remember(mode)` on to every child that has it (see Sequencer.remember)."""
        for child in self.modules:
            remember = getattr(child, "remember", None)
            if remember is not None:
                remember(mode)
        return self

    def _tree_repr(self, connector):
        """Torch-style multi-line listing of the children, indented."""
        lines = [f"nn.{type(self).__name__} {{"]
        for i, m in enumerate(self.modules, 1):
            child = repr(m).replace("\n", "\n  " + connector)
            lines.append(f"  {connector}({i}): {child}")
        lines.append("}")
        return "\n".join(lines)

    def _branch_repr(self):
        """Torch's listing for children that run side by side (Concat, ConcatTable, ParallelTable)."""
        lines = [f"nn.{type(self).__name__} {{", "  input"]
        for i, m in enumerate(self.modules, 1):
            last = i == len(self.modules)
            head, indent = ("   `-> ", "       ") if last else ("  |`-> ", "  |    ")
            lines.append(f"  {head}({i}): " + repr(m).replace("\n", "\n  " + indent))
        lines.append("     ... -> output")
        lines.append("}")
        return "\n".join(lines)

    def __repr__(self):
        return self._tree_repr("")
