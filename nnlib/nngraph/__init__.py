"""nngraph: modules wired as a graph (Torch7's nngraph).

    from nnlib import nn
    from nnlib.nngraph import gModule
    x = nn.Identity()()                    # a graph input
    h = nn.Tanh()(nn.Linear(10, 20)(x))    # calling a module on nodes makes a node
    y = nn.CAddTable()([h, x2])            # several inputs: a list of nodes
    net = gModule([x, x2], [y])            # then forward/backward as any module
"""
from .gmodule import gModule
from .node import Node

__all__ = ["Node", "gModule"]
