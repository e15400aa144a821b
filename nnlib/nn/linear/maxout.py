"""`Maxout`: a Linear layer whose outputs are max-pooled in groups (Goodfellow et al. 2013)."""
from ..container.sequential import Sequential
from ..math.max import Max
from ..module import Module
from ..shape.view import View
from .linear import Linear


class Maxout(Sequential):
    """y_j = max_p (W x + b)[p * output_size + j], p < maxout_number.

    As Torch7's, a Sequential of Linear(input_size, output_size *
    maxout_number), View(maxout_number, output_size) (batch-aware),
    the optional `preprocess` module, and Max(0, 2) over the pieces
    (Torch7's Max(1, 2)); the parameters are the Linear's (`maxout.get(0).weight`).

    Args:
        input_size: features per sample.
        output_size: maxout units.
        maxout_number: pieces per unit.
        preprocess: a module applied to the (N, maxout_number, output_size) pieces
            before the max (e.g. Dropout), or None.

    Shape:
        input (input_size,) or (N, input_size); output (output_size,) or (N, output_size).
    """

    def __init__(self, input_size: int, output_size: int, maxout_number: int, preprocess: Module | None = None):
        super().__init__()
        self.input_size, self.output_size, self.maxout_number = int(input_size), int(output_size), int(maxout_number)
        self.add(Linear(self.input_size, self.output_size * self.maxout_number))
        self.add(View(self.maxout_number, self.output_size).set_num_input_dims(1))
        if preprocess is not None:
            self.add(preprocess)
        self.add(Max(0, 2))

    def __repr__(self):
        return super().__repr__().replace("nn.Sequential", f"nn.Maxout({self.input_size} -> {self.output_size} "
                                          f"x {self.maxout_number} pieces)", 1)

