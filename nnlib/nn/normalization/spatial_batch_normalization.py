"""`SpatialBatchNormalization`: batch normalisation per channel of NCHW images."""
from .batch_normalization import BatchNormalization


class SpatialBatchNormalization(BatchNormalization):
    """BatchNormalization of (N, C, H, W) images: one mean and variance per channel,
    over the batch and all pixels (Torch7's nn.SpatialBatchNormalization).

    The kernels already work on an (N, C, H*W) view, so only the accepted
    input rank differs from BatchNormalization.
    """

    input_ndims = (4,)
