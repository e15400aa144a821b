"""`Container`: a module made of child modules kept in `self.modules`."""
from ..module import Module


class Container(Module):
    """Base of Sequential, Concat and the table containers."""

    def __init__(self, *modules):
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

    def get(self, index):
        """The child at `index` (0-based)."""
        return self.modules[index]

    def size(self):
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
