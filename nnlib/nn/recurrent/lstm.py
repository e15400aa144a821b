"""`LSTM`: rnn's LSTM (peephole connections by default) with fused numba cell kernels."""
import numpy as np

from ...plans import LSTMPlan
from .._init import reset_uniform
from ._cell_dropout import CellDropout


class LSTM(CellDropout):
    """Long short-term memory layer, input_size -> output_size (rnn's LSTM).

    Args:
        input_size: features of a step's input.
        output_size: hidden size H (the state and the output).
        rho: maximum number of steps back-propagated through by the step API.
        cell2gate: peephole connections (rnn's default True): the input and
            forget gates also see c_{t-1}, the output gate c_t, through the
            diagonal weights `weight_c` (3, H), rows [i | f | o] (rnn's CMul).
            False gives FastLSTM's cell.
        p: dropout probability on the connections (rnn's Bayesian LSTM): each
            gate's input x_t and recurrent input h_{t-1} get their own mask,
            fixed over the sequence, drawn anew after each backward; off in
            evaluate() (see `CellDropout`; `set_dropout_masks` fixes them).
        mono: one dropout mask row for the whole batch (rnn's `mono`).

    Parameters: `weight_x` (4H, I) and `bias` (4H) act on the input (rnn's
    input-to-gate Linears), `weight_h` (4H, H) on the previous output (the
    LinearNoBias); rows in gate order input, forget, output, cell candidate
    [i | f | o | g]: i = sigmoid(a_i + w_ci c_{t-1}), f = sigmoid(a_f +
    w_cf c_{t-1}), g = tanh(a_g), c_t = f c_{t-1} + i g, o = sigmoid(a_o +
    w_co c_t), h_t = o tanh(c_t). The state starts at zero.

    Shape:
        step input (N, I) -> (N, H); a whole sequence through a Sequencer
        (T, N, I) -> (T, N, H), time-major.
    """

    state_names = ("h0", "c0")
    n_gates = 4

    def __init__(self, input_size: int, output_size: int, rho: int = 9999, cell2gate: bool = True,
                 p: float = 0.0, mono: bool = False):
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.cell2gate = bool(cell2gate)
        self._init_dropout(p, mono)
        super().__init__(rho)
        self._register_parameters()
        self.reset()

    def _register_parameters(self):
        h, i = self.output_size, self.input_size
        self.register_parameter("weight_x", np.zeros((4 * h, i)))
        self.register_parameter("bias", np.zeros(4 * h))
        self.register_parameter("weight_h", np.zeros((4 * h, h)))
        if self.cell2gate:
            self.register_parameter("weight_c", np.zeros((3, h)))

    def reset(self, stdv=None):
        """rnn's init, its Linear/CMul rule: U(-1/sqrt(I), 1/sqrt(I)) on the input side, U(-1/sqrt(H), ..) on
        the recurrent side and the peepholes; a given stdv gives U(-stdv * sqrt(3), stdv * sqrt(3)) for all."""
        reset_uniform(stdv, self.input_size, self.weight_x, self.bias)
        reset_uniform(stdv, self.output_size, self.weight_h, self.weight_c if self.cell2gate else None)
        return self

    # -- hooks for the projection (SeqLSTMP) ------------------------------------
    @property
    def hidden_size(self):
        """Size of the cell (H); the output size unless there is a projection."""
        return self.output_size

    def _projection(self):
        return np.zeros((0, self.hidden_size), dtype=self.dtype)

    def _acc_projection(self, gh, r, scale):
        pass

    def _peepholes(self):
        return self.weight_c if self.cell2gate else np.zeros((3, self.hidden_size), dtype=self.dtype)

    # -- the fused kernel ---------------------------------------------------------
    def _initial_state(self, n):
        self._check_state_batch(n)
        if self._state is None:
            return (np.zeros((n, self.output_size), dtype=self.dtype),
                    np.zeros((n, self.hidden_size), dtype=self.dtype))
        return self._state

    def _cell_plan(self, n):
        """The plan of a batch of n (`nnlib.plans.LSTMPlan`: inline or BLAS step products, work arrays)."""
        return self._plan_for((n, self.dtype), lambda: LSTMPlan(n, self.hidden_size, self.dtype, self.output_size))

    def _run_forward(self, x, mask):
        steps, n, _ = x.shape
        h0, c0 = self._initial_state(n)
        x_masks, h_masks = self._dropout(n)
        gates = np.empty((steps, n, 4 * self.hidden_size), dtype=self.dtype)
        self._project(x, gates, x_masks)
        h = np.empty((steps, n, self.output_size), dtype=self.dtype)
        c = np.empty((steps, n, self.hidden_size), dtype=self.dtype)
        w_p = self._projection()
        r = h if w_p.shape[0] == 0 else np.empty_like(c)
        self._cell_plan(n).forward(gates, self.weight_h, h0, c0, self._peepholes(), w_p, mask, h, c, r, h_masks)
        self._state = (h[-1], c[-1])
        return dict(x=x, mask=mask, h0=h0, c0=c0, gates=gates, h=h, c=c, r=r, x_masks=x_masks, h_masks=h_masks)

    def _run_backward(self, cache, grad_output, dh, dc, scale):
        x, h, c, gates = cache["x"], cache["h"], cache["c"], cache["gates"]
        dgates = np.empty_like(gates)
        gh = np.empty_like(h)
        self._cell_plan(h.shape[1]).grad_input(grad_output, dh, dc, gates, cache["c0"], c, self._peepholes(),
                                               self._projection(), cache["mask"], self.weight_h, dgates, gh,
                                               cache["h_masks"])
        dx = self._project_backward(x, dgates, scale, cache["x_masks"])
        self._dropout_used()
        if scale != 0:
            h_prev = np.concatenate([cache["h0"][None], h[:-1]])
            self._acc_recurrent(h_prev, dgates, self.grad_weight_h, scale, cache["h_masks"])
            if self.cell2gate:
                self._acc_peepholes(cache, dgates, scale)
            self._acc_projection(gh, cache["r"], scale)
        return dx, dh, dc

    def _acc_peepholes(self, cache, dgates, scale):
        hidden = self.hidden_size
        c = cache["c"]
        c_prev = np.concatenate([cache["c0"][None], c[:-1]])
        s = self.dtype.type(scale)
        self.grad_weight_c[0] += s * np.einsum("tnk,tnk->k", dgates[..., :hidden], c_prev)
        self.grad_weight_c[1] += s * np.einsum("tnk,tnk->k", dgates[..., hidden:2 * hidden], c_prev)
        self.grad_weight_c[2] += s * np.einsum("tnk,tnk->k", dgates[..., 2 * hidden:3 * hidden], c)

    def _cell_options(self):
        options = "" if self.cell2gate or type(self) is not LSTM else ", cell2gate=False"
        return options + (f", p={self.p:g}" if self.p else "") + (", mono" if self.mono else "")

    def _upgrade_loaded(self):
        """A file saved before nnlib's LSTM had rnn's peepholes holds FastLSTM's cell: load it as a FastLSTM."""
        if type(self) is LSTM and "cell2gate" not in self.__dict__:
            from .fast_lstm import FastLSTM
            self.__class__ = FastLSTM
            self.cell2gate = False
