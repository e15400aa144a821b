"""`SpatialMaxUnpooling`: the inverse of a SpatialMaxPooling, by its saved argmax positions."""
import numpy as np

from ...plans import WindowPoolingPlan
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module
from .spatial_max_pooling import SpatialMaxPooling


class SpatialMaxUnpooling(Module):
    """Torch7's `SpatialMaxUnpooling`: the inverse of a paired SpatialMaxPooling.

    Puts each input value back where the paired SpatialMaxPooling found its maximum, zeros elsewhere.

    The pooling module (windows equal to strides, so that maxima do not
    collide) must have run its forward pass on the input being reconstructed:
    its `indices` and input size are read at every call.

    Args:
        pooling_module: the `nn.SpatialMaxPooling` whose output this module unpools.

    Shape:
        the pooling module's output shape -> its input shape.
    """

    pooling_class = SpatialMaxPooling
    dims = 2
    axes = "WH"

    def __init__(self, pooling_module: SpatialMaxPooling):
        super().__init__()
        if type(pooling_module) is not self.pooling_class:
            raise ValueError(f"{type(self).__name__}: the argument must be an nn.{self.pooling_class.__name__}, "
                             f"got {type(pooling_module).__name__}")
        if any(getattr(pooling_module, "k" + a) != getattr(pooling_module, "d" + a) for a in self.axes):
            raise ValueError(f"{type(self).__name__}: the pooling module's kernel size must equal its stride, "
                             f"got {pooling_module!r}")
        self.pooling = pooling_module

    def _output_size(self):
        return (self.pooling.iheight, self.pooling.iwidth)

    def _check(self, input):
        check_float_input(self, input, (self.dims + 1, self.dims + 2))
        indices = getattr(self.pooling, "indices", None)
        if indices is None or indices.size != input.size:
            raise ValueError(f"{describe(self)}: input shape {input.shape} does not match the pooling module's last "
                             f"output ({None if indices is None else indices.shape}); run the pooling module first")
        planes = int(np.prod(input.shape[:-self.dims]))
        return planes, indices.reshape(planes, -1)

    def update_output(self, input):
        planes, indices = self._check(input)
        out_size = self._output_size()
        out = self._buffer("_out", (planes, int(np.prod(out_size))))
        plan = self._plan_for((planes, out.shape[1], indices.shape[1], self.dtype),
                              lambda: WindowPoolingPlan(planes, out.shape[1], indices.shape[1], self.dtype))
        plan.max_grad_input(np.ascontiguousarray(input).reshape(planes, -1), indices, out)
        self.output = out.reshape(input.shape[:-self.dims] + out_size)
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        planes, indices = self._check(input)
        gy = np.ascontiguousarray(grad_output).reshape(planes, -1)
        self.grad_input = np.take_along_axis(gy, indices, axis=1).reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        return f"associated to {self.pooling!r}"
