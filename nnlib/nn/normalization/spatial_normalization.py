"""`SpatialNormalization`: nnx's contrast normaliser (local mean removed, divided by the local std)."""
import numpy as np

from ...kernels import spatial_local_sum as K
from .._checks import check_float_input, check_same_shape, describe
from ..module import Module


class SpatialNormalization(Module):
    """nnx's `SpatialNormalization(n_input_plane, kernel, threshold)` (the older e-Lab detectors use it).

    With S(x) the kernel-weighted local sums of x over all planes (zero padded, "same"
    size; kernel rows/columns of an even size are padded one more before than after, as
    nnx did) and coef = S(ones), the edge coefficients:

        mean = S(x) / coef,   z = x - mean,   s = sqrt(S(z^2)) / coef,
        y = z / d,            d = s where s > t, else t,

    t being `threshold`, or (None, nnx's default) the mean of s over the image, at least
    1e-3, recomputed at each forward pass (per image of a batch). Note the std is
    sqrt(S(z^2)) / coef, not sqrt(S(z^2) / coef): nnx's formula, kept. As in nnx, the
    backward pass treats the adaptive threshold as a constant. With a pair of kernels
    (k1, k2), S applies k1 (summed over planes) then k2 to the C copies of that map (so
    k2's sums carry a factor C, as nnx's convolution pair computed them).
    nnx deprecated it in favour of `SpatialContrastiveNormalization`, which differs
    (its std is sqrt(S(z^2) / coef) and its threshold fixed).

    Args:
        n_input_plane: number of planes C.
        kernel: a 2-D averaging kernel, or a pair (1 x K, K x 1) of 2-D kernels applied in
            turn; each is divided by its sum, as nnx did (kept in float64, cast at each use).
        threshold: the smallest std used as is, and its replacement; None: adaptive (above).

    Shape:
        (C, H, W) or (N, C, H, W), unchanged; an (H, W) image (C = 1) gives (1, H, W), as nnx.
    """

    transient_attributes = ("_coef",)

    def __init__(self, n_input_plane: int, kernel: np.ndarray | tuple[np.ndarray, np.ndarray],
                 threshold: float | None = None):
        super().__init__()
        self.n_input_plane = int(n_input_plane)
        if self.n_input_plane < 1:
            raise ValueError(f"nn.SpatialNormalization: n_input_plane must be >= 1, got {n_input_plane}")
        pair = (isinstance(kernel, (list, tuple)) and len(kernel) == 2 and all(np.ndim(k) == 2 for k in kernel))
        kernels = [np.array(k, np.float64) for k in (kernel if pair else [kernel])]
        for k in kernels:
            if k.ndim != 2 or k.size == 0:
                raise ValueError(f"nn.SpatialNormalization: a kernel must be a non-empty 2-D array (K x K, or a pair "
                                 f"of 1 x K and K x 1 kernels), got shape {k.shape}")
            if k.sum() == 0:
                raise ValueError("nn.SpatialNormalization: a kernel sums to 0; it is divided by its sum")
        self.kernel = kernels[0] / kernels[0].sum()
        self.kernel2 = kernels[1] / kernels[1].sum() if pair else None
        self.threshold = None if threshold is None else float(threshold)
        self._coef = None

    def _kernels(self):
        return [np.ascontiguousarray(k, self.dtype) for k in (self.kernel, self.kernel2) if k is not None]

    def _sums(self, x):
        """S(x): (N, H, W) local sums of x (N, C, H, W) over all planes."""
        kernels = self._kernels()
        out = np.empty((x.shape[0],) + x.shape[2:], self.dtype)
        K.spatial_local_sum_update_output(x, kernels[0], out)
        if len(kernels) == 2:
            first = out[:, None].copy()
            K.spatial_local_sum_update_output(first, kernels[1], out)
            out *= x.shape[1]
        return out

    def _sums_adjoint(self, g):
        """The adjoint of S: (N, H, W) -> (N, C, H, W)."""
        kernels = self._kernels()
        n_planes = self.n_input_plane
        if len(kernels) == 2:
            inner = np.empty((g.shape[0], 1) + g.shape[1:], self.dtype)
            K.spatial_local_sum_update_grad_input(np.ascontiguousarray(g, self.dtype), kernels[1], inner)
            g = inner[:, 0] * n_planes
        out = np.empty((g.shape[0], n_planes) + g.shape[1:], self.dtype)
        K.spatial_local_sum_update_grad_input(np.ascontiguousarray(g, self.dtype), kernels[0], out)
        return out

    def _check(self, input):
        if isinstance(input, np.ndarray) and input.ndim not in (2, 3, 4):
            raise ValueError(f"{describe(self)}: expected a (C, H, W) image or an (N, C, H, W) batch with "
                             f"C = {self.n_input_plane}, got shape {input.shape}")
        check_float_input(self, input, (2, 3, 4))
        x = input.reshape((1,) * (4 - input.ndim) + input.shape)
        if x.shape[1] != self.n_input_plane:
            hint = " (an (H, W) image is one plane)" if input.ndim == 2 else ""
            raise ValueError(f"{describe(self)}: input shape {input.shape} has {x.shape[1]} planes, expected "
                             f"{self.n_input_plane}: a (C, H, W) image or an (N, C, H, W) batch with "
                             f"C = {self.n_input_plane}{hint}")
        return np.ascontiguousarray(x)

    def update_output(self, input):
        x = self._x = self._check(input)
        if self._coef is None or self._coef.shape != x.shape[2:] or self._coef.dtype != self.dtype:
            self._coef = self._sums(np.ones((1,) + x.shape[1:], self.dtype))[0]
        coef = self._coef
        z = self._z = x - (self._sums(x) / coef)[:, None]
        root = self._root = np.sqrt(self._sums(z * z))
        std = self._std = root / coef
        if self.threshold is None:
            mean_std = std.reshape(len(std), -1).mean(axis=1, dtype=np.float64)
            t = np.maximum(mean_std, 1e-3).astype(self.dtype)[:, None, None]
        else:
            t = self.dtype.type(self.threshold)
        self._thresholds = np.broadcast_to(t, (len(std), 1, 1))
        self._divisor = np.where(std > t, std, t)
        out = z / self._divisor[:, None]
        self.output = out if input.ndim == 4 else out[0]
        return self.output

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        g = np.asarray(grad_output).reshape(self._x.shape)
        z, d, coef = self._z, self._divisor, self._coef
        g_z = g / d[:, None]
        g_divisor = -(g * z).sum(axis=1) / (d * d)
        g_root = np.where(self._std > self._thresholds, g_divisor, 0) / coef
        with np.errstate(divide="ignore", invalid="ignore"):
            g_sums = np.where(self._root == 0, 0, 0.5 * g_root / self._root)
        g_z += 2 * z * self._sums_adjoint(g_sums)
        g_x = g_z + self._sums_adjoint(-g_z.sum(axis=1) / coef)
        self.grad_input = g_x.reshape(input.shape)
        return self.grad_input

    def extra_repr(self):
        kernels = " then ".join("x".join(map(str, k.shape)) for k in (self.kernel, self.kernel2) if k is not None)
        threshold = "adaptive" if self.threshold is None else f"{self.threshold:g}"
        return f"{self.n_input_plane}, kernel {kernels}, threshold {threshold}"
