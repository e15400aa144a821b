"""`SpatialUpSamplingBilinear`: enlarge NCHW images by bilinear interpolation (corners aligned)."""
from ._linear import LinearUpSampling, check_scale


class SpatialUpSamplingBilinear(LinearUpSampling):
    """Torch7's `SpatialUpSamplingBilinear(scale_factor)` or `({owidth=, oheight=})`.

    The corner pixels of input and output coincide (PyTorch's `align_corners=True`):
    output pixel o samples the input at o * (in - 1) / (out - 1).

    Args:
        scale_factor: integer >= 1 (output H * scale x W * scale), or a dict
            {"owidth": w, "oheight": h} as Torch7's table.
        owidth: the output width (instead of `scale_factor`).
        oheight: the output height (instead of `scale_factor`).

    Shape:
        (N, C, H, W) or (C, H, W) -> (N, C, oheight, owidth).
    """

    def __init__(self, scale_factor: int | dict | None = None, owidth: int | None = None, oheight: int | None = None):
        super().__init__()
        if isinstance(scale_factor, dict):
            owidth, oheight, scale_factor = scale_factor.get("owidth"), scale_factor.get("oheight"), None
        if scale_factor is None:
            if owidth is None or oheight is None or min(owidth, oheight) < 1:
                raise ValueError(f"{type(self).__name__}: give an integer scale_factor, or owidth and oheight "
                                 f"(>= 1), got owidth={owidth}, oheight={oheight}")
            self.scale_factor, self.owidth, self.oheight = None, int(owidth), int(oheight)
        else:
            self.scale_factor, self.owidth, self.oheight = check_scale(self, scale_factor), None, None

    def _out_sizes(self, sizes):
        if self.scale_factor is None:
            return (self.oheight, self.owidth)
        return tuple(s * self.scale_factor for s in sizes)

    def update_output(self, input):
        return self._linear_forward(input)

    def update_grad_input(self, input, grad_output):
        return self._linear_backward(input, grad_output)

    def extra_repr(self):
        if self.scale_factor is None:
            return f"owidth={self.owidth}, oheight={self.oheight}"
        return f"scale_factor={self.scale_factor}"
