"""`Criterion`: a loss with Torch7's contract."""
import math

import numpy as np

from .._checks import TorchNames


class Criterion(TorchNames):
    """`forward(output, target) -> float`, `backward(output, target) -> grad w.r.t. output`.

    Torch7's camelCase names of nnlib's attributes (`sizeAverage`,
    `gradInput`...) raise an AttributeError naming the snake_case one.
    """

    def __init__(self):
        self.output = 0.0
        self.grad_input = None
        self.dtype = np.dtype(np.float32)

    def forward(self, input, target):
        loss = self.update_output(input, target)
        if not math.isfinite(loss):
            raise ValueError(
                f"{self!r}: the loss is {loss}; the model output contains NaN or inf "
                "(the training diverged: lower the learning rate or clip gradients)")
        return loss

    __call__ = forward

    def backward(self, input, target):
        return self.update_grad_input(input, target)

    def update_output(self, input, target):
        raise NotImplementedError(f"{type(self).__name__} does not implement update_output")

    def update_grad_input(self, input, target):
        raise NotImplementedError(f"{type(self).__name__} does not implement update_grad_input")

    def _column_weights(self, n, dtype, input_shape):
        """`self.weights` as `dtype` (checked to hold `n` entries), or cached unit weights."""
        if self.weights is None:
            ones = getattr(self, "_unit_weights", None)
            if ones is None or ones.shape != (n,) or ones.dtype != dtype:
                ones = self._unit_weights = np.ones(n, dtype=dtype)
            return ones
        if self.weights.shape != (n,):
            raise ValueError(f"{self!r}: {self.weights.shape[0]} class weights for {n} classes (input shape "
                             f"{input_shape}); give one weight per class (BCECriterion: one weight per column ({n},))")
        return self.weights.astype(dtype, copy=False)

    def astype(self, dtype):
        """Cast weights (if any) to `dtype`."""
        self.dtype = np.dtype(dtype)
        if getattr(self, "weights", None) is not None:
            self.weights = self.weights.astype(self.dtype)
        return self

    def extra_repr(self):
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        return f"nn.{type(self).__name__}" + (f"({extra})" if extra else "")
