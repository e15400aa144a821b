"""`SpatialClassifier`: nnx's wrapper that applies a row classifier at every position of a feature map."""
import numpy as np

from .._checks import check_array, check_same_shape, describe
from ..module import Module
from .decorator import Decorator
from .sequential import Sequential


class SpatialClassifier(Decorator):
    """nnx's `SpatialClassifier(classifier)`: a classifier of K-vectors run on every pixel of a (K, H, W) map.

    The classifier of (rows, K) feature vectors takes all H*W pixels as one batch of rows.

    With `spatial_output` (True, nnx's default) the (H*W, M) result is laid out again as a
    (M, H, W) map; else it stays (H*W, M). nnx's detectors end with it, so the network that
    classified a 32 x 32 window runs over a whole image. `add(module)` appends to the
    classifier (a Sequential by default), as nnx.

    Args:
        classifier: the module mapping (rows, K) to (rows, M) (default: an empty Sequential).

    Shape:
        (K, H, W) -> (M, H, W), or (H*W, M) without `spatial_output`; an (N, K, H, W) batch
        (an nnlib addition) -> (N, M, H, W), or (N*H*W, M), rows in (n, h, w) order.
    """

    def __init__(self, classifier: Module | None = None):
        super().__init__(Sequential() if classifier is None else classifier)
        self.spatial_output = True

    @property
    def classifier(self):
        """The wrapped row classifier."""
        return self.modules[0]

    def add(self, module):
        if not self.modules:
            return super().add(module)
        self.modules[0].add(module)
        return self

    def _rows(self, input):
        """The input as (pixels, K) rows, and the (N, H, W) of its pixels."""
        check_array(self, input)
        if input.ndim not in (3, 4):
            raise ValueError(f"{describe(self)}: expected a (K, H, W) feature map or an (N, K, H, W) batch, "
                             f"got shape {input.shape}")
        x = input.reshape((1,) + input.shape) if input.ndim == 3 else input
        n, k, h, w = x.shape
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1)).reshape(n * h * w, k), (n, h, w)

    def _grad_rows(self, grad_output, pixels):
        check_same_shape(self, self.output, grad_output)
        if not self.spatial_output:
            return grad_output
        n, h, w = pixels
        g = grad_output.reshape((n, -1, h, w))
        return np.ascontiguousarray(g.transpose(0, 2, 3, 1)).reshape(n * h * w, -1)

    def _map(self, rows, pixels, batched):
        n, h, w = pixels
        out = np.ascontiguousarray(rows.reshape(n, h, w, -1).transpose(0, 3, 1, 2))
        return out if batched else out[0]

    def update_output(self, input):
        rows, pixels = self._rows(input)
        out = self.modules[0].update_output(rows)
        if not isinstance(out, np.ndarray) or out.ndim != 2 or out.shape[0] != rows.shape[0]:
            got = out.shape if isinstance(out, np.ndarray) else type(out).__name__
            raise ValueError(f"{describe(self)}: the classifier should map the ({rows.shape[0]}, {rows.shape[1]}) "
                             f"rows of the input's pixels to ({rows.shape[0]}, M) rows, got {got}")
        self.output = self._map(out, pixels, input.ndim == 4) if self.spatial_output else out
        return self.output

    def update_grad_input(self, input, grad_output):
        rows, pixels = self._rows(input)
        g = self.modules[0].update_grad_input(rows, self._grad_rows(grad_output, pixels))
        self.grad_input = self._map(g, pixels, input.ndim == 4)
        return self.grad_input

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        rows, pixels = self._rows(input)
        self.modules[0].acc_grad_parameters(rows, self._grad_rows(grad_output, pixels), scale)

    def backward(self, input, grad_output, scale=1.0):
        self._require_forward(grad_output)
        rows, pixels = self._rows(input)
        g = self.modules[0].backward(rows, self._grad_rows(grad_output, pixels), scale)
        self.grad_input = self._map(g, pixels, input.ndim == 4)
        return self.grad_input

    def extra_repr(self):
        return "" if self.spatial_output else "spatial_output=False"

    def __repr__(self):
        extra = self.extra_repr()
        return f"nn.SpatialClassifier{f'({extra})' if extra else ''} @ {self.modules[0]!r}"
