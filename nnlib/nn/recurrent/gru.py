"""`GRU`: rnn's gated recurrent units (reset gate before the hidden product), fused numba kernels."""
import numpy as np

from ...plans import GRUPlan
from .._init import reset_uniform
from ._cell_dropout import CellDropout


class GRU(CellDropout):
    """Gated recurrent unit layer, input_size -> output_size (rnn's GRU, Cho et al.'s form).

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.
        rho: maximum number of steps back-propagated through by the step API.
        p: dropout probability on the connections (rnn's Bayesian GRU): each
            gate has a mask on x_t and one on its recurrent input (h_{t-1} for
            r and z, r h_{t-1} for n), fixed over the sequence, drawn anew after
            each backward; off in evaluate() (see `CellDropout`).
        mono: one dropout mask row for the whole batch (rnn's `mono`).

    Parameters `weight_x` (3H, I) and `bias` (3H) on the input (rnn's i2g and
    the candidate's Linear), `weight_h` (3H, H) on the state (the
    LinearNoBias'es), rows in gate order reset, update, new [r | z | n]:
    r, z = sigmoid(x W_x,rz^T + b_rz + h_{t-1} W_h,rz^T),
    n = tanh(x W_xn^T + b_n + (r h_{t-1}) W_hn^T), h_t = (1 - z) n + z h_{t-1}.
    The state starts at zero. PyTorch's torch.nn.GRU applies r after the
    product instead: that cell is `TorchGRU`.

    Shape:
        step input (N, I) -> (N, H); through a Sequencer (T, N, I) -> (T, N, H).
    """

    n_gates = 3

    def __init__(self, input_size: int, output_size: int, rho: int = 9999, p: float = 0.0, mono: bool = False):
        self.input_size, self.output_size = int(input_size), int(output_size)
        self._init_dropout(p, mono)
        super().__init__(rho)
        h, i = self.output_size, self.input_size
        self.register_parameter("weight_x", np.zeros((3 * h, i)))
        self.register_parameter("bias", np.zeros(3 * h))
        self.register_parameter("weight_h", np.zeros((3 * h, h)))
        self.reset()

    def reset(self, stdv=None):
        """rnn's init, its Linear rule: U(-1/sqrt(I), 1/sqrt(I)) on the input side, U(-1/sqrt(H), ..) on the state
        side; a given stdv gives U(-stdv * sqrt(3), stdv * sqrt(3)) for all."""
        reset_uniform(stdv, self.input_size, self.weight_x, self.bias)
        reset_uniform(stdv, self.output_size, self.weight_h)
        return self

    def _cell_plan(self, n):
        """The plan of a batch of n (`nnlib.plans.GRUPlan`: inline or BLAS step products, work arrays)."""
        return self._plan_for((n, self.dtype), lambda: GRUPlan(n, self.output_size, self.dtype))

    def _run_forward(self, x, mask):
        steps, n, _ = x.shape
        self._check_state_batch(n)
        h0 = np.zeros((n, self.output_size), dtype=self.dtype) if self._state is None else self._state
        x_masks, h_masks = self._dropout(n)
        xg = np.empty((steps, n, 3 * self.output_size), dtype=self.dtype)
        self._project(x, xg, x_masks)
        gates = np.empty_like(xg)
        rh = np.empty((steps, n, self.output_size), dtype=self.dtype)
        h = np.empty_like(rh)
        self._cell_plan(n).forward(xg, self.weight_h, h0, mask, gates, rh, h, h_masks)
        self._state = h[-1]
        return dict(x=x, mask=mask, h0=h0, gates=gates, rh=rh, h=h, x_masks=x_masks, h_masks=h_masks)

    def _run_backward(self, cache, grad_output, dh, scale):
        x, h, hidden = cache["x"], cache["h"], self.output_size
        dgates = np.empty_like(cache["gates"])
        h_masks = cache["h_masks"]
        self._cell_plan(h.shape[1]).grad_input(grad_output, dh, cache["gates"], cache["h0"], h, cache["mask"],
                                               self.weight_h, dgates, h_masks)
        dx = self._project_backward(x, dgates, scale, cache["x_masks"])
        self._dropout_used()
        if scale != 0:
            h_prev = np.concatenate([cache["h0"][None], h[:-1]])
            rz, n = slice(0, 2 * hidden), slice(2 * hidden, 3 * hidden)
            self._acc_recurrent(h_prev, dgates[..., rz], self.grad_weight_h[rz], scale,
                                None if h_masks is None else h_masks[:2])
            self._acc_recurrent(cache["rh"], dgates[..., n], self.grad_weight_h[n], scale,
                                None if h_masks is None else h_masks[2:])
        return dx, dh

    def _cell_options(self):
        return (f", p={self.p:g}" if self.p else "") + (", mono" if self.mono else "")

    def _upgrade_loaded(self):
        """A file saved before nnlib's GRU took rnn's form holds the PyTorch-form cell: load it as a TorchGRU."""
        if type(self) is GRU and "bias_h" in self._parameter_names:
            from .torch_gru import TorchGRU
            self.__class__ = TorchGRU
