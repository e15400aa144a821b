"""`BiSequencerLM`: a bidirectional layer for language models (rnn's BiSequencerLM)."""
import numpy as np

from .bi_sequencer import BiSequencer, _mask_or_none


class BiSequencerLM(BiSequencer):
    """output[t] = [fwd[t-1], bwd[t+1]]: neither direction has seen x_t.

    The forward net reads steps 0..T-2 and the backward net steps T-1..1
    (rnn's layout), so output[t] can predict x_t. The missing halves at the
    ends (the forward part of step 0 and the backward part of step T-1) are
    zeros. Needs T >= 2.

    Args:
        forward_module: the module run over steps 0..T-2.
        backward_module: the module run over steps T-1..1 (default: a re-initialised copy of `forward_module`).

    Shape:
        Input: (T, N, F) with T >= 2, output (T, N, 2 H) for children with H outputs each.
    """

    def update_output(self, input, mask=None):
        input = np.asarray(input)
        steps = input.shape[0] if input.ndim else 0
        if input.ndim < 2 or steps < 2:
            raise ValueError(f"{self!r}: expected a time-major sequence (T, N, ...) with T >= 2, got shape {input.shape}")
        mask = _mask_or_none(self, mask, input)
        fwd = self.modules[0].forward(input[:-1], mask=None if mask is None else mask[:-1])
        rev_mask = None if mask is None else np.ascontiguousarray(mask[:0:-1])
        bwd = self.modules[1].forward(np.ascontiguousarray(input[:0:-1]), mask=rev_mask)[::-1]
        self._split = fwd.shape[-1]
        out = np.zeros((steps,) + fwd.shape[1:-1] + (fwd.shape[-1] + bwd.shape[-1],), dtype=fwd.dtype)
        out[1:, ..., :self._split] = fwd
        out[:-1, ..., self._split:] = bwd
        if mask is not None:
            out *= mask.reshape(mask.shape + (1,) * (out.ndim - 2))
        self._mask = mask
        self.output = out
        return out

    forward = update_output
    __call__ = update_output

    def backward(self, input, grad_output, scale=1.0):
        input = np.asarray(input)
        g = np.asarray(grad_output)
        if self._mask is not None:
            g = g * self._mask.reshape(self._mask.shape + (1,) * (g.ndim - 2))
        gx_f = self.modules[0].backward(input[:-1], np.ascontiguousarray(g[1:, ..., :self._split]), scale)
        gx_b = self.modules[1].backward(np.ascontiguousarray(input[:0:-1]),
                                        np.ascontiguousarray(g[-2::-1, ..., self._split:]), scale)
        if gx_f.size == 0 and gx_b.size == 0:
            self.grad_input = gx_f
            return gx_f
        gx = np.zeros(input.shape, dtype=g.dtype)
        gx[:-1] += gx_f
        gx[1:] += gx_b[::-1]
        self.grad_input = gx
        return gx


def is_bidirectional_lm(model):
    """Whether `model` holds a BiSequencerLM: it predicts each token from both sides, so it is
    trained on windows it reads whole and sampled at a placeholder position."""
    return any(isinstance(m, BiSequencerLM) for m in model.list_modules())
