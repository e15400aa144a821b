"""rnn's dropout option `p, mono` of the gated cells (LSTM, FastLSTM, GRU): per-gate masks on x and the state."""
import numpy as np

from ...kernels._gemm import dot
from ...kernels.sequence_products import project_input, project_input_backward
from ...random import get_rng
from ._fused_cell import FusedCell


class CellDropout(FusedCell):
    """A FusedCell with rnn's Bayesian (variational) dropout on its input and recurrent connections.

    (A base class, not a mixin: GRU and TorchGRU objects must keep one layout, as a file of
    nnlib's earlier GRU loads by switching its class.)

    rnn puts a lazy Dropout before each gate's input Linear and each gate's
    recurrent Linear. Here each gate g has a mask on x_t and one on the state
    (G gates: LSTM's i, f, o, g; GRU's r, z on h_{t-1} and n on r h_{t-1}),
    scaled by 1/(1-p), the same at every time step of a sequence (Gal and
    Ghahramani's variational dropout, what rnn's lazy Dropout was written
    for; rnn's per-step clones each drew their own). Masks are drawn at the
    first training forward after a backward (rnn's lazy resampling), or when
    the batch size changes; with `mono` one mask row serves the whole batch.
    evaluate() turns dropout off (no rescaling: the masks are scaled in training).
    """

    transient_attributes = ("_dropout_masks", "_dropout_stale")
    n_gates = 1  # the cell's gate blocks (rows of weight_x)
    p, mono = 0.0, False  # also for files saved before the option existed

    def _init_dropout(self, p, mono):
        if not 0 <= p < 1:
            raise ValueError(f"{type(self).__name__}: dropout p must be in [0, 1), got {p}")
        self.p, self.mono = float(p), bool(mono)

    def _mask_shapes(self, n):
        """((G, N, input_size), (G, N, state size)) of the masks."""
        return (self.n_gates, n, self.input_size), (self.n_gates, n, self.output_size)

    def _dropout(self, n):
        """(x masks, state masks) for a batch of n rows, or (None, None) without dropout."""
        if self.p == 0 or not self.train:
            return None, None
        masks = self.__dict__.get("_dropout_masks")
        if masks is None or self.__dict__.get("_dropout_stale", True) or masks[0].shape[1] != n:
            rng, keep = get_rng(), 1.0 - self.p
            masks = []
            for gates, _, size in self._mask_shapes(n):
                draw = (rng.random((gates, 1 if self.mono else n, size)) < keep) / keep
                masks.append(np.ascontiguousarray(np.broadcast_to(draw.astype(self.dtype), (gates, n, size))))
            self._dropout_masks, self._dropout_stale = tuple(masks), False
        return self._dropout_masks

    def set_dropout_masks(self, x_masks, state_masks):
        """Use these masks (already scaled by 1/(1-p)) until the next backward, e.g. to check gradients."""
        shapes = self._mask_shapes(np.shape(x_masks)[1] if np.ndim(x_masks) == 3 else -1)
        masks = (np.ascontiguousarray(x_masks, dtype=self.dtype), np.ascontiguousarray(state_masks, dtype=self.dtype))
        if tuple(m.shape for m in masks) != shapes:
            raise ValueError(f"{self!r}: dropout masks must have shapes {shapes[0]} and {shapes[1]}, got "
                             f"{masks[0].shape} and {masks[1].shape}")
        self._dropout_masks, self._dropout_stale = masks, False
        return self

    def dropout_masks(self):
        """The (x masks, state masks) in use, or None before the first training forward with p > 0."""
        return self.__dict__.get("_dropout_masks")

    def _dropout_used(self):
        """A backward consumed the masks: the next training forward draws new ones (rnn's lazy Dropout)."""
        self._dropout_stale = True

    def _project(self, x, out, x_masks):
        """out (T, N, G*B) = x W_x^T + b, gate g's block seeing x * x_masks[g]."""
        if x_masks is None:
            project_input(x, self.weight_x, self.bias, out)
            return
        block = out.shape[2] // x_masks.shape[0]
        part = np.empty(out.shape[:2] + (block,), dtype=out.dtype)
        for g, rows in enumerate(_blocks(x_masks.shape[0], block)):
            project_input(x * x_masks[g], self.weight_x[rows], self.bias[rows], part)
            out[..., rows] = part

    def _project_backward(self, x, dgates, scale, x_masks):
        """The gradient w.r.t. x; adds scale x the gradients of weight_x and bias."""
        if x_masks is None:
            return project_input_backward(x, self.weight_x, dgates, self.grad_weight_x, self.grad_bias, scale)
        dx = np.zeros_like(x)
        block = dgates.shape[2] // x_masks.shape[0]
        for g, rows in enumerate(_blocks(x_masks.shape[0], block)):
            dx += x_masks[g] * project_input_backward(x * x_masks[g], self.weight_x[rows],
                                                      np.ascontiguousarray(dgates[..., rows]),
                                                      self.grad_weight_x[rows], self.grad_bias[rows], scale)
        return dx

    @staticmethod
    def _acc_recurrent(states, dgates, grad_weight, scale, masks):
        """grad_weight (G*B, K) += scale * sum over steps of dgates^T @ (states * masks[g]), per gate block.

        `states` (T, N, K) are the products' inputs, `dgates` (T, N, G*B); masks None: no dropout.
        """
        rows = states.shape[0] * states.shape[1]
        if masks is None:
            dot(dgates.reshape(rows, -1).T, states.reshape(rows, -1), grad_weight, alpha=scale, beta=1.0)
            return
        block = dgates.shape[2] // masks.shape[0]
        for g, sel in enumerate(_blocks(masks.shape[0], block)):
            dot(np.ascontiguousarray(dgates[..., sel].reshape(rows, block).T),
                np.ascontiguousarray((states * masks[g]).reshape(rows, -1)), grad_weight[sel], alpha=scale, beta=1.0)


def _blocks(count, block):
    return [slice(g * block, (g + 1) * block) for g in range(count)]
