"""The plans of the recurrent cells' sequence kernels (simple `Recurrent`, torch's GRU, `GRU`, `MuFuRu`, the LSTMs)
for one geometry: batch size, hidden size, dtype."""
import numpy as np

from ..kernels import gru as KG
from ..kernels import lstm as KL
from ..kernels import mufuru as KM
from ..kernels import rnn as KR
from ..kernels import torch_gru as KT
from ..kernels._gemm import transposed_pays
from ..kernels._matmul import inline_products
from ..kernels._memory import empty_aligned


class RecurrentPlan:
    """The step products of one recurrence geometry: inline loops or BLAS, and the passes' work arrays.

    Each step multiplies the previous state by the recurrent weights: in inline loops up to the
    recurrent table's inline_max_hidden (`_matmul.inline_products`), else through BLAS, as
    (w @ x.T).T where that is faster (`_gemm.transposed_pays`, with a scratch). This class runs the
    simple recurrence (`kernels.rnn`); the subclasses the gated cells, with their work arrays.

    Args:
        batch: N, the rows of a step.
        hidden: H, the state size.
        dtype: float32 or float64.
    """

    def __init__(self, batch, hidden, dtype):
        self.key = (batch, hidden, np.dtype(dtype))
        self.batch, self.hidden, self.dtype = batch, hidden, np.dtype(dtype)
        self.inline = inline_products(hidden)
        self.forward_work, self.grad_work = self._work()

    def rows(self, width):
        """An (N, width) work array."""
        return empty_aligned((self.batch, width), self.dtype)

    def product_scratch(self, width):
        """The scratch of an (N, k) by (width, k) step product: (width, N) where it runs as (w @ x.T).T,
        else (0, 0)."""
        transposed = not self.inline and transposed_pays(self.batch, width)
        return empty_aligned((width, self.batch) if transposed else (0, 0), self.dtype)

    def _work(self):
        """The work arrays of the forward and the grad-input pass, as the kernels take them."""
        return (self.rows(self.hidden), self.product_scratch(self.hidden)), ()

    def forward(self, xproj, w_h, b_h, start, h0, fresh, mask, transfer, h, used_start):
        """The simple recurrence over (T, N, H) input projections (`kernels.rnn.rnn_update_output`)."""
        KR.rnn_update_output(xproj, w_h, b_h, start, h0, fresh, mask, transfer, h, used_start, self.inline,
                             self.forward_work)

    def grad_input(self, grad_h, dh, h, used_start, mask, transfer, w_h, dpre):
        """BPTT of the simple recurrence into dpre (`kernels.rnn.rnn_update_grad_input`)."""
        KR.rnn_update_grad_input(grad_h, dh, h, used_start, mask, transfer, w_h, dpre, self.inline)

    def acc_grad(self, dpre, h0, h, used_start, scale, grad_w_h, grad_b_h, grad_start):
        """The simple recurrence's feedback and start gradients (`kernels.rnn.rnn_acc_grad_parameters`)."""
        KR.rnn_acc_grad_parameters(dpre, h0, h, used_start, scale, grad_w_h, grad_b_h, grad_start, self.inline)


class TorchGRUPlan(RecurrentPlan):
    """torch.nn.GRU's cell (`kernels.torch_gru`): one (N, H) by (3H, H) product per step."""

    def _work(self):
        return (self.rows(3 * self.hidden), self.product_scratch(3 * self.hidden)), ()

    def forward(self, xg, w_h, b_h, h0, mask, gates, hn, h):
        KT.torch_gru_update_output(xg, w_h, b_h, h0, mask, gates, hn, h, self.inline, self.forward_work)

    def grad_input(self, grad_h, dh, gates, hn, h0, h, mask, w_h, dxg, dhg):
        KT.torch_gru_update_grad_input(grad_h, dh, gates, hn, h0, h, mask, w_h, dxg, dhg, self.inline)


class GRUPlan(RecurrentPlan):
    """rnn's GRU cell (`kernels.gru`): (N, H) by (2H, H) and (H, H) products per step, dropout masks or not."""

    def _work(self):
        h = self.hidden
        return ((self.rows(2 * h), self.rows(h), self.rows(h), self.rows(h), self.product_scratch(2 * h),
                 self.product_scratch(h)), (self.rows(h), self.rows(h), self.rows(h)))

    def forward(self, xg, w_h, h0, mask, gates, rh, h, hmask):
        KG.gru_update_output(xg, w_h, h0, mask, gates, rh, h, hmask, self.inline, self.forward_work)

    def grad_input(self, grad_h, dh, gates, h0, h, mask, w_h, dgates, hmask):
        KG.gru_update_grad_input(grad_h, dh, gates, h0, h, mask, w_h, dgates, hmask, self.inline, self.grad_work)


class MuFuRuPlan(RecurrentPlan):
    """rnn's MuFuRu cell (`kernels.mufuru`) with `n_ops` ops: (N, H) by ((J+1)H, H) and (H, H) products per step.

    Args:
        batch, hidden, dtype: as `RecurrentPlan`'s.
        n_ops: J, the cell's composition ops.
    """

    def __init__(self, batch, hidden, dtype, n_ops):
        self.n_ops = n_ops
        super().__init__(batch, hidden, dtype)
        self.key += (n_ops,)

    def _work(self):
        h, vcol = self.hidden, (self.n_ops + 1) * self.hidden
        return (self.rows(vcol), self.rows(h), self.product_scratch(vcol), self.product_scratch(h)), (self.rows(h),
                                                                                                      self.rows(h))

    def forward(self, xg, w_h, h0, ops, mask, gates, rs, h):
        KM.mufuru_update_output(xg, w_h, h0, ops, mask, gates, rs, h, self.inline, self.forward_work)

    def grad_input(self, grad_h, dh, gates, h0, h, ops, mask, w_h, dgates):
        KM.mufuru_update_grad_input(grad_h, dh, gates, h0, h, ops, mask, w_h, dgates, self.inline, self.grad_work)


class LSTMPlan(RecurrentPlan):
    """The LSTM cells (`kernels.lstm`: rnn's LSTM with peepholes, FastLSTM, SeqLSTM, SeqLSTMP with a projection):
    an (N, P) by (4H, P) product per step, and the (N, H) by (P, H) projection when there is one.

    Args:
        batch, hidden, dtype: as `RecurrentPlan`'s (hidden: the cell's H).
        output_size: P, the state h's size (H without a projection).
    """

    def __init__(self, batch, hidden, dtype, output_size):
        self.output_size = output_size
        super().__init__(batch, hidden, dtype)
        self.key += (output_size,)

    def _work(self):
        h, p = self.hidden, self.output_size
        return (self.rows(4 * h), self.rows(p), self.rows(h), self.product_scratch(4 * h)), (self.rows(h), self.rows(p))

    def forward(self, gates, w_h, h0, c0, peep, w_p, mask, h, c, r, hmask):
        KL.lstm_update_output(gates, w_h, h0, c0, peep, w_p, mask, h, c, r, hmask, self.inline, self.forward_work)

    def grad_input(self, grad_h, dh, dc, gates, c0, c, peep, w_p, mask, w_h, dgates, gh, hmask):
        KL.lstm_update_grad_input(grad_h, dh, dc, gates, c0, c, peep, w_p, mask, w_h, dgates, gh, hmask, self.inline,
                                  self.grad_work)
