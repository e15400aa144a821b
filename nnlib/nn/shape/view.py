"""`View`: numpy reshape semantics (one size may be -1), optionally batch-aware."""
import math

from .._checks import check_array
from ._reshaping import Reshaping


class View(Reshaping):
    """output = input.reshape(sizes); e.g. View(-1, 784) flattens MNIST images.

    After `set_num_input_dims(n)`, an input with more than `n` axes is treated
    as a batch: its leading axes are merged into one batch axis and the output
    is (batch, *sizes), as Torch's View:setNumInputDims. Without it, as in
    Torch7, an input holding a multiple of prod(sizes) elements (no size -1)
    is a batch of that many: View(6) makes (N, 6) of a (N, 2, 3) input.

    Args:
        *sizes: the output shape (one entry may be -1).

    Shape:
        Input: prod(sizes) elements, or a batch of them; output `sizes` or (batch, *sizes).
    """

    def __init__(self, *sizes: int):
        super().__init__()
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        sizes = tuple(int(s) for s in sizes)
        if not sizes or sum(s == -1 for s in sizes) > 1 or any(s < 1 and s != -1 for s in sizes):
            raise ValueError(f"View: sizes must be positive, with at most one -1, got {sizes}")
        self.sizes = sizes
        self.num_input_dims = None

    def set_num_input_dims(self, n):
        """Treat inputs with more than `n` axes as batches; returns self."""
        self.num_input_dims = int(n)
        return self

    def update_output(self, input):
        check_array(self, input)
        shape = self.sizes
        if self.num_input_dims is not None and input.ndim > self.num_input_dims:
            shape = (math.prod(input.shape[:input.ndim - self.num_input_dims]),) + shape
        elif self.num_input_dims is None and -1 not in shape and input.size != math.prod(shape) and \
                input.size % math.prod(shape) == 0:
            shape = (input.size // math.prod(shape),) + shape  # Torch7: the remaining elements are the batch
        try:
            self.output = input.reshape(shape)
        except ValueError:
            raise ValueError(f"{self!r}: cannot view input of shape {input.shape} ({input.size} elements) "
                             f"as {shape}") from None
        return self.output

    def extra_repr(self):
        return ", ".join(map(str, self.sizes))
