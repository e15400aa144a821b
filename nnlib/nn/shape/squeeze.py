"""`Squeeze`: drop unit axes."""
from .._checks import check_array, describe
from ._reshaping import Reshaping


class Squeeze(Reshaping):
    """Drop the axis `dim` if it has size 1, or every unit axis (Torch7's nn.Squeeze); a view.

    Args:
        dim: the axis to drop (0-based; negative from the end), or None for all unit axes.
        num_input_dims: axes of one sample; with one axis more the input is a batch, whose
            axis 0 is kept even when it is 1, and a non-negative `dim` refers to the sample's axes.

    Shape:
        any shape; output without the squeezed axes.
    """

    def __init__(self, dim: int | None = None, num_input_dims: int | None = None):
        super().__init__()
        self.dim = None if dim is None else int(dim)
        self.set_num_input_dims(num_input_dims)

    def set_num_input_dims(self, num_input_dims):
        """Treat inputs with `num_input_dims + 1` axes as batches; returns self."""
        self.num_input_dims = None if num_input_dims is None else int(num_input_dims)
        return self

    def update_output(self, input):
        check_array(self, input)
        batched = self.num_input_dims is not None and input.ndim == self.num_input_dims + 1
        if self.dim is not None:
            d = self.dim + 1 if batched and self.dim >= 0 else self.dim
            if not -input.ndim <= d < input.ndim:
                raise ValueError(f"{describe(self)}: dim {self.dim} is out of range for input shape {input.shape}")
            d %= input.ndim
            shape = input.shape[:d] + input.shape[d + 1:] if input.shape[d] == 1 else input.shape
        else:
            keep_batch = batched and input.shape[0] == 1
            shape = (1,) * keep_batch + tuple(s for s in input.shape[keep_batch:] if s != 1)
        self.output = input.reshape(shape)
        return self.output

    def extra_repr(self):
        return "" if self.dim is None else str(self.dim)
