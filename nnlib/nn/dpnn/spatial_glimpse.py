"""`SpatialGlimpse`: dpnn's SpatialGlimpse: a retina-like stack of crops around a location (Mnih et al. 2014)."""
import numpy as np

from .._checks import check_float_input
from ..module import Module


class SpatialGlimpse(Module):
    """depth crops centred on `location`, each `scale` x larger than the last, average-pooled to size.

    Args:
        size: the glimpse's (height, width), or an int for a square one.
        depth: number of crops (patches) per glimpse.
        scale: size ratio between successive crops; an integer (dpnn pools
            with SpatialAveragePooling when it is 2; other integers pool the
            same way; dpnn's resampling of non-integer scales is not supported).

    The input is [images (N, C, H, W), location (N, 2)] with location (y, x)
    in [-1, 1] ((-1, -1) the top left corner); images are zero-padded so every
    crop fits. Crop d (0-based) is (height * scale^d, width * scale^d), pooled
    back to (height, width). No gradient flows to the location (dpnn's: it is
    trained by REINFORCE).

    Shape:
        [(N, C, H, W), (N, 2)] -> (N, depth * C, height, width), crops in depth-major order.
    """

    def __init__(self, size: int | tuple[int, int], depth: int = 3, scale: int = 2):
        super().__init__()
        self.height, self.width = (int(size), int(size)) if np.isscalar(size) else (int(size[0]), int(size[1]))
        self.depth = int(depth)
        if float(scale) != int(scale) or int(scale) < 1:
            raise ValueError(f"SpatialGlimpse: scale must be a positive integer (crops average-pooled back to the "
                             f"glimpse size), got {scale}")
        self.scale = int(scale)

    def _unpack(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 2:
            raise ValueError(f"{self!r}: expected the table [images (N, C, H, W), location (N, 2)]")
        images, location = input
        check_float_input(self, images, (4,))
        location = np.asarray(location)
        if location.shape != (images.shape[0], 2):
            raise ValueError(f"{self!r}: location must be (N, 2) = ({images.shape[0]}, 2), got {location.shape}")
        return images, location

    def _crops(self, images, location):
        """For each depth: (gh, gw, pad_h, pad_w, rows (N, gh), cols (N, gw)) in padded coordinates."""
        n, _, h, w = images.shape
        yx = (location.astype(np.float64) + 1) / 2
        out = []
        for d in range(self.depth):
            gh, gw = self.height * self.scale ** d, self.width * self.scale ** d
            ph, pw = (gh - 1) // 2, (gw - 1) // 2
            span_h, span_w = h + 2 * ph - gh, w + 2 * pw - gw
            y = np.floor(np.clip(yx[:, 0] * span_h, 0, span_h)).astype(np.int64)
            x = np.floor(np.clip(yx[:, 1] * span_w, 0, span_w)).astype(np.int64)
            out.append((gh, gw, ph, pw, y[:, None] + np.arange(gh), x[:, None] + np.arange(gw)))
        return out

    def update_output(self, input):
        images, location = self._unpack(input)
        n, c = images.shape[:2]
        parts = []
        batch = np.arange(n)[:, None, None]
        for gh, gw, ph, pw, rows, cols in self._crops(images, location):
            pad = np.pad(images, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
            crop = pad.transpose(0, 2, 3, 1)[batch, rows[:, :, None], cols[:, None, :]].transpose(0, 3, 1, 2)
            kh, kw = gh // self.height, gw // self.width
            parts.append(crop.reshape(n, c, self.height, kh, self.width, kw).mean(axis=(3, 5)))
        self.output = np.ascontiguousarray(np.concatenate(parts, axis=1), dtype=self.dtype)
        return self.output

    def update_grad_input(self, input, grad_output):
        images, location = self._unpack(input)
        n, c, h, w = images.shape
        g = np.asarray(grad_output).reshape(n, self.depth, c, self.height, self.width)
        grad = np.zeros_like(images)
        batch = np.arange(n)[:, None, None]
        for d, (gh, gw, ph, pw, rows, cols) in enumerate(self._crops(images, location)):
            kh, kw = gh // self.height, gw // self.width
            gcrop = np.repeat(np.repeat(g[:, d], kh, axis=2), kw, axis=3) / (kh * kw)  # (N, C, gh, gw)
            gpad = np.zeros((n, h + 2 * ph, w + 2 * pw, c), dtype=images.dtype)
            np.add.at(gpad, (batch, rows[:, :, None], cols[:, None, :]), gcrop.transpose(0, 2, 3, 1))
            grad += gpad[:, ph:ph + h, pw:pw + w].transpose(0, 3, 1, 2)
        self.grad_input = [grad, np.zeros(location.shape, dtype=self.dtype)]
        return self.grad_input

    def extra_repr(self):
        return f"{self.height}x{self.width}, depth={self.depth}, scale={self.scale}"
