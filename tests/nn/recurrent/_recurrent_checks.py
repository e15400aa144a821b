"""Shared checks for recurrent modules: step API vs Sequencer, carry-over, masks."""
import numpy as np

from nnlib import nn
from nnlib.nn.module import Module


class StepUnroll(Module):
    """Test helper: runs a recurrent module through the step API over a (T, N, ...) input."""

    def __init__(self, module):
        super().__init__()
        self.module = module

    def children(self):
        return [self.module]

    def update_output(self, input):
        self.module.forget()
        self.output = np.stack([np.array(self.module.forward(x_t), copy=True) for x_t in input])
        return self.output

    def backward(self, input, grad_output, scale=1.0):
        grads = [np.array(self.module.backward(input[t], grad_output[t], scale), copy=True)
                 for t in range(len(input) - 1, -1, -1)]
        self.grad_input = np.stack(grads[::-1])
        return self.grad_input


def grads_after(model, x, gy, mask=None):
    model.zero_grad_parameters()
    out = np.array(model.forward(x) if mask is None else model.forward(x, mask=mask), copy=True)
    gx = np.array(model.backward(x, gy), copy=True)
    return out, gx, [g.copy() for g in model.parameters()[1]]


def check_step_api_matches_sequencer(module, x):
    """Same weights: the step API (Torch's way) and the Sequencer's fast path agree."""
    seq = nn.Sequencer(module)
    gy = np.random.default_rng(5).standard_normal(seq.forward(x).shape)
    out_a, gx_a, gp_a = grads_after(seq, x, gy)
    out_b, gx_b, gp_b = grads_after(StepUnroll(module), x, gy)
    np.testing.assert_allclose(out_a, out_b, rtol=1e-10, atol=1e-12)
    if gx_a.size:
        np.testing.assert_allclose(gx_a, gx_b, rtol=1e-10, atol=1e-12)
    for a, b in zip(gp_a, gp_b):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def check_state_carry_over(module, x):
    """Two half sequences with remembered state give the outputs of one whole sequence."""
    seq = nn.Sequencer(module)
    whole = np.array(seq.forward(x), copy=True)
    seq.remember("both")
    seq.forget()
    half = len(x) // 2
    first = np.array(seq.forward(x[:half]), copy=True)
    second = np.array(seq.forward(x[half:]), copy=True)
    np.testing.assert_allclose(np.concatenate([first, second]), whole, rtol=1e-10, atol=1e-12)
    seq.remember("neither")
    np.testing.assert_allclose(seq.forward(x[half:]), seq.forward(x[half:]), rtol=0)
    assert not np.allclose(seq.forward(x[half:]), second)  # forgot the state


def check_masked_steps(module, x, take):
    """Right and left padding: real steps' outputs and all gradients equal the unpadded runs.

    `take(x, rows, steps)` slices a (T, N, ...) input.
    """
    rng = np.random.default_rng(7)
    seq = nn.Sequencer(module)
    steps = len(x)
    length = steps - 2
    gy = rng.standard_normal(seq.forward(take(x, [0, 1], slice(None))).shape)
    for pad_left in (False, True):
        mask = np.ones((steps, 2), dtype=np.uint8)
        real = slice(2, steps) if pad_left else slice(0, length)
        mask[:, 1] = 0
        mask[real, 1] = 1
        out, _, grads = grads_after(seq, take(x, [0, 1], slice(None)), gy, mask)
        assert not out[~mask.astype(bool)].any()  # padded steps output zeros
        out0, _, g0 = grads_after(seq, take(x, [0], slice(None)), gy[:, :1])
        out1, _, g1 = grads_after(seq, take(x, [1], real), gy[real, 1:2])
        np.testing.assert_allclose(out[:, 0], out0[:, 0], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(out[real, 1], out1[:, 0], rtol=1e-10, atol=1e-12)
        for g, a, b in zip(grads, g0, g1):
            np.testing.assert_allclose(g, a + b, rtol=1e-9, atol=1e-12)


def zero_padded(x, rows_steps):
    """A copy of the float (T, N, I) `x` with the (step, row) pairs in `rows_steps` set to zero rows."""
    x = np.array(x, copy=True)
    for t, n in rows_steps:
        x[t, n] = 0
    return x


def check_mask_zero(make, x, pads):
    """mask_zero(): zero input rows give zero outputs and reset the state, in the step and sequence paths.

    `make()` builds a float64 module with mask_zero() set; `pads` are (step, row) pairs zeroed in `x`.
    The sequence run equals the same run with the explicit mask; the step API equals the sequence path.
    """
    x = zero_padded(x, pads)
    mask = np.ones(x.shape[:2], dtype=np.uint8)
    for t, n in pads:
        mask[t, n] = 0
    module = make()
    gy = np.random.default_rng(3).standard_normal(nn.Sequencer(module).forward(x).shape)
    out, gx, gp = grads_after(nn.Sequencer(module), x, gy)
    for t, n in pads:
        assert not out[t, n].any()
    plain = make()
    plain.maskzero = False
    for a, b in zip(plain.parameters()[0], module.parameters()[0]):
        a[...] = b
    out_m, gx_m, gp_m = grads_after(nn.Sequencer(plain), x, gy, mask)
    np.testing.assert_allclose(out, out_m, rtol=1e-10, atol=1e-12)
    for a, b in zip(gp, gp_m):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    out_s, gx_s, gp_s = grads_after(StepUnroll(module), x, gy)
    np.testing.assert_allclose(out_s, out, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gx_s, gx, rtol=1e-10, atol=1e-12)
    for a, b in zip(gp_s, gp):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    return x


class ZeroRows(Module):
    """Test helper: zeroes fixed (step, row) pairs of a (T, N, ...) input before `inner`.

    A finite-difference check of mask_zero() must not perturb the padded rows
    (an eps there makes them real); this keeps them zero whatever the input.
    """

    def __init__(self, inner, pads):
        super().__init__()
        self.inner, self.pads = inner, pads

    def children(self):
        return [self.inner]

    def update_output(self, input):
        self.output = self.inner.forward(zero_padded(input, self.pads))
        return self.output

    def backward(self, input, grad_output, scale=1.0):
        self.grad_input = zero_padded(self.inner.backward(zero_padded(input, self.pads), grad_output, scale),
                                      self.pads)
        return self.grad_input
