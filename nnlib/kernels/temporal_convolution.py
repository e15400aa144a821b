"""1-D convolution over batch-first frame sequences (N, T, F), Torch7's TemporalConvolution, as unfold + GEMMs.

A window of kW frames of one sequence is kW*F consecutive values, so the
unfolded input `cols` (N*oT, kW*F) holds one window per row and

    forward       out (N*oT, O) = bias + cols @ W.T        (W is (O, kW*F), Torch7's layout)
    grad input    gcols = gy @ W  ; fold -> grad_input
    grad weight   gW += scale * gy.T @ cols ; gb += scale * column sums of gy

unfold runs in parallel over rows of `cols`; fold over input frames, each
frame summing its windows in a fixed order (no two threads write one value).
"""
import numpy as np

from ._config import jit, pjit, prange
from ._gemm import dot


def output_length(T, kW, dW):
    """Output frames of a window kW, stride dW over T frames (may be < 1 for bad shapes)."""
    return (T - kW) // dW + 1


@pjit
def unfold(x, kW, dW, cols):
    """cols[n*oT + t, k*F + f] = x[n, t*dW + k, f] for C-contiguous x (N, T, F) and cols (N*oT, kW*F)."""
    n_seq, _, F = x.shape
    oT = cols.shape[0] // max(n_seq, 1)
    width = kW * F
    for r in prange(n_seq * oT):
        n = r // oT
        src = x[n].reshape(-1)
        start = (r % oT) * dW * F
        row = cols[r]
        for p in range(width):
            row[p] = src[start + p]


@pjit
def fold(gcols, kW, dW, grad_input):
    """The adjoint of unfold: grad_input[n, t] = the sum over windows w covering frame t of
    gcols[n*oT + w, (t - w*dW)*F:(t - w*dW + 1)*F]."""
    n_seq, T, F = grad_input.shape
    oT = gcols.shape[0] // max(n_seq, 1)
    for r in prange(n_seq * T):
        n = r // T
        t = r % T
        g = grad_input[n, t]
        for f in range(F):
            g[f] = 0.0
        first = 0 if t < kW else (t - kW) // dW + 1  # the first window whose last frame reaches t
        last = min(oT - 1, t // dW)
        for w in range(first, last + 1):
            src = gcols[n * oT + w]
            offset = (t - w * dW) * F
            for f in range(F):
                g[f] += src[offset + f]


@jit
def _fill_rows(out, bias):
    """out[r, :] = bias for every row."""
    for r in range(out.shape[0]):
        for o in range(out.shape[1]):
            out[r, o] = bias[o]


@jit
def _acc_column_sums(rows, sums, scale):
    """sums[o] += scale * rows[:, o].sum(), rows added in order."""
    total = np.zeros(sums.shape[0], sums.dtype)
    for r in range(rows.shape[0]):
        for o in range(rows.shape[1]):
            total[o] += rows[r, o]
    for o in range(sums.shape[0]):
        sums[o] += scale * total[o]


def temporal_convolution_update_output(x, weight, bias, kW, dW, cols, out):
    """out (N, oT, O) = bias + conv(x, weight); `x` (N, T, F) C-contiguous, `weight` (O, kW*F),
    `cols` (N*oT, kW*F) receives the unfolded input (kept for acc_grad_parameters)."""
    unfold(x, kW, dW, cols)
    out2 = out.reshape(-1, out.shape[2])
    _fill_rows(out2, bias)
    dot(cols, weight.T, out2, beta=1.0)


def temporal_convolution_update_grad_input(grad_output, weight, kW, dW, gcols, grad_input):
    """grad_input (N, T, F) = fold(grad_output @ weight); `grad_output` (N, oT, O) C-contiguous,
    `gcols` (N*oT, kW*F) scratch."""
    dot(grad_output.reshape(-1, grad_output.shape[2]), weight, gcols)
    fold(gcols, kW, dW, grad_input)


def temporal_convolution_acc_grad_parameters(cols, grad_output, grad_weight, grad_bias, scale):
    """grad_weight (O, kW*F) += scale * grad_output.T @ cols; grad_bias += scale * sums of grad_output per output."""
    gy = grad_output.reshape(-1, grad_output.shape[2])
    dot(gy.T, cols, grad_weight, alpha=scale, beta=1.0)
    _acc_column_sums(gy, grad_bias, grad_bias.dtype.type(scale))
