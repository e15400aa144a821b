"""`VolumetricBatchNormalization`: batch normalisation per channel of (N, C, T, H, W) volumes."""
from .batch_normalization import BatchNormalization


class VolumetricBatchNormalization(BatchNormalization):
    """BatchNormalization of (N, C, T, H, W) volumes: one mean and variance per channel, over the batch
    and all voxels (Torch7's nn.VolumetricBatchNormalization).

    Args:
        n_output: number of channels C; eps, momentum, affine: as BatchNormalization.

    Shape:
        (N, C, T, H, W), unchanged.
    """

    input_ndims = (5,)
