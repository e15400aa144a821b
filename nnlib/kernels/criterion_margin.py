"""Multi-class hinge losses on (N, D) scores, as THNN's MultiMargin and MultiLabelMargin criterions.

`<op>_update_output(...) -> loss` sums in float64; `<op>_update_grad_input`
writes every element of its (N, D) `grad_input`. Labels are 0-based and were
checked by the caller (in range; MultiLabelMargin's lists end at the first -1).
"""
import numpy as np

from ._config import jit


@jit
def multi_margin_update_output(input, target, p, weights, margin, size_average):
    """sum_i w[y_i] sum_{j != y_i} max(0, margin - x[i, y_i] + x[i, j])^p / D, / N when size_average."""
    n, d = input.shape
    s = 0.0
    for i in range(n):
        y = target[i]
        xy = input[i, y]
        row = 0.0
        for j in range(d):
            z = margin - xy + input[i, j]
            if j != y and z > 0:
                row += z if p == 1 else z * z
        s += weights[y] * row
    s /= d
    if size_average and n > 0:
        s /= n
    return s


@jit
def multi_margin_update_grad_input(input, target, p, weights, margin, size_average, grad_input):
    n, d = input.shape
    g = 1.0 / (n * d) if size_average else 1.0 / d
    for i in range(n):
        y = target[i]
        xy = input[i, y]
        gw = g * weights[y]
        gy = 0.0
        for j in range(d):
            z = margin - xy + input[i, j]
            if j != y and z > 0:
                h = gw if p == 1 else 2.0 * gw * z
                grad_input[i, j] = h
                gy -= h
            else:
                grad_input[i, j] = 0.0
        grad_input[i, y] = gy


@jit
def _mark_targets(target_row, flags):
    """Set flags[k] for the labels k of one row's list (up to its first -1); returns the list length."""
    flags[:] = False
    count = 0
    for k in target_row:
        if k < 0:
            break
        flags[k] = True
        count += 1
    return count


@jit
def multi_label_margin_update_output(input, target, size_average):
    """sum_i sum_{k in targets_i} sum_{j not in targets_i} max(0, 1 - x[i, k] + x[i, j]) / D, / N when size_average."""
    n, d = input.shape
    flags = np.zeros(d, dtype=np.bool_)
    s = 0.0
    for i in range(n):
        count = _mark_targets(target[i], flags)
        for c in range(count):
            xk = input[i, target[i, c]]
            for j in range(d):
                if not flags[j]:
                    z = 1.0 - xk + input[i, j]
                    if z > 0:
                        s += z
    s /= d
    if size_average and n > 0:
        s /= n
    return s


@jit
def multi_label_margin_update_grad_input(input, target, size_average, grad_input):
    n, d = input.shape
    g = 1.0 / (n * d) if size_average else 1.0 / d
    flags = np.zeros(d, dtype=np.bool_)
    for i in range(n):
        grad_input[i, :] = 0.0
        count = _mark_targets(target[i], flags)
        for c in range(count):
            k = target[i, c]
            xk = input[i, k]
            for j in range(d):
                if not flags[j] and 1.0 - xk + input[i, j] > 0:
                    grad_input[i, k] -= g
                    grad_input[i, j] += g
