"""`Max`: maximum over one axis."""
import numpy as np

from ._extremum import Extremum


class Max(Extremum):
    """Maximum over one axis (Torch7's nn.Max); the gradient goes to the (first) maximum.

    Args:
        dimension: the axis (0-based; negative from the end).
        n_input_dims: axes of one sample; an input with one more is a batch, and a
            non-negative `dimension` then refers to the sample's axes.

    Shape:
        any shape; output without the reduced axis (a 1-D input gives (1,), as Torch7).
    """

    _arg = staticmethod(np.argmax)
