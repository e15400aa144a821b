"""The plan of a (log-)softmax over the channel axis (`SoftMax`, `LogSoftMax`, `SoftMin`, their spatial kin, and
the Sequencer's fused output layer) for one input geometry."""
import math

import numpy as np

from ..kernels import softmax as KR
from ..kernels import spatial_softmax as KS
from ._threads import threads_pay, twin


class SoftMaxPlan:
    """(Log-)softmax of one (frames, C, positions) shape and dtype: which kernels, serial or threaded.

    Frames of one position run the row kernels on (frames, C), serially (`kernels.softmax` says
    why); others the spatial ones on (frames, C, positions), on numba's threads from the
    elementwise threshold on (`_threads.threads_pay` of the input's size), else serially, as does
    the fused output layer's gradient. Each row (or position) is written by one loop iteration, so
    both give the same bits.

    Args:
        shape: (frames, C, positions), Torch7's view of the input (`nn.activation._channelwise.frames`).
        dtype: float32 or float64.
        log: LogSoftMax's kernels (else SoftMax's).
    """

    def __init__(self, shape, dtype, log):
        self.key = (tuple(shape), np.dtype(dtype), bool(log))
        self.rows = shape[2] == 1
        self.parallel = threads_pay(math.prod(shape))
        self.log = bool(log)

    def forward(self, x, out):
        """out = (log-)softmax of x over axis 1 of (frames, C, positions); out may be x."""
        if self.rows:
            (KR.log_softmax_update_output if self.log else KR.softmax_update_output)(x[:, :, 0], out[:, :, 0])
        else:
            kernel = KS.spatial_log_softmax_update_output if self.log else KS.spatial_softmax_update_output
            twin(kernel, self.parallel)(x, out)

    def grad_input(self, y, grad_output, grad_input):
        """grad_input from the forward output y and grad_output, all (frames, C, positions)."""
        if self.rows:
            kernel = KR.log_softmax_update_grad_input if self.log else KR.softmax_update_grad_input
            kernel(y[:, :, 0], grad_output[:, :, 0], grad_input[:, :, 0])
        else:
            kernel = KS.spatial_log_softmax_update_grad_input if self.log else KS.spatial_softmax_update_grad_input
            twin(kernel, self.parallel)(y, grad_output, grad_input)

    def class_nll_grad(self, log_probs, target, row_scale, grad_logits):
        """The logits' gradient of ClassNLL(LogSoftMax(logits)) from (rows, C) log-probabilities
        (`softmax.log_softmax_class_nll_grad`); grad_logits may be log_probs."""
        twin(KR.log_softmax_class_nll_grad, self.parallel)(log_probs, target, row_scale, grad_logits)
