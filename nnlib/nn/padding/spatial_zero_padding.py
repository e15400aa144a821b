"""`SpatialZeroPadding`: pad (or, with negative sizes, crop) the borders of NCHW images."""
from .._checks import check_same_shape, check_spatial_input, describe
from ..module import Module


def overlap(before, after, size):
    """(output slice, input slice) of one axis of `size` padded by `before`/`after` (negative: cropped)."""
    start = max(0, -before)
    length = max(0, size - max(0, -after) - start)
    return slice(max(0, before), max(0, before) + length), slice(start, start + length)


class SpatialZeroPadding(Module):
    """Torch7's `SpatialZeroPadding(pad_l, pad_r, pad_t, pad_b)`; a negative size crops that border.

    Args:
        pad_l: columns added on the left.
        pad_r: columns added on the right (default `pad_l`).
        pad_t: rows added on top (default `pad_l`).
        pad_b: rows added at the bottom (default `pad_l`).

    Shape:
        Input: (N, C, H, W) or (C, H, W), output (N, C, H + pad_t + pad_b, W + pad_l + pad_r).
    """

    def __init__(self, pad_l: int, pad_r: int | None = None, pad_t: int | None = None, pad_b: int | None = None):
        super().__init__()
        self.pad_l = int(pad_l)
        self.pad_r = self.pad_l if pad_r is None else int(pad_r)
        self.pad_t = self.pad_l if pad_t is None else int(pad_t)
        self.pad_b = self.pad_l if pad_b is None else int(pad_b)

    def _slices(self, h, w):
        """(output window, input window) slices of the H and W axes that overlap."""
        (dh, sh), (dw, sw) = overlap(self.pad_t, self.pad_b, h), overlap(self.pad_l, self.pad_r, w)
        return (Ellipsis, dh, dw), (Ellipsis, sh, sw)

    def update_output(self, input):
        x = check_spatial_input(self, input)
        h, w = x.shape[2], x.shape[3]
        oh, ow = h + self.pad_t + self.pad_b, w + self.pad_l + self.pad_r
        if oh < 1 or ow < 1:
            raise ValueError(f"{describe(self)}: input shape {input.shape} is cropped to nothing ({oh}x{ow}, HxW); "
                             f"expected H > {-(self.pad_t + self.pad_b)} and W > {-(self.pad_l + self.pad_r)}")
        out = self._buffer("_out", x.shape[:2] + (oh, ow))
        dst, src = self._slices(h, w)
        if max(self.pad_l, self.pad_r, self.pad_t, self.pad_b) > 0:
            out.fill(0)
        out[dst] = x[src]
        self.output = out[0] if input.ndim == 3 else out
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        x = input.reshape((1,) + input.shape) if input.ndim == 3 else input
        gy = grad_output.reshape(self._out.shape)
        gx = self._buffer("_gx", x.shape)
        dst, src = self._slices(x.shape[2], x.shape[3])
        if min(self.pad_l, self.pad_r, self.pad_t, self.pad_b) < 0:
            gx.fill(0)
        gx[src] = gy[dst]
        self.grad_input = gx[0] if input.ndim == 3 else gx
        return self.grad_input

    def extra_repr(self):
        return f"l={self.pad_l}, r={self.pad_r}, t={self.pad_t}, b={self.pad_b}"
