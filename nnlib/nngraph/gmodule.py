"""`gModule`: a module whose children run as a directed acyclic graph of `Node`s (Torch7's nn.gModule)."""
import numpy as np

from ..nn.container.container import Container
from ..nn.table._tables import check_table
from .node import Node


class gModule(Container):  # noqa: N801 (Torch7's name)
    """The graph from `inputs` to `outputs` as one module.

    Args:
        inputs: the graph's input nodes (made by `module()`), or one node.
        outputs: the nodes whose outputs are the module's output, or one node.

    Shape:
        one input node takes the input as is; n > 1 take a table (list) of n inputs.
        One output node gives its output; several give a table. Each node's input is its
        parent's output, or the table of its parents' outputs; gradients reaching a
        node from several children are summed.
    """

    def __init__(self, inputs: list[Node], outputs: list[Node]):
        inputs = [inputs] if isinstance(inputs, Node) else list(inputs)
        outputs = [outputs] if isinstance(outputs, Node) else list(outputs)
        for what, nodes in (("inputs", inputs), ("outputs", outputs)):
            if not nodes or not all(isinstance(n, Node) for n in nodes):
                raise ValueError(f"gModule: {what} must be a non-empty list of nngraph nodes, got {nodes!r}")
        for i, node in enumerate(inputs):
            if node.parents:
                raise ValueError(f"gModule: input {i} ({node!r}) has inputs of its own; a graph input is made "
                                 f"by calling a module on nothing, e.g. nn.Identity()()")
        self.nodes = _topological_order(outputs)
        reached = set(map(id, self.nodes))
        known = set(map(id, inputs))
        for i, node in enumerate(inputs):
            if id(node) not in reached:
                raise ValueError(f"gModule: input {i} ({node!r}) does not lead to any output")
        for node in self.nodes:
            if not node.parents and id(node) not in known:
                raise ValueError(f"gModule: {node!r} has no inputs but is not one of the graph's inputs")
        super().__init__(*[n.module for n in self.nodes if n.module is not None])
        self.inputs, self.outputs = inputs, outputs
        self._node_inputs, self._node_grads = {}, {}

    def update_output(self, input):
        given = [input] if len(self.inputs) == 1 else input
        if len(self.inputs) > 1:
            check_table(self, input, len(self.inputs), nested=True)
        slot = {id(n): i for i, n in enumerate(self.inputs)}
        values, self._node_inputs = {}, {}
        for node in self.nodes:
            if id(node) in slot:
                x = given[slot[id(node)]]
            else:
                parts = [values[id(p)] for p in node.parents]
                x = parts[0] if len(parts) == 1 else parts
            self._node_inputs[id(node)] = x
            if node.select_index is not None:
                if not isinstance(x, (list, tuple)) or node.select_index >= len(x):
                    raise ValueError(f"gModule: a split node takes entry {node.select_index} of a table, got "
                                     f"{type(x).__name__}{'' if not isinstance(x, (list, tuple)) else f' of {len(x)}'}")
                out = x[node.select_index]
            elif node.module is None:
                out = x
            else:
                out = node.module.update_output(x)
            values[id(node)] = out
        self._values = values
        outs = [values[id(o)] for o in self.outputs]
        self.output = outs[0] if len(outs) == 1 else outs
        return self.output

    def update_grad_input(self, input, grad_output):
        if getattr(self, "_values", None) is None:
            raise RuntimeError("gModule.update_grad_input: call forward first")
        grads = {}

        def add(node, g):
            grads[id(node)] = g if id(node) not in grads else _nested_sum(grads[id(node)], g)

        if len(self.outputs) == 1:
            add(self.outputs[0], grad_output)
        else:
            check_table(self, grad_output, len(self.outputs), "grad_output", nested=True)
            for node, g in zip(self.outputs, grad_output):
                add(node, g)
        slot = {id(n): i for i, n in enumerate(self.inputs)}
        input_grads = [None] * len(self.inputs)
        self._node_grads = {}
        for node in reversed(self.nodes):
            g = _fill_missing(grads.pop(id(node)), self._values[id(node)])
            self._node_grads[id(node)] = g
            x = self._node_inputs[id(node)]
            if node.select_index is not None:
                gi = [None] * len(x)
                gi[node.select_index] = g
            elif node.module is None:
                gi = g
            else:
                gi = node.module.update_grad_input(x, g)
            if id(node) in slot:
                input_grads[slot[id(node)]] = gi
            elif len(node.parents) == 1:
                add(node.parents[0], gi)
            else:
                for parent, part in zip(node.parents, gi):
                    add(parent, part)
        self.grad_input = input_grads[0] if len(self.inputs) == 1 else input_grads
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        if not self._node_grads:
            raise RuntimeError("gModule.acc_grad_parameters: call update_grad_input (or backward) first")
        for node in self.nodes:
            if node.module is not None:
                node.module.acc_grad_parameters(self._node_inputs[id(node)], self._node_grads[id(node)], scale)

    def __repr__(self):
        return f"nn.gModule({len(self.inputs)} -> {len(self.outputs)}, {len(self.nodes)} nodes)" + \
            self._tree_repr("")[len("nn.gModule"):]


def _topological_order(outputs):
    """Every node the outputs depend on, each after its parents; a cycle raises."""
    order, state = [], {}  # state: 1 visiting, 2 done
    for root in outputs:
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                state[id(node)] = 2
                order.append(node)
                continue
            if state.get(id(node)) == 2:
                continue
            if state.get(id(node)) == 1:
                raise ValueError(f"gModule: the graph has a cycle through {node!r}")
            state[id(node)] = 1
            stack.append((node, True))
            for parent in reversed(node.parents):
                if state.get(id(parent)) == 1:
                    raise ValueError(f"gModule: the graph has a cycle through {parent!r}")
                if state.get(id(parent)) != 2:
                    stack.append((parent, False))
    return order


def _nested_sum(a, b):
    """a + b for arrays or (nested) tables; None entries (a split output's missing gradient) add nothing."""
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, (list, tuple)):
        return [_nested_sum(x, y) for x, y in zip(a, b)]
    return a + b


def _fill_missing(g, value):
    """Zeros for the entries of a table gradient that no child sent (unused split outputs)."""
    if g is None:
        return _zeros_like(value)
    if isinstance(g, list) and isinstance(value, (list, tuple)):
        return [_fill_missing(x, v) for x, v in zip(g, value)]
    return g


def _zeros_like(value):
    if isinstance(value, (list, tuple)):
        return [_zeros_like(v) for v in value]
    return np.zeros_like(value)
