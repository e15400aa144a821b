"""`Clamp`: y = min(max(x, min_value), max_value)."""
from ..activation.hard_tanh import HardTanh


class Clamp(HardTanh):
    """Clamp every element to [min_value, max_value] (Torch7's nn.Clamp, a HardTanh).

    The gradient is zero outside the interval and at its ends.

    Args:
        min_value: lower limit.
        max_value: upper limit (must exceed `min_value`).

    Shape:
        any shape; output as input.
    """

    def __init__(self, min_value: float, max_value: float):
        super().__init__(min_value, max_value)
