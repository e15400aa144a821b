"""1-D convolution over batch-first frame sequences (N, T, F), Torch7's TemporalConvolution, as unfold + GEMMs.

A window of kW frames of one sequence is kW*F consecutive values, so the
unfolded input `cols` (N*oT, kW*F) holds one window per row and

    forward       out (N*oT, O) = bias + cols @ W.T        (W is (O, kW*F), Torch7's layout)
    grad input    gcols = gy @ W  ; fold -> grad_input
    grad weight   gW += scale * gy.T @ cols ; gb += scale * column sums of gy

unfold runs in parallel over rows of `cols`; fold over input frames, each
frame summing its windows in a fixed order (no two threads write one value).
Both index flat arrays with uint64 offsets (`spatial_convolution._U`): with
signed indices numba's negative-index check kept fold's sums from
vectorising (5.5x slower at batch 32).
The weight gradient sums one product per block of sequences (blocks by the
batch size alone), the blocks added in order after.
"""
import numpy as np

from . import _blas
from ._blas import single_threaded
from ._config import even_block, jit, pjit, prange
from ._gemm import _add_partials, dot
from .spatial_convolution import _U, image_blocks


def output_length(T, kW, dW):
    """Output frames of a window kW, stride dW over T frames (may be < 1 for bad shapes)."""
    return (T - kW) // dW + 1


@pjit
def unfold(x, kW, dW, cols):
    """cols[n*oT + t, k*F + f] = x[n, t*dW + k, f] for C-contiguous x (N, T, F) and cols (N*oT, kW*F)."""
    n_seq, T, F = x.shape
    oT = cols.shape[0] // max(n_seq, 1)
    width = kW * F
    xf, cf = x.reshape(-1), cols.reshape(-1)
    for r in prange(n_seq * oT):
        src = _U((r // oT * T + r % oT * dW) * F)
        dst = _U(r * width)
        for p in range(_U(width)):
            cf[dst + p] = xf[src + p]


@pjit
def fold(gcols, kW, dW, grad_input):
    """The adjoint of unfold: grad_input[n, t] = the sum over windows w covering frame t of
    gcols[n*oT + w, (t - w*dW)*F:(t - w*dW + 1)*F]."""
    n_seq, T, F = grad_input.shape
    oT = gcols.shape[0] // max(n_seq, 1)
    width = kW * F
    cf, gf = gcols.reshape(-1), grad_input.reshape(-1)
    for r in prange(n_seq * T):
        n = r // T
        t = r % T
        g0 = _U(r * F)
        for f in range(_U(F)):
            gf[g0 + f] = 0.0
        first = 0 if t < kW else (t - kW) // dW + 1  # the first window whose last frame reaches t
        last = min(oT - 1, t // dW)
        for w in range(first, last + 1):
            s0 = _U((n * oT + w) * width + (t - w * dW) * F)
            for f in range(_U(F)):
                gf[g0 + f] += cf[s0 + f]


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


@pjit
def _grad_weight_blocks(gy, cols, n_seq, scale, partial):
    """partial[b] = scale * gy_b.T @ cols_b, gy_b and cols_b the rows of block b's sequences of `gy`
    (N*oT, O) and `cols` (N*oT, kW*F); `partial` (blocks, O, kW*F), each block on one thread."""
    n_out, width = partial.shape[1], partial.shape[2]
    steps = gy.shape[0] // max(n_seq, 1)
    blocks = partial.shape[0]
    for b in prange(blocks):
        first, last = even_block(n_seq, blocks, b)
        r0 = first * steps
        _blas.xgemm(True, False, n_out, width, (last - first) * steps, scale, gy[r0:], n_out, cols[r0:], width, 0.0,
                    partial[b], width)


@jit
def _add_blocks(partial, grad_weight):
    """grad_weight += partial[0] + partial[1] + ..., in order."""
    _add_partials(partial, grad_weight)


def weight_gradient_scratch_shape(n_seq, n_out, width):
    """Shape of `temporal_convolution_acc_grad_parameters`' scratch: one (O, kW*F) partial sum per block
    of sequences."""
    return image_blocks(n_seq), n_out, width


def temporal_convolution_acc_grad_parameters(cols, grad_output, grad_weight, grad_bias, scale, partial):
    """grad_weight (O, kW*F) += scale * grad_output.T @ cols; grad_bias += scale * sums of grad_output per output.

    The product is summed over blocks of sequences into `partial` (of `weight_gradient_scratch_shape`),
    then added in order: one GEMM over the whole batch was split by `_gemm.gemm` into blocks of
    output rows, each packing all of `cols` again (1.5x the time of one BLAS call at batch 32, one thread)."""
    gy = grad_output.reshape(-1, grad_output.shape[2])
    if _blas.AVAILABLE:
        single_threaded(_grad_weight_blocks, gy, cols, grad_output.shape[0], partial.dtype.type(scale), partial)
        _add_blocks(partial, grad_weight)
    else:
        dot(gy.T, cols, grad_weight, alpha=scale, beta=1.0)
    _acc_column_sums(gy, grad_bias, grad_bias.dtype.type(scale))
