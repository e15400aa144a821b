"""`CAddTensorTable`: one array added to every entry of a table."""
import numpy as np

from .._checks import describe
from ._tables import check_table, reuse_arrays
from ..module import Module


class CAddTensorTable(Module):
    """input = [v, [t_0, ..., t_k]] -> output = [t_0 + v, ..., t_k + v].

    v's gradient is the sum of the entries' gradients; each t_i's is a copy
    of its entry's gradient.

    Shape:
        input: [v, table], every array of the table of v's shape.
        output: a table of v's shape.
    """

    def _check(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2 or not isinstance(input[0], np.ndarray):
            raise ValueError(f"{describe(self)}: expected the table [v, [t_0, ..., t_k]] (an array and a table of arrays)")
        check_table(self, input[1], what="input[1]")
        shapes = [t.shape for t in input[1]]
        if any(s != input[0].shape for s in shapes):
            raise ValueError(f"{describe(self)}: every entry of input[1] must have v's shape {input[0].shape}, got {shapes}")

    def update_output(self, input):
        self._check(input)
        v, table = input
        outs = reuse_arrays(self.output, [v.shape] * len(table), v.dtype)
        for out, t in zip(outs, table):
            np.add(t, v, out=out)
        self.output = outs
        return outs

    def update_grad_input(self, input, grad_output):
        self._check(input)
        v, table = input
        check_table(self, grad_output, len(table), "grad_output")
        old = self.grad_input if isinstance(self.grad_input, list) and len(self.grad_input) == 2 else [None, None]
        gv = reuse_arrays([old[0]], [v.shape], v.dtype)[0]
        gv.fill(0)
        for g in grad_output:
            gv += g
        gt = reuse_arrays(old[1], [v.shape] * len(table), v.dtype)
        for dst, g in zip(gt, grad_output):
            np.copyto(dst, g)
        self.grad_input = [gv, gt]
        return self.grad_input
