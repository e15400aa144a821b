"""`Container`: a module made of child modules kept in `self.modules`."""
from .module import Module


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
