"""`TorchGRU`: the PyTorch / cuDNN form of the GRU (reset gate after the hidden product)."""
import math

import numpy as np

from ...kernels.sequence_products import acc_recurrent_weight, project_input, project_input_backward
from ...plans import TorchGRUPlan
from ...random import get_rng
from ._fused_cell import FusedCell


class TorchGRU(FusedCell):
    """Gated recurrent unit layer in PyTorch's form (torch.nn.GRU's cell), input_size -> output_size.

    Not rnn's GRU (nn.GRU, which applies the reset gate to h_{t-1} before
    W_hn): here r multiplies the product h W_hn + b_hn, as in torch.nn.GRU and
    cuDNN, so a step needs one matrix product. nnlib's GRU before it took
    rnn's form computed this cell; files saved then load as TorchGRU.

    Args:
        input_size: features of a step's input.
        output_size: hidden size H.
        rho: maximum number of steps back-propagated through by the step API.

    Parameters `weight_x` (3H, I), `bias_x` (3H), `weight_h` (3H, H), `bias_h`
    (3H), rows in gate order reset, update, new [r | z | n]:
    r, z = sigmoid(x W_x + b_x + h W_h + b_h) parts, n = tanh(x W_xn + b_xn +
    r * (h W_hn + b_hn)), h_t = (1 - z) n + z h_{t-1}. The state starts at zero. torch.nn.GRU's weight_ih_l0, bias_ih_l0,
    weight_hh_l0, bias_hh_l0 are these four parameters, same layout.

    Shape:
        step input (N, I) -> (N, H); through a Sequencer (T, N, I) -> (T, N, H).
    """

    def __init__(self, input_size: int, output_size: int, rho: int = 9999):
        self.input_size, self.output_size = int(input_size), int(output_size)
        super().__init__(rho)
        h, i = self.output_size, self.input_size
        self.register_parameter("weight_x", np.zeros((3 * h, i)))
        self.register_parameter("bias_x", np.zeros(3 * h))
        self.register_parameter("weight_h", np.zeros((3 * h, h)))
        self.register_parameter("bias_h", np.zeros(3 * h))
        self.reset()

    def reset(self, stdv=None):
        """U(-1/sqrt(H), 1/sqrt(H)) for every parameter (PyTorch's GRU init)."""
        s = 1.0 / math.sqrt(self.output_size) if stdv is None else stdv
        rng = get_rng()
        for p in (self.weight_x, self.bias_x, self.weight_h, self.bias_h):
            p[...] = rng.uniform(-s, s, p.shape)
        return self

    def _cell_plan(self, n):
        """The plan of a batch of n (`nnlib.plans.TorchGRUPlan`: inline or BLAS step products, work arrays)."""
        return self._plan_for((n, self.dtype), lambda: TorchGRUPlan(n, self.output_size, self.dtype))

    def _run_forward(self, x, mask):
        steps, n, _ = x.shape
        self._check_state_batch(n)
        h0 = np.zeros((n, self.output_size), dtype=self.dtype) if self._state is None else self._state
        xg = np.empty((steps, n, 3 * self.output_size), dtype=self.dtype)
        project_input(x, self.weight_x, self.bias_x, xg)
        gates = np.empty_like(xg)
        hn = np.empty((steps, n, self.output_size), dtype=self.dtype)
        h = np.empty_like(hn)
        self._cell_plan(n).forward(xg, self.weight_h, self.bias_h, h0, mask, gates, hn, h)
        self._state = h[-1]
        return dict(x=x, mask=mask, h0=h0, gates=gates, hn=hn, h=h)

    def _run_backward(self, cache, grad_output, dh, scale):
        x, h = cache["x"], cache["h"]
        dxg = np.empty_like(cache["gates"])
        dhg = np.empty_like(dxg)
        self._cell_plan(h.shape[1]).grad_input(grad_output, dh, cache["gates"], cache["hn"], cache["h0"], h,
                                               cache["mask"], self.weight_h, dxg, dhg)
        dx = project_input_backward(x, self.weight_x, dxg, self.grad_weight_x, self.grad_bias_x, scale)
        if scale != 0:
            acc_recurrent_weight(cache["h0"], h, dhg, self.grad_weight_h, scale)
            self.grad_bias_h += self.dtype.type(scale) * dhg.sum(axis=(0, 1))
        return dx, dh
