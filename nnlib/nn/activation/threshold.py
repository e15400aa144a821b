"""`Threshold`: y = x where x > th, else v."""
from ...kernels import transfer as K
from ._elementwise import Elementwise


class Threshold(Elementwise):
    """Replace every element not above a threshold by a value (Torch7's nn.Threshold).

    Args:
        th: the threshold; elements `x <= th` are replaced.
        v: the replacement value.
        ip: in place: write the output into the input array and the gradient into
            grad_output; requires `v <= th`, as in Torch7, so that the backward pass can
            still tell the replaced elements from the modified input.

    Shape:
        any shape; output as input.
    """

    backward_uses_output = False

    def __init__(self, th: float = 1e-6, v: float = 0, ip: bool = False):
        super().__init__()
        self.threshold, self.val, self.inplace = float(th), float(v), bool(ip)
        if self.inplace and self.val > self.threshold:
            raise ValueError(f"Threshold: in-place mode requires the value ({self.val:g}) not to exceed "
                             f"the threshold ({self.threshold:g})")

    def _forward_kernel(self, x, out):
        t = self.dtype.type  # compared in the array's precision, as Torch7's `real`
        K.threshold_update_output(x, t(self.threshold), t(self.val), out)

    def _backward_kernel(self, x, gy, gx):
        K.threshold_update_grad_input(x, self.dtype.type(self.threshold), gy, gx)

    def extra_repr(self):
        return f"{self.threshold:g}, {self.val:g}" + (", inplace=True" if self.inplace else "")
