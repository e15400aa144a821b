"""`UpSampling`: nearest or (bi/tri)linear upsampling of 4-D images and 5-D volumes."""
import numpy as np

from ..padding._index_map import IndexMap
from ._linear import LinearUpSampling, check_scale


class UpSampling(LinearUpSampling, IndexMap):
    """torch/nn's `UpSampling(params, mode)` for (N, C, H, W) and (N, C, D, H, W) batches.

    "nearest" (the default; any other mode name but the linear ones falls back
    to it, as in torch/nn) repeats each pixel scale_factor times per axis;
    "linear" ("bilinear", "trilinear") interpolates with aligned corners as
    SpatialUpSamplingBilinear. The output size is the input size times the
    scale factor, or, for linear mode, given as {"odepth", "owidth", "oheight"}
    (odepth for 5-D inputs).

    Args:
        params: integer scale factor >= 1, or (linear mode) a dict of output sizes.
        mode: "nearest" or "linear"/"bilinear"/"trilinear".

    Shape:
        (N, C, H, W) -> (N, C, oH, oW); (N, C, D, H, W) -> (N, C, oD, oH, oW).
    """

    input_ndims = (4, 5)
    transient_attributes = ("_positions", "_maps_used")

    def __init__(self, params: int | dict, mode: str = "nearest"):
        super().__init__()
        self.mode = "linear" if mode in ("linear", "bilinear", "trilinear") else "nearest"
        self.odepth = self.owidth = self.oheight = self.scale_factor = None
        if isinstance(params, dict):
            if self.mode == "nearest":
                raise ValueError(f"{type(self).__name__}: nearest neighbour upsampling requires a scale_factor")
            self.odepth, self.owidth, self.oheight = params.get("odepth"), params.get("owidth"), params.get("oheight")
            if self.owidth is None or self.oheight is None:
                raise ValueError(f"{type(self).__name__}: output height and width (owidth, oheight) are required")
        else:
            self.scale_factor = check_scale(self, params)

    def _layout(self):
        return "(N, C, H, W) or (N, C, D, H, W)"

    def _out_sizes(self, sizes):
        if self.scale_factor is not None:
            return tuple(s * self.scale_factor for s in sizes)
        if len(sizes) == 3 and self.odepth is None:
            raise ValueError(f"{type(self).__name__}: no output depth (odepth) was given for a volumetric input")
        return ((self.odepth,) if len(sizes) == 3 else ()) + (self.oheight, self.owidth)

    def update_output(self, input):
        self.dims = input.ndim - 2 if isinstance(input, np.ndarray) and input.ndim in (4, 5) else 2
        if self.mode == "linear":
            return self._linear_forward(input)
        x, sizes = self._planes(input)
        return self._gather(input, x, [np.arange(n * self.scale_factor) // self.scale_factor for n in sizes])

    def update_grad_input(self, input, grad_output):
        if self.mode == "linear":
            return self._linear_backward(input, grad_output)
        return self._scatter(input, grad_output)

    def extra_repr(self):
        if self.scale_factor is None:
            sizes = ", ".join(f"{k}={getattr(self, k)}" for k in ("odepth", "owidth", "oheight")
                              if getattr(self, k) is not None)
            return f"{sizes}, {self.mode}"
        return f"scale_factor={self.scale_factor}, {self.mode}"
