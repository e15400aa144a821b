"""`Node`: one step of an nngraph graph."""
from __future__ import annotations

from ..nn.module import Module


class Node:
    """A module applied to its parents' outputs (nngraph's Node), made by calling a module on nodes.

    Args:
        module: the nnlib module, or None for a node that passes its input on.
        parents: the nodes whose outputs are this node's input, in order: one parent
            gives its output as is, several give a table (list) of their outputs.
        select_index: for the nodes made by `split`, the 0-based entry of the parent's
            table output this node passes on.

    `module(node)`, `module([node1, node2])` and `module()` (a graph input) make nodes.
    """

    def __init__(self, module: Module | None = None, parents: tuple[Node, ...] = (), select_index: int | None = None):
        self.module = module
        self.parents = list(parents)
        self.select_index = select_index
        for p in self.parents:
            if not isinstance(p, Node):
                raise TypeError(f"nngraph.Node: inputs must be nodes, got {type(p).__name__}")

    @classmethod
    def from_call(cls, module, inputs):
        """The node `module(*inputs)` makes: no inputs (a graph input), a node, or a list of nodes."""
        if len(inputs) > 1:
            raise TypeError(f"{type(module).__name__}(...): call a module on one node or one list of nodes, "
                            f"got {len(inputs)} arguments")
        if not inputs:
            return cls(module)
        arg = inputs[0]
        return cls(module, [arg] if isinstance(arg, Node) else list(arg))

    def split(self, n):
        """`n` nodes passing on the entries 0..n-1 of this node's table output (nngraph's node:split)."""
        if int(n) < 1:
            raise ValueError(f"Node.split: n must be >= 1, got {n}")
        return [Node(None, [self], select_index=i) for i in range(int(n))]

    def __repr__(self):
        if self.select_index is not None:
            return f"nngraph.Node(select {self.select_index})"
        return f"nngraph.Node({'input' if self.module is None else type(self.module).__name__})"


def is_node_input(value):
    """True for what makes `module(value)` a graph node: a Node or a non-empty list of Nodes."""
    if isinstance(value, Node):
        return True
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(isinstance(v, Node) for v in value)
