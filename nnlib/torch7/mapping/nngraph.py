"""nngraph's gModule, read from its saved `forwardnodes` (read only for now).

Each saved node's `data` holds its module, `mapindex` (its parents' data tables, in input
order), `selectindex` (1-based, for split outputs) and `nSplitOutputs`; the first forward
node is the graph's input node and `outnode` lists the outputs. Split hubs and the input
and output nodes have no module and pass their input on, as in nngraph.
"""
from ...nngraph import Node, gModule
from ..objects import TorchObject
from ._base import Entry, adopt_dtype, register


@register
class GModule(Entry):
    torch_name, module, writable = "nn.gModule", gModule, False

    def build(self, f):
        raw_nodes = f.get("forwardnodes")
        if not isinstance(raw_nodes, list) or not raw_nodes:
            raise f.error("the saved gModule has no list 'forwardnodes'")
        nodes = {}  # id(data table) -> Node
        for i, raw in enumerate(raw_nodes):
            where = f"{f.where}.forwardnodes[{i + 1}]".lstrip(".")
            data = raw.get("data") if isinstance(raw, TorchObject) else None
            if not isinstance(data, dict):
                raise f.error(f"{where} is not an nngraph.Node with a data table")
            parents = []
            for parent in _in_order(data.get("mapindex")):
                if id(parent) not in nodes:
                    raise f.error(f"{where} takes an input from a node that comes later in forwardnodes")
                parents.append(nodes[id(parent)])
            module = data.get("module")
            if module is not None:
                module = f.ctx.module(module, f"{where}.data.module")
            select = data.get("selectindex")
            nodes[id(data)] = Node(module, parents, None if select is None else int(select) - 1)
        outnode = f.get("outnode")
        out_data = outnode.get("data") if isinstance(outnode, TorchObject) else None
        if not isinstance(out_data, dict) or id(out_data) not in nodes:
            raise f.error("the saved gModule's outnode is not one of its forwardnodes")
        first = nodes[id(raw_nodes[0]["data"])]
        outputs = nodes[id(out_data)].parents
        try:
            graph = gModule([first], outputs)
        except ValueError as e:
            raise f.error(str(e)) from None
        adopt_dtype(graph, f)
        graph.train = bool(f.get("train", True))
        return graph


def _in_order(mapindex):
    """The parents' data tables of a node: the list part 1..n of its `mapindex`."""
    if isinstance(mapindex, list):
        return mapindex
    if isinstance(mapindex, dict):
        return [mapindex[i] for i in range(1, len(mapindex) + 1) if i in mapindex]
    return []
