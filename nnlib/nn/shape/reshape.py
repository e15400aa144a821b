"""`Reshape`: Torch7's nn.Reshape, with its batch rule."""
import math

from .._checks import check_array
from ._reshaping import Reshaping


class Reshape(Reshaping):
    """Reshape each sample to `sizes`, keeping a leading batch axis when there is one.

    Torch's rule: with `batch_mode=None`, an input with exactly prod(sizes)
    elements and a first axis longer than 1 is reshaped to `sizes`;
    otherwise (more elements, or a first axis of 1) the first axis is kept
    as the batch: (N, *sizes). `batch_mode=True` always keeps the first axis,
    `batch_mode=False` never does. Outputs are views when the input is contiguous.

    Args:
        *sizes: the shape of one sample.
        batch_mode: keep the first axis as the batch (True), never (False), or by Torch's rule (None).

    Shape:
        Input: prod(sizes) elements, or (N, ...) with N * prod(sizes); output `sizes` or (N, *sizes).
    """

    def __init__(self, *sizes: int, batch_mode: bool | None = None):
        super().__init__()
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        if not sizes or any(int(s) < 1 for s in sizes):
            raise ValueError(f"Reshape: sizes must be positive integers, got {sizes}")
        self.sizes = tuple(int(s) for s in sizes)
        self.n_element = math.prod(self.sizes)
        self.batch_mode = batch_mode

    def update_output(self, input):
        check_array(self, input)
        plain = self.batch_mode is False or (
            self.batch_mode is None and input.size == self.n_element and input.ndim > 0 and input.shape[0] != 1)
        shape = self.sizes if plain else (input.shape[0] if input.ndim else 0,) + self.sizes
        if math.prod(shape) != input.size:
            raise ValueError(f"{self!r}: cannot reshape input of shape {input.shape} ({input.size} elements) to "
                             f"{'' if plain else '(batch, *sizes) = '}{shape}; each sample needs {self.n_element} elements")
        self.output = input.reshape(shape)
        return self.output

    def extra_repr(self):
        mode = "" if self.batch_mode is None else f", batch_mode={self.batch_mode}"
        return "x".join(map(str, self.sizes)) + mode
