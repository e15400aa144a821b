"""`DepthConcat`: Concat whose children's outputs may differ in size off the joined axis (zero-padded, centred)."""
import numpy as np

from .._checks import check_same_shape, describe
from ..table._tables import normalize_dim
from .concat import Concat


class DepthConcat(Concat):
    """output = the children's outputs joined along `dim`, each centred in the largest size of every other axis.

    GoogLeNet's inception "DepthConcat": convolutions of different kernel
    sizes give maps of different heights and widths; the smaller ones are
    placed in the centre (extra row/column of padding after, as Torch7:
    start = floor((largest - size) / 2)) and the rest is zero.

    Args:
        dim: the axis to join along (0-based, negative from the end; 1 for NCHW channels).
        *modules: the children (more with `add`).

    Shape:
        input: whatever every child takes.
        output: the children's outputs joined along `dim`, other axes the largest of the children's.
    """

    transient_attributes = ("_windows",)

    def update_output(self, input):
        outs = [m.update_output(input) for m in self.modules]
        if not outs:
            raise ValueError(f"{describe(self)}: has no children; add modules before forward")
        ndim = outs[0].ndim
        if any(o.ndim != ndim for o in outs):
            raise ValueError(f"{describe(self)}: child outputs {[o.shape for o in outs]} differ in their number of axes")
        dim = normalize_dim(self, self.dim, ndim)
        shape = [max(o.shape[a] for o in outs) for a in range(ndim)]
        shape[dim] = sum(o.shape[dim] for o in outs)
        out = self._buffer("_out", shape, outs[0].dtype)
        out.fill(0)
        self._windows = self._place(outs, shape, dim)
        for o, window in zip(outs, self._windows):
            out[window] = o
        self.output = out
        return out

    @staticmethod
    def _place(outs, shape, dim):
        """The index of each child's output inside the joined output."""
        windows, offset = [], 0
        for o in outs:
            index = []
            for a in range(len(shape)):
                if a == dim:
                    index.append(slice(offset, offset + o.shape[a]))
                else:
                    start = (shape[a] - o.shape[a]) // 2
                    index.append(slice(start, start + o.shape[a]))
            windows.append(tuple(index))
            offset += o.shape[dim]
        return windows

    def _grad_slices(self, grad_output):
        check_same_shape(self, self.output, grad_output)
        for window in self._windows:
            yield np.ascontiguousarray(grad_output[window])
