"""`NormStabilizer`: rnn's NormStabilizer: the norm-stabilisation penalty on hidden states (Krueger & Memisevic)."""
import numpy as np

from .abstract_recurrent import AbstractRecurrent, as_mask


def _norm_penalty_grad(h, norms, pair, beta):
    """d/dh of beta * sum_t mean_n pair[t, n] (||h_t|| - ||h_{t-1}||)^2 for h (T, N, ...), norms (T, N)."""
    n = h.shape[1]
    diff = np.zeros_like(norms)
    d = (norms[1:] - norms[:-1]) * pair[1:]
    diff[1:] += d
    diff[:-1] -= d
    coef = 2 * beta * diff / n / np.where(norms > 0, norms, 1)
    return coef.reshape(coef.shape + (1,) * (h.ndim - 2)) * h


class NormStabilizer(AbstractRecurrent):
    """Identity on the hidden states h_t; backward adds the gradient of beta sum_t mean_n (||h_t|| - ||h_{t-1}||)^2.

    Args:
        beta: weight of the penalty (ref. A's beta). As rnn, the gradient is
            not divided by the number of steps; `update_loss()` reports
            beta / (T - 1) * the sum.

    Put it between recurrent layers inside a Sequencer (or run it step by
    step). Pairs of steps involving a masked (padded) step are left out.

    Shape:
        step (N, H) -> (N, H); sequence (T, N, H) -> (T, N, H).
    """

    def __init__(self, beta: float = 1.0):
        super().__init__(99999)
        self.beta = float(beta)

    def _state_batch(self):
        return self._state

    def _step_forward(self, input):
        x = np.asarray(input)
        self._state = x.shape[0]
        mask = self._masks(x, np.ones(x.shape[0], dtype=np.uint8), 1)
        norms = np.sqrt((x.reshape(x.shape[0], -1) ** 2).sum(axis=1))
        return (x, norms, mask), np.array(x, copy=True)

    def _step_backward(self, cache, input, grad_output, carry, scale):
        t = self._bptt
        window = self._steps[max(t - 1, 0):t + 2]
        h = np.stack([c[0] for c, _ in window])
        norms = np.stack([c[1] for c, _ in window])
        mask = np.stack([c[2] for c, _ in window]).astype(norms.dtype)
        pair = mask * np.concatenate([np.zeros((1, mask.shape[1])), mask[:-1]])
        grad = _norm_penalty_grad(h, norms, pair, self.beta)[min(t, 1)]
        return grad_output + grad.astype(np.asarray(grad_output).dtype), None

    def sequence_forward(self, input, mask=None):
        x = np.asarray(input)
        m = self._masks(x, as_mask(self, mask, *x.shape[:2]), 2)
        norms = np.sqrt((x.reshape(x.shape[0], x.shape[1], -1) ** 2).sum(axis=2))
        self._seq_cache = dict(x=x, norms=norms, mask=m)
        self.output = x
        return x

    def sequence_backward(self, input, grad_output, scale=1.0):
        cache = self._sequence_cache()
        m = cache["mask"].astype(cache["norms"].dtype)
        pair = m * np.concatenate([np.zeros((1, m.shape[1])), m[:-1]])
        grad = _norm_penalty_grad(cache["x"], cache["norms"], pair, self.beta)
        self.grad_input = np.asarray(grad_output) + grad.astype(np.asarray(grad_output).dtype)
        return self.grad_input

    def update_loss(self):
        """rnn's loss of the last sequence: beta / (T - 1) * sum_t mean_n (||h_t|| - ||h_{t-1}||)^2."""
        cache = self._sequence_cache()
        norms, m = cache["norms"], cache["mask"]
        steps = norms.shape[0]
        if steps < 2:
            return 0.0
        pair = m[1:] * m[:-1]
        return float(self.beta * (((norms[1:] - norms[:-1]) ** 2 * pair).mean(axis=1)).sum() / (steps - 1))

    def extra_repr(self):
        return f"beta={self.beta:g}"
