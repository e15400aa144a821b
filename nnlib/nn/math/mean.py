"""`Mean`: mean over one axis."""
from .sum import Sum


class Mean(Sum):
    """Mean over one axis: Torch7's nn.Mean, `Sum(dimension, n_input_dims, size_average=True)`.

    Args:
        dimension: the axis (0-based; negative from the end).
        n_input_dims: axes of one sample (see Sum).

    Shape:
        any shape; output without the reduced axis (a 1-D input gives (1,)).
    """

    def __init__(self, dimension: int = 0, n_input_dims: int | None = None):
        super().__init__(dimension, n_input_dims, True)

    def extra_repr(self):
        return str(self.dimension) + (f", n_input_dims={self.n_input_dims}" if self.n_input_dims is not None else "")
