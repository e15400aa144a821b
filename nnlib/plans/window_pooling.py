"""The plan of a pooling over `kernels.window_pooling`'s windows (dilated, adaptive, fractional, volumetric,
temporal, LP pooling and max unpooling) for one geometry."""
import numpy as np

from ..kernels import window_pooling as K
from ._threads import threads_pay, twin


class WindowPoolingPlan:
    """Pooling of P planes of one input and one output plane size: serial or threaded.

    The kernels run on numba's threads from the elementwise threshold on (`_threads.threads_pay` of the
    larger of the input and the output), else serially; each plane is one loop iteration either way, so
    both give the same bits. Window arguments are those of `kernels.window_pooling`.

    Args:
        planes: P.
        in_size, out_size: the elements of one input and one output plane.
        dtype: float32 or float64.
    """

    def __init__(self, planes, in_size, out_size, dtype):
        self.key = (planes, in_size, out_size, np.dtype(dtype))
        self.parallel = threads_pay(planes * max(in_size, out_size))

    def max_forward(self, x, windows, dilations, out, indices):
        """out = window maxima of x (P, T, H, W), indices their flat positions; `windows` the first and count
        arrays of the three axes."""
        twin(K.window_max_pooling_update_output, self.parallel)(x, *windows, *dilations, out, indices)

    def max_grad_input(self, grad_output, indices, grad_input):
        """grad_input (P, S) = each grad_output (P, Q) element added at its indices (P, Q); also max unpooling."""
        twin(K.window_max_pooling_update_grad_input, self.parallel)(grad_output, indices, grad_input)

    def average_forward(self, x, windows, out):
        """out = window sums of x (P, T, H, W) over their divisors; `windows` the first, count and div arrays."""
        twin(K.window_average_pooling_update_output, self.parallel)(x, *windows, out)

    def average_grad_input(self, grad_output, windows, grad_input):
        """Each output gradient spread over its window, divided as in `average_forward`."""
        twin(K.window_average_pooling_update_grad_input, self.parallel)(grad_output, *windows, grad_input)
