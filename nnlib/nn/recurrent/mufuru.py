"""`MuFuRu`: rnn's multi-function recurrent unit (Weissenborn and Rocktaeschel 2016), a fused numba cell."""
import numpy as np

from ...kernels import mufuru as K
from ...kernels._gemm import dot
from ...kernels.sequence_products import project_input, project_input_backward
from ...plans import MuFuRuPlan
from ...random import get_rng
from .._init import uniform_bound
from ._fused_cell import FusedCell

ALL_OPS = ("keep", "replace", "mul", "diff", "forget", "sqrt_diff", "max", "min")


class MuFuRu(FusedCell):
    """A GRU generalised to a learned, per-unit softmax mixture of J composition ops (rnn's MuFuRu).

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.
        ops: the composition ops, any of "keep" (s_{t-1}), "replace" (v_t),
            "mul" (s v), "diff" (s - v), "forget" (0), "sqrt_diff"
            (0.25 sqrt|s - v|), "max", "min"; default all eight, in that
            order. ("keep", "replace") is a GRU with a softmax update gate.
        rho: maximum number of steps back-propagated through by the step API.

    Parameters `weight_x` ((J+2)H, I) and `bias` ((J+2)H) on the input,
    `weight_h` ((J+2)H, H) on the state, rows [r | p_0 .. p_{J-1} | v]:
    r = sigmoid(x W_xr^T + b_r + s_{t-1} W_hr^T),
    p_j = softmax_j(x W_xpj^T + b_pj + s_{t-1} W_hpj^T),
    v = sigmoid(x W_xv^T + b_v + (r s_{t-1}) W_hv^T),
    s_t = sum_j p_j op_j(s_{t-1}, v). The feature v is a sigmoid as in rnn's
    code (its README writes tanh); rnn's two reset-gate biases are one here.
    Initialised as rnn's Linears: U(-1/sqrt(I), ..) and U(-1/sqrt(H), ..)
    for the reset gate (its bias the sum of both draws), U(-1/sqrt(I+H), ..)
    for p and v. The state starts at zero.

    Shape:
        step input (N, I) -> (N, H); through a Sequencer (T, N, I) -> (T, N, H).
    """

    def __init__(self, input_size: int, output_size: int, ops: tuple[str, ...] | None = None, rho: int = 9999):
        self.input_size, self.output_size = int(input_size), int(output_size)
        self.ops = ALL_OPS if ops is None else tuple(ops)
        if not self.ops or any(op not in K.OPS for op in self.ops):
            raise ValueError(f"MuFuRu: ops {list(self.ops)} must be a non-empty list of {list(ALL_OPS)}")
        super().__init__(rho)
        rows, i = (len(self.ops) + 2) * self.output_size, self.input_size
        self.register_parameter("weight_x", np.zeros((rows, i)))
        self.register_parameter("bias", np.zeros(rows))
        self.register_parameter("weight_h", np.zeros((rows, self.output_size)))
        self.reset()

    def reset(self, stdv=None):
        """rnn's Linear inits (see the class); a given stdv gives each Linear U(-stdv * sqrt(3), ..), Torch7's rule."""
        rng = get_rng()
        h, i = self.output_size, self.input_size
        sx, sh, sk = uniform_bound(stdv, i), uniform_bound(stdv, h), uniform_bound(stdv, i + h)
        self.weight_x[:h] = rng.uniform(-sx, sx, (h, i))
        self.weight_h[:h] = rng.uniform(-sh, sh, (h, h))
        self.bias[:h] = rng.uniform(-sx, sx, h) + rng.uniform(-sh, sh, h)
        self.weight_x[h:] = rng.uniform(-sk, sk, self.weight_x[h:].shape)
        self.weight_h[h:] = rng.uniform(-sk, sk, self.weight_h[h:].shape)
        self.bias[h:] = rng.uniform(-sk, sk, self.bias[h:].shape)
        return self

    def _op_codes(self):
        return np.array([K.OPS[op] for op in self.ops], dtype=np.int64)

    def _cell_plan(self, n):
        """The plan of a batch of n (`nnlib.plans.MuFuRuPlan`: inline or BLAS step products, work arrays)."""
        return self._plan_for((n, self.dtype), lambda: MuFuRuPlan(n, self.output_size, self.dtype, len(self.ops)))

    def _run_forward(self, x, mask):
        steps, n, _ = x.shape
        self._check_state_batch(n)
        h0 = np.zeros((n, self.output_size), dtype=self.dtype) if self._state is None else self._state
        xg = np.empty((steps, n, self.weight_x.shape[0]), dtype=self.dtype)
        project_input(x, self.weight_x, self.bias, xg)
        gates = np.empty_like(xg)
        rs = np.empty((steps, n, self.output_size), dtype=self.dtype)
        h = np.empty_like(rs)
        self._cell_plan(n).forward(xg, self.weight_h, h0, self._op_codes(), mask, gates, rs, h)
        self._state = h[-1]
        return dict(x=x, mask=mask, h0=h0, gates=gates, rs=rs, h=h)

    def _run_backward(self, cache, grad_output, dh, scale):
        x, h, hidden = cache["x"], cache["h"], self.output_size
        dgates = np.empty_like(cache["gates"])
        self._cell_plan(h.shape[1]).grad_input(grad_output, dh, cache["gates"], cache["h0"], h, self._op_codes(),
                                               cache["mask"], self.weight_h, dgates)
        dx = project_input_backward(x, self.weight_x, dgates, self.grad_weight_x, self.grad_bias, scale)
        if scale != 0:
            rows, vcol = h.shape[0] * h.shape[1], (len(self.ops) + 1) * hidden
            h_prev = np.concatenate([cache["h0"][None], h[:-1]]).reshape(rows, hidden)
            flat = dgates.reshape(rows, -1)
            dot(np.ascontiguousarray(flat[:, :vcol].T), h_prev, self.grad_weight_h[:vcol], alpha=scale, beta=1.0)
            dot(np.ascontiguousarray(flat[:, vcol:].T), cache["rs"].reshape(rows, hidden),
                self.grad_weight_h[vcol:], alpha=scale, beta=1.0)
        return dx, dh

    def _cell_options(self):
        return "" if self.ops == ALL_OPS else f", ops={list(self.ops)}"
