"""`Collapse`: dpnn's nn.Collapse, all non-batch axes merged into one."""
from .._checks import check_array
from ._reshaping import Reshaping


class Collapse(Reshaping):
    """(N, d1, d2, ...) -> (N, d1*d2*...) when the input has more than `n_input_dim` axes, else flattened.

    Args:
        n_input_dim: the number of axes of one sample, e.g. 3 for (C, H, W) images.

    Shape:
        Input: (N, d1, d2, ...), output (N, d1*d2*...); one sample (d1, d2, ...) gives (d1*d2*...,).
    """

    def __init__(self, n_input_dim: int):
        super().__init__()
        self.n_input_dim = int(n_input_dim)

    def update_output(self, input):
        check_array(self, input)
        shape = (input.shape[0], -1) if input.ndim > self.n_input_dim else (-1,)
        self.output = input.reshape(shape)
        return self.output

    def extra_repr(self):
        return str(self.n_input_dim)
