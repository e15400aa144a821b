"""`SpatialAutoCropMSECriterion`: MSE against the centre crop of a larger target image."""
from .._checks import check_float_input, describe
from .mse_criterion import MSECriterion


class SpatialAutoCropMSECriterion(MSECriterion):
    """loss = MSE(input, centre crop of target to the input's height and width).

    For models whose output image is smaller than their target (valid
    convolutions): the target's rows [(H - h) // 2, (H - h) // 2 + h) and the
    matching columns are compared with the input. `backward` crops the target
    the same way (Torch7's backward compared the uncropped target and failed
    unless the sizes already agreed).

    Args:
        size_average: average over the input's elements (default) instead of summing.

    Shape:
        input: (N, C, h, w) or (C, h, w), float. target: (N, C, H, W) or
        (C, H, W) with H >= h and W >= w.
    """

    def __init__(self, size_average: bool = True):
        super().__init__(size_average)

    def _pair(self, input, target):
        check_float_input(self, input, (3, 4))
        shape = getattr(target, "shape", None)
        if shape is None or len(shape) != input.ndim or shape[:-2] != input.shape[:-2] \
                or shape[-2] < input.shape[-2] or shape[-1] < input.shape[-1]:
            got = shape if shape is not None else type(target).__name__
            raise ValueError(f"{describe(self)}: target shape {got} does not fit input shape {input.shape}; expected "
                             f"{input.shape[:-2] + ('H', 'W')} with H >= {input.shape[-2]} and W >= {input.shape[-1]}")
        h, w = input.shape[-2:]
        top, left = (shape[-2] - h) // 2, (shape[-1] - w) // 2
        return super()._pair(input, target[..., top:top + h, left:left + w])
