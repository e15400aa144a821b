"""`SpatialBatchNormalization`: batch normalisation per channel of NCHW images."""
from .batch_normalization import BatchNormalization


class SpatialBatchNormalization(BatchNormalization):
    """BatchNormalization of (N, C, H, W) images (Torch7's nn.SpatialBatchNormalization).

    One mean and variance per channel, over the batch and all pixels.

    Args:
        n_output: number of channels C.
        eps: added to the variance for stability.
        momentum: weight of the batch statistics in the running averages.
        affine: learn `weight` and `bias` (else none).

    Shape:
        Input: (N, C, H, W), output as input.
    """

    input_ndims = (4,)
