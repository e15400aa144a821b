"""The plan of a batch normalisation (`BatchNormalization` and its spatial and volumetric kin) for one input
geometry."""
import numpy as np

from ..kernels import batch_norm as K
from ..kernels._memory import empty_aligned


class BatchNormPlan:
    """Batch normalisation of one (N, C, M) shape and dtype: serial or threaded channel blocks, and the scratch.

    The channel blocks run on numba's threads from `batch_norm.PARALLEL_MIN_VALUES` values on
    (`batch_norm.parallel_pays`), else in one serial loop; the blocks are the same either way, so the
    results are the same bits. The arrays are the C-contiguous (N, C, M) views the kernels take.

    Args:
        shape: (N, C, M): samples, channels, positions per channel.
        dtype: float32 or float64.
    """

    def __init__(self, shape, dtype):
        self.key = (tuple(shape), np.dtype(dtype))
        self.parallel = K.parallel_pays(shape)
        self.scratch = empty_aligned((K.SCRATCH_ROWS, shape[1]), np.float64)  # per-channel sums, in float64

    def forward(self, x, y, weight, bias, running_mean, running_var, save_mean, save_invstd, train, momentum, eps):
        """y = normalised x; in training the batch statistics, which also move the running ones; save_mean and
        save_invstd (C,) receive the statistics used, for the backward passes."""
        K.batch_norm_update_output(x, y, weight, bias, running_mean, running_var, save_mean, save_invstd, train,
                                   momentum, eps, self.scratch, self.parallel)

    def grad_input(self, x, grad_output, grad_input, weight, save_mean, save_invstd, train):
        """grad_input from grad_output, with the forward pass's statistics."""
        K.batch_norm_update_grad_input(x, grad_output, grad_input, weight, save_mean, save_invstd, train,
                                       self.scratch, self.parallel)

    def acc_grad(self, x, grad_output, grad_weight, grad_bias, save_mean, save_invstd, scale):
        """grad_weight += scale * sum(gy * x_hat), grad_bias += scale * sum(gy), per channel."""
        K.batch_norm_acc_grad_parameters(x, grad_output, grad_weight, grad_bias, save_mean, save_invstd, scale,
                                         self.scratch, self.parallel)
