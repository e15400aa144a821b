"""nngraph's gModule, read from its saved `forwardnodes` and written as nngraph builds it.

Each saved node's `data` holds its module, `mapindex` (its parents' data tables, in input
order), `selectindex` (1-based, for split outputs) and `nSplitOutputs`; the first forward
node is the graph's input node and `outnode` lists the outputs. Split hubs and the input
and output nodes have no module and pass their input on, as in nngraph.

Written back, the graph gets nngraph's layout: an input node (split into one node per
input when there are several), a split hub before every group of split outputs, an output
node; `forwardnodes`/`backwardnodes` in topological order, the forward and backward graphs
(`fg`, `bg`: graph.Graph of graph.Edge) over nngraph.Node objects sharing their data.
"""
from ...nngraph import Node, gModule
from ..objects import TableKey, TorchObject
from ._base import Entry, adopt_dtype, register


@register
class GModule(Entry):
    torch_name, module = "nn.gModule", gModule

    def build(self, f):
        raw_nodes = f.get("forwardnodes")
        if not isinstance(raw_nodes, list) or not raw_nodes:
            raise f.error("the saved gModule has no list 'forwardnodes'")
        nodes = {}  # id(data table) -> Node
        hub_of = {}  # id(split hub's data) -> the node it splits
        first = raw_nodes[0].get("data") if isinstance(raw_nodes[0], TorchObject) else None
        n_inputs = f.int("nInputs", 1)
        graph_inputs = {}  # selectindex -> input node, when the input node is split into several inputs
        for i, raw in enumerate(raw_nodes):
            where = f"{f.where}.forwardnodes[{i + 1}]".lstrip(".")
            data = raw.get("data") if isinstance(raw, TorchObject) else None
            if not isinstance(data, dict):
                raise f.error(f"{where} is not an nngraph.Node with a data table")
            parent_data = _in_order(data.get("mapindex"))
            for parent in parent_data:
                if id(parent) not in nodes and id(parent) not in hub_of and not (parent is first and n_inputs > 1):
                    raise f.error(f"{where} takes an input from a node that comes later in forwardnodes")
            module = data.get("module")
            if module is not None:
                module = f.ctx.module(module, f"{where}.data.module")
            select = data.get("selectindex")
            if data.get("nSplitOutputs") is not None and module is None and len(parent_data) == 1:
                # a split hub: its select nodes take entries of its input's output directly
                hub_of[id(data)] = parent_data[0]
                continue
            if select is not None and len(parent_data) == 1 and id(parent_data[0]) in hub_of:
                source = hub_of[id(parent_data[0])]
                if source is first and n_inputs > 1:
                    node = graph_inputs[int(select)] = Node(None)
                else:
                    node = Node(None, [nodes[id(source)]], int(select) - 1)
            else:
                parents = []
                for parent in parent_data:
                    while id(parent) in hub_of:  # a hub passes its input on
                        parent = hub_of[id(parent)]
                    if id(parent) not in nodes:
                        raise f.error(f"{where} takes the whole input table of a {n_inputs}-input gModule, "
                                      f"or a node that comes later in forwardnodes")
                    parents.append(nodes[id(parent)])
                node = Node(module, parents, None if select is None else int(select) - 1)
            nodes[id(data)] = node
        outnode = f.get("outnode")
        out_data = outnode.get("data") if isinstance(outnode, TorchObject) else None
        if not isinstance(out_data, dict) or id(out_data) not in nodes:
            raise f.error("the saved gModule's outnode is not one of its forwardnodes")
        if n_inputs > 1:
            if len(graph_inputs) != n_inputs or any(i not in graph_inputs for i in range(1, n_inputs + 1)):
                raise f.error(f"the saved gModule has nInputs={n_inputs} but its input node is not split into them")
            inputs = [graph_inputs[i] for i in range(1, n_inputs + 1)]
        else:
            inputs = [nodes[id(first)]]
        outputs = nodes[id(out_data)].parents
        try:
            graph = gModule(inputs, outputs)
        except ValueError as e:
            raise f.error(str(e)) from None
        adopt_dtype(graph, f)
        graph.train = bool(f.get("train", True))
        return graph


    def fields(self, module, ctx):
        order, inputs_of = _nngraph_layout(module)
        bg = {id(d): _graph_node(d) for d in order}
        fg = {id(d): _graph_node(d) for d in order}
        for d in order:
            d["mapindex"] = _indexed(inputs_of[id(d)], keyed=True)
            for parent in inputs_of[id(d)]:
                _add_child(bg[id(d)], bg[id(parent)])
                _add_child(fg[id(parent)], fg[id(d)])
        bg_graph = _graph(bg[id(order[-1])])
        fg_graph = _graph(fg[id(order[0])])
        for d in order:
            d["forwardNodeId"] = fg[id(d)]["id"]
        dtype = "torch.DoubleTensor" if module.dtype == "float64" else "torch.FloatTensor"
        return {"modules": [d["module"] for d in order if "module" in d],
                "forwardnodes": [fg[id(d)] for d in order], "backwardnodes": [bg[id(d)] for d in reversed(order)],
                "innode": fg[id(order[0])], "outnode": bg[id(order[-1])], "fg": fg_graph, "bg": bg_graph,
                "nInputs": len(module.inputs), "verbose": False, "train": bool(module.train), "_type": dtype}


def _nngraph_layout(module):
    """The graph's node data tables in topological order, with nngraph's extra nodes, and each one's inputs."""
    def data(**extra):
        return {"annotations": {}, "reverseMap": {}, "input": [], **extra}

    order, inputs_of, data_of, hubs, entry = [], {}, {}, {}, {}

    def add(d, inputs):
        order.append(d)
        inputs_of[id(d)] = inputs
        return d

    innode = add(data(), [])
    if len(module.inputs) == 1:
        entry[id(module.inputs[0])] = innode
    else:
        hub = add(data(nSplitOutputs=len(module.inputs)), [innode])
        for i, node in enumerate(module.inputs):
            entry[id(node)] = add(data(selectindex=i + 1), [hub])
    for node in module.nodes:
        if node.select_index is not None:
            parent = node.parents[0]
            if id(parent) not in hubs:
                used = [n.select_index for n in module.nodes if n.select_index is not None and n.parents[0] is parent]
                hubs[id(parent)] = add(data(nSplitOutputs=max(used) + 1), [data_of[id(parent)]])
            d, inputs = data(selectindex=node.select_index + 1), [hubs[id(parent)]]
        elif node.module is None and id(node) in entry:
            data_of[id(node)] = entry[id(node)]  # a plain graph input is nngraph's input (or split) node itself
            continue
        else:
            d = data() if node.module is None else data(module=node.module)
            inputs = [entry[id(node)]] if id(node) in entry else [data_of[id(p)] for p in node.parents]
        if len({id(i) for i in inputs}) != len(inputs):
            raise TypeError("torch7.save: a gModule node takes the same node twice as input, which nngraph "
                            "cannot express; put an nn.Identity on one of the two")
        data_of[id(node)] = add(d, inputs)
    outputs = [data_of[id(o)] for o in module.outputs]
    if len({id(o) for o in outputs}) != len(outputs):
        raise TypeError("torch7.save: a gModule lists the same output node twice, which nngraph cannot express")
    add(data(), outputs)
    return order, inputs_of


def _graph_node(data):
    return TorchObject("nngraph.Node", {"data": data, "children": {}, "visited": False, "marked": False}, 1)


def _add_child(node, child):
    """graph.Node:add: the children list, and each child's place in it under the child itself."""
    children = node["children"]
    n = sum(1 for k in children if isinstance(k, int)) + 1
    children[n] = child
    children[child] = n


def _indexed(items, keyed):
    """A Lua table {items..., [item] = index} (nngraph's mapindex, graph.Graph's nodes and edges)."""
    table = {i + 1: item for i, item in enumerate(items)}
    if keyed:
        table.update({(TableKey(item) if isinstance(item, dict) else item): i + 1 for i, item in enumerate(items)})
    return table


def _graph(root):
    """graph.Graph of the edges found breadth first from `root` (Node:graph), numbering the nodes as it does."""
    nodes, edges, queue, seen = [], [], [root], {id(root)}
    while queue:
        node = queue.pop(0)
        for i in range(1, len(node["children"]) // 2 + 1):
            child = node["children"][i]
            edges.append(TorchObject("graph.Edge", {"from": node, "to": child}, 1))
            for n in (node, child):
                if all(n is not m for m in nodes):
                    nodes.append(n)
                    n["id"] = len(nodes)
            if id(child) not in seen:
                seen.add(id(child))
                queue.append(child)
    if not nodes:
        nodes.append(root)
        root["id"] = 1
    return TorchObject("graph.Graph", {"nodes": _indexed(nodes, True), "edges": _indexed(edges, True)}, 1)


def _in_order(mapindex):
    """The parents' data tables of a node: the list part 1..n of its `mapindex`."""
    if isinstance(mapindex, list):
        return mapindex
    if isinstance(mapindex, dict):
        return [mapindex[i] for i in range(1, len(mapindex) + 1) if i in mapindex]
    return []
