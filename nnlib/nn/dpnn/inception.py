"""`Inception`: dpnn's Inception module (Szegedy et al. 2014): parallel convolution towers, depth-concatenated."""
from ..activation.relu import ReLU
from ..container.decorator import Decorator
from ..container.depth_concat import DepthConcat
from ..container.sequential import Sequential
from ..convolution.spatial_convolution import SpatialConvolution
from ..normalization.spatial_batch_normalization import SpatialBatchNormalization
from ..pooling.spatial_max_pooling import SpatialMaxPooling

_KEYS = ("input_size", "output_size", "reduce_size", "reduce_stride", "transfer", "batch_norm", "padding",
         "kernel_size", "kernel_stride", "pool_size", "pool_stride", "pool")


class Inception(Decorator):
    """dpnn's Inception module: k x k convolution towers, a pooling tower, joined by DepthConcat(1).

    Per kernel size a 1x1 reduction then a k x k convolution; a pooling tower (optionally followed
    by a 1x1 reduction); optionally a lone 1x1 reduction tower.

    Args:
        config: dpnn's config table as a dict with snake_case keys:
            input_size (channels in), output_size (list: channels out of each
            k x k tower), reduce_size (list: channels of each tower's 1x1
            reduction, then of the pooling tower's, then of the lone 1x1 tower;
            the last two optional), reduce_stride (list, default 1s),
            transfer (default ReLU(), cloned per use), batch_norm (default
            False), padding (default True: k // 2), kernel_size (default [5, 3]),
            kernel_stride (default [1, 1]), pool_size (default 3), pool_stride
            (default 1), pool (default SpatialMaxPooling(pool_size, pool_size,
            pool_stride, pool_stride)).

    Shape:
        (N, input_size, H, W) -> (N, sum of the towers' channels, H', W'); the
        towers' maps are centred by DepthConcat when their sizes differ.
    """

    def __init__(self, config: dict):
        unknown = set(config) - set(_KEYS)
        if unknown:
            raise ValueError(f"Inception: unknown config keys {sorted(unknown)}; the keys are {_KEYS}")
        for key in ("input_size", "output_size", "reduce_size"):
            if key not in config:
                raise ValueError(f"Inception: config needs {key!r}")
        c = dict(config)
        self.input_size, self.output_size = int(c["input_size"]), list(c["output_size"])
        self.reduce_size, self.reduce_stride = list(c["reduce_size"]), list(c.get("reduce_stride") or [])
        self.kernel_size = list(c.get("kernel_size") or [5, 3])
        self.kernel_stride = list(c.get("kernel_stride") or [1, 1])
        self.batch_norm, self.padding = bool(c.get("batch_norm", False)), bool(c.get("padding", True))
        pool_size, pool_stride = int(c.get("pool_size", 3)), int(c.get("pool_stride", 1))
        transfer = c.get("transfer") or ReLU()
        pool = c.get("pool") or SpatialMaxPooling(pool_size, pool_size, pool_stride, pool_stride)
        if len(self.output_size) != len(self.kernel_size) or len(self.reduce_size) < len(self.kernel_size):
            raise ValueError("Inception: output_size needs one entry per kernel size and reduce_size at least one")

        def stride(i):
            return self.reduce_stride[i] if i < len(self.reduce_stride) and self.reduce_stride[i] else 1

        def reduce(i, tower):
            tower.add(SpatialConvolution(self.input_size, self.reduce_size[i], 1, 1, stride(i), stride(i)))
            if self.batch_norm:
                tower.add(SpatialBatchNormalization(self.reduce_size[i]))
            return tower.add(transfer.clone())

        concat = DepthConcat(1)
        for i, k in enumerate(self.kernel_size):
            tower = reduce(i, Sequential())
            pad = k // 2 if self.padding else 0
            tower.add(SpatialConvolution(self.reduce_size[i], self.output_size[i], k, k, self.kernel_stride[i],
                                         self.kernel_stride[i], pad, pad))
            if self.batch_norm:
                tower.add(SpatialBatchNormalization(self.output_size[i]))
            concat.add(tower.add(transfer.clone()))
        i = len(self.kernel_size)
        pool_tower = Sequential().add(pool)
        if i < len(self.reduce_size) and self.reduce_size[i]:
            reduce(i, pool_tower)
        concat.add(pool_tower)
        if i + 1 < len(self.reduce_size) and self.reduce_size[i + 1]:
            concat.add(reduce(i + 1, Sequential()))
        super().__init__(concat)
