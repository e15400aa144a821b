"""`NCECriterion`: dpnn's NCECriterion, the noise-contrastive estimation loss."""
import numpy as np

from ..criterion.criterion import Criterion

_EPS = 1e-7


class NCECriterion(Criterion):
    """-sum ln P(real | target) - sum ln P(noise | noise words), over NCEModule's output table.

    With k noise words, P(real | w) = P_m(w) / (P_m(w) + k P_n(w)) and
    P(noise | w) = k P_n(w) / (P_m(w) + k P_n(w)) (plus dpnn's 1e-7 in the
    denominators). The target is not used (NCEModule already took it).

    Args:
        size_average: divide by the batch size N (dpnn's default True).

    Shape:
        input [P_mt (N,), P_ms (N, k), P_nt (N,), P_ns (N, k)]; gradient the same table
        (zeros for the noise probabilities).
    """

    def __init__(self, size_average: bool = True):
        super().__init__()
        self.size_average = bool(size_average)

    def _unpack(self, input):
        if not isinstance(input, (list, tuple)) or len(input) != 4:
            raise ValueError(f"{self!r}: expected NCEModule's table [P_mt (N,), P_ms (N, k), P_nt (N,), P_ns (N, k)]")
        p_mt, p_ms, p_nt, p_ns = (np.asarray(a) for a in input)
        if p_mt.ndim != 1 or p_ms.shape[:1] != p_mt.shape or p_nt.shape != p_mt.shape or p_ns.shape != p_ms.shape:
            raise ValueError(f"{self!r}: inconsistent shapes {[a.shape for a in (p_mt, p_ms, p_nt, p_ns)]}; expected "
                             f"(N,), (N, k), (N,), (N, k)")
        return p_mt, p_ms, p_nt, p_ns, p_ms.shape[1]

    def update_output(self, input, target=None):
        p_mt, p_ms, p_nt, p_ns, k = self._unpack(input)
        loss = -(np.log(p_mt / (p_mt + k * p_nt + _EPS)).sum() + np.log(k * p_ns / (p_ms + k * p_ns + _EPS)).sum())
        self.output = float(loss / p_mt.shape[0] if self.size_average else loss)
        return self.output

    def update_grad_input(self, input, target=None):
        p_mt, p_ms, p_nt, p_ns, k = self._unpack(input)
        g_t = -k * p_nt / (p_mt + k * p_nt + _EPS) / (p_mt + _EPS)
        g_s = p_ms / (p_ms + k * p_ns + _EPS) / (p_ms + _EPS)
        if self.size_average:
            g_t, g_s = g_t / p_mt.shape[0], g_s / p_mt.shape[0]
        self.grad_input = [g_t, g_s, np.zeros_like(p_nt), np.zeros_like(p_ns)]
        return self.grad_input
