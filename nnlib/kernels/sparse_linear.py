"""Linear maps of sparse inputs (Torch7's SparseLinear and IndexLinear), in compressed-row form.

A batch of sparse samples is `starts` (N + 1,) offsets into `cols` (feature
index per entry, int64) and `vals` (its value): sample h owns entries
starts[h]:starts[h + 1]. Forward loops split the batch across threads (each
writes its own output row); weight-gradient loops split the output units
(each writes its own row of the gradient), so no element has two writers and
sums run in entry order whatever the thread count.
"""
from ._config import auto_parallel, jit, prange


@auto_parallel
def sparse_linear_update_output(starts, cols, vals, weight, bias, out):
    """out[h] = bias + sum_e vals[e] * weight[:, cols[e]], weight (out, in) (SparseLinear's layout)."""
    n_out = weight.shape[0]
    for h in prange(out.shape[0]):
        for k in range(n_out):
            out[h, k] = bias[k]
        for e in range(starts[h], starts[h + 1]):
            v = vals[e]
            if v != 0:
                c = cols[e]
                for k in range(n_out):
                    out[h, k] += v * weight[k, c]


@auto_parallel
def sparse_linear_acc_grad_parameters(starts, cols, vals, grad_output, scale, grad_weight):
    """grad_weight[:, cols[e]] += scale * vals[e] * grad_output[h], weight (out, in)."""
    for k in prange(grad_weight.shape[0]):
        for h in range(grad_output.shape[0]):
            g = scale * grad_output[h, k]
            for e in range(starts[h], starts[h + 1]):
                grad_weight[k, cols[e]] += g * vals[e]


@auto_parallel
def index_linear_update_output(starts, rows, vals, weight, bias, out):
    """out[h] = bias + sum_e vals[e] * weight[rows[e], :], weight (in, out) (IndexLinear's layout)."""
    n_out = out.shape[1]
    for h in prange(out.shape[0]):
        for k in range(n_out):
            out[h, k] = bias[k]
        for e in range(starts[h], starts[h + 1]):
            v = vals[e]
            r = rows[e]
            for k in range(n_out):
                out[h, k] += v * weight[r, k]


@jit
def index_linear_acc_grad_parameters(starts, rows, vals, grad_output, scale, grad_weight):
    """grad_weight[rows[e], :] += scale * vals[e] * grad_output[h], in entry order (rows may repeat)."""
    n_out = grad_output.shape[1]
    for h in range(grad_output.shape[0]):
        for e in range(starts[h], starts[h + 1]):
            g = scale * vals[e]
            r = rows[e]
            for k in range(n_out):
                grad_weight[r, k] += g * grad_output[h, k]


@jit
def index_linear_normalize(rows, vals, weight, train, normalized):
    """IndexLinear's max-abs normalisation, entry by entry in order, as Torch7's.

    weight[r, 0:4] holds feature r's max |value| seen in training, its inverse,
    its update scale and its learned offset. In training the max (and its
    inverse) grow first and the scale is set to 1; then
    normalized[e] = vals[e] / max + offset, or sign(vals[e]) + offset beyond the max.
    """
    for e in range(rows.size):
        r = rows[e]
        v = vals[e]
        a = abs(v)
        if train:
            if a > weight[r, 0]:
                weight[r, 0] = a
                weight[r, 1] = 1 / a
            weight[r, 2] = 1
        if a > weight[r, 0]:
            s = 1.0 if v > 0 else (-1.0 if v < 0 else 0.0)
            normalized[e] = s + weight[r, 3]
        else:
            normalized[e] = v * weight[r, 1] + weight[r, 3]


@jit
def index_linear_acc_grad_offsets(starts, rows, grad_output, weight, scale, grad_offsets):
    """grad_offsets[rows[e]] += scale * grad_output[h] . weight[rows[e], :]: the gradient of each
    feature's learned offset in IndexLinear's normalised mode, in entry order."""
    n_out = grad_output.shape[1]
    for h in range(grad_output.shape[0]):
        for e in range(starts[h], starts[h + 1]):
            r = rows[e]
            t = 0.0
            for k in range(n_out):
                t += grad_output[h, k] * weight[r, k]
            grad_offsets[r] += scale * t
