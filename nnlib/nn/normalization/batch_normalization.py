"""`BatchNormalization`: Torch7's nn.BatchNormalization on (N, C) input."""
import numpy as np

from ...plans import BatchNormPlan
from .._checks import check_float_input, check_same_shape
from ..module import Module


class BatchNormalization(Module):
    """y = (x - mean) / sqrt(var + eps) * weight + bias, per feature (channel).

    Training uses the batch mean and biased variance, and updates the
    buffers `running_mean` / `running_var` as
    running = (1 - momentum) * running + momentum * batch, with the UNBIASED
    batch variance (Torch7). `evaluate()` normalises with the running values.
    `weight` starts at 1 and `bias` at 0 (PyTorch's choice; Torch7 drew the
    weight from U(0, 1), which only rescales the features at random).

    Kernels work on a (N, C, M) view of the input, so a subclass accepting
    (N, C, H, W) only changes `input_ndims` (SpatialBatchNormalization); each
    such geometry has its plan (`nnlib.plans.BatchNormPlan`).

    `num_batches_tracked` counts the training forwards (PyTorch's buffer of
    that name, kept for `state_dict`; the update itself uses `momentum`).

    Args:
        n_output: number of features (channels) C.
        eps: added to the variance for stability.
        momentum: weight of the batch statistics in the running averages.
        affine: learn `weight` and `bias` (else none).

    Shape:
        Input: (N, C), output as input.
    """

    input_ndims = (2,)
    num_batches_tracked = 0  # class default: files saved before the counter existed load with 0

    def __init__(self, n_output: int, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True):
        super().__init__()
        self.n_output, self.eps, self.momentum, self.affine = int(n_output), float(eps), float(momentum), bool(affine)
        if affine:
            self.register_parameter("weight", np.ones(self.n_output))
            self.register_parameter("bias", np.zeros(self.n_output))
        else:
            self.weight = self.grad_weight = self.bias = self.grad_bias = None
        self.register_buffer("running_mean", np.zeros(self.n_output))
        self.register_buffer("running_var", np.ones(self.n_output))

    def reset(self, stdv=None):
        """weight 1, bias 0, running mean 0 and variance 1 (`stdv` is ignored)."""
        if self.affine:
            self.weight.fill(1)
            self.bias.fill(0)
        self.running_mean.fill(0)
        self.running_var.fill(1)
        self.num_batches_tracked = 0
        return self

    def _ncm(self, x):
        """The C-contiguous (N, C, M) view the kernels take."""
        return np.ascontiguousarray(x).reshape(x.shape[0], self.n_output, -1)

    def update_output(self, input):
        check_float_input(self, input, self.input_ndims, self.n_output, feature_axis=1)
        x = self._ncm(input)
        if self.train and x.shape[0] * x.shape[2] < 2:
            raise ValueError(f"{self!r}: input shape {input.shape} has one value per channel; training needs "
                             "more than one to estimate the variance (use a larger batch, or evaluate())")
        out = self._buffer("_out", input.shape)
        save_mean = self._buffer("_save_mean", (self.n_output,))
        save_invstd = self._buffer("_save_invstd", (self.n_output,))
        plan = self._plan_for((x.shape, self.dtype), lambda: BatchNormPlan(x.shape, self.dtype))
        plan.forward(x, self._ncm(out), self.weight, self.bias, self.running_mean, self.running_var,
                     save_mean, save_invstd, self.train, self.momentum, self.eps)
        if self.train:
            self.num_batches_tracked += 1
        self.output = out
        return out

    def update_grad_input(self, input, grad_output):
        check_same_shape(self, self.output, grad_output)
        gx = self._buffer("_gx", input.shape)
        self._plan.grad_input(self._ncm(input), self._ncm(grad_output), self._ncm(gx), self.weight,
                              self._save_mean, self._save_invstd, self.train)
        self.grad_input = gx
        return gx

    def acc_grad_parameters(self, input, grad_output, scale=1.0):
        if self.affine:
            self._plan.acc_grad(self._ncm(input), self._ncm(grad_output), self.grad_weight, self.grad_bias,
                                self._save_mean, self._save_invstd, scale)

    def extra_repr(self):
        extra = [str(self.n_output)]
        if self.eps != 1e-5:
            extra.append(f"eps={self.eps:g}")
        if self.momentum != 0.1:
            extra.append(f"momentum={self.momentum:g}")
        if not self.affine:
            extra.append("affine=False")
        return ", ".join(extra)
