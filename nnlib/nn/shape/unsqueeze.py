"""`Unsqueeze`: insert a unit axis."""
from .._checks import check_array, describe
from ._reshaping import Reshaping


class Unsqueeze(Reshaping):
    """Insert an axis of size 1 at position `pos` (Torch7's nn.Unsqueeze); a view.

    Args:
        pos: where the new axis goes among the sample's axes (0-based, 0 to num_input_dims).
        num_input_dims: axes of one sample (default: all the input's axes); extra leading
            axes of the input are batch axes and shift `pos` right.

    Shape:
        any shape; output with one more axis.
    """

    def __init__(self, pos: int, num_input_dims: int | None = None):
        super().__init__()
        self.pos = int(pos)
        self.set_num_input_dims(num_input_dims)

    def set_num_input_dims(self, num_input_dims):
        """The number of sample axes (extra leading axes are batch axes); returns self."""
        self.num_input_dims = None if num_input_dims is None else int(num_input_dims)
        return self

    def update_output(self, input):
        check_array(self, input)
        n = input.ndim if self.num_input_dims is None else self.num_input_dims
        offset = input.ndim - n
        p = self.pos + offset
        if offset < 0 or not 0 <= p <= input.ndim:
            raise ValueError(f"{describe(self)}: invalid position {self.pos} for input shape {input.shape} with "
                             f"{n} sample axes (expected 0 to {n} and num_input_dims <= input.ndim)")
        self.output = input.reshape(input.shape[:p] + (1,) + input.shape[p:])
        return self.output

    def extra_repr(self):
        return f"dim {self.pos}"
