"""`VolumetricBatchNormalization`: batch normalisation per channel of (N, C, T, H, W) volumes."""
from .batch_normalization import BatchNormalization


class VolumetricBatchNormalization(BatchNormalization):
    """BatchNormalization of (N, C, T, H, W) volumes (Torch7's nn.VolumetricBatchNormalization).

    One mean and variance per channel, over the batch and all voxels.

    Args:
        n_output: number of channels C.
        eps: added to the variance for stability.
        momentum: weight of the batch statistics in the running averages.
        affine: learn `weight` and `bias` (else none).

    Shape:
        (N, C, T, H, W), unchanged.
    """

    input_ndims = (5,)
