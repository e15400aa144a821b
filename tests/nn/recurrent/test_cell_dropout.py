"""rnn's dropout option (p, mono) of LSTM, FastLSTM and GRU: per-gate masks on x and the state, fixed over a
sequence, redrawn after a backward, off in evaluate()."""
import numpy as np
import pytest

import nnlib
from nnlib import nn
from nnlib.nn.module import Module
from nnlib.testing import check_module_gradients

from ._recurrent_checks import StepUnroll, ZeroRows, grads_after, zero_padded

CELLS = {"LSTM": lambda i, h, **kw: nn.LSTM(i, h, **kw), "FastLSTM": lambda i, h, **kw: nn.FastLSTM(i, h, **kw),
         "GRU": lambda i, h, **kw: nn.GRU(i, h, **kw)}
GATES = {"LSTM": 4, "FastLSTM": 4, "GRU": 3}


@pytest.fixture(params=list(CELLS))
def name(request):
    return request.param


def _x(steps=4, n=2, size=3, seed=0):
    return np.random.default_rng(seed).standard_normal((steps, n, size))


def _masks(name, n, size, hidden, p=0.4, seed=1):
    rng = np.random.default_rng(seed)
    g = GATES[name]
    return ((rng.random((g, n, size)) > p) / (1 - p), (rng.random((g, n, hidden)) > p) / (1 - p))


class FixedMasks(Module):
    """Test helper: installs the same dropout masks on `cell` before each forward of `inner`."""

    def __init__(self, inner, cell, masks):
        super().__init__()
        self.inner, self.cell, self.masks = inner, cell, masks

    def children(self):
        return [self.inner]

    def update_output(self, input):
        self.cell.set_dropout_masks(*self.masks)
        self.output = self.inner.forward(input)
        return self.output

    def backward(self, input, grad_output, scale=1.0):
        self.grad_input = self.inner.backward(input, grad_output, scale)
        return self.grad_input


@pytest.mark.parametrize("hidden", [4, 33])  # the fused numba loop and the BLAS-per-step path
def test_gradients_with_fixed_masks_in_both_paths(name, hidden):
    size = 3 if hidden < 10 else 2
    cell = CELLS[name](size, hidden, p=0.4).astype(np.float64)
    masks = _masks(name, 2, size, hidden)
    check_module_gradients(FixedMasks(nn.Sequencer(cell), cell, masks), _x(steps=4 if hidden < 10 else 2, size=size))
    if hidden < 10:  # the step path shares the kernel drivers: one size is enough
        check_module_gradients(FixedMasks(StepUnroll(cell), cell, masks), _x(size=size))


def test_gradients_with_masked_steps(name):
    cell = CELLS[name](3, 4, p=0.3, mono=True).astype(np.float64).mask_zero()
    masks = _masks(name, 2, 3, 4, p=0.3)
    pads = [(0, 1), (2, 0)]
    x = zero_padded(_x(steps=4), pads)
    check_module_gradients(ZeroRows(FixedMasks(nn.Sequencer(cell), cell, masks), pads), x)
    check_module_gradients(ZeroRows(FixedMasks(StepUnroll(cell), cell, masks), pads), x)


def test_step_api_matches_sequencer_under_the_same_masks(name):
    cell = CELLS[name](3, 5, p=0.5).astype(np.float64)
    masks = _masks(name, 3, 3, 5, p=0.5)
    x = _x(steps=5, n=3)
    gy = np.random.default_rng(4).standard_normal((5, 3, 5))
    a = grads_after(FixedMasks(nn.Sequencer(cell), cell, masks), x, gy)
    b = grads_after(FixedMasks(StepUnroll(cell), cell, masks), x, gy)
    for u, v in zip([a[0], a[1]] + a[2], [b[0], b[1]] + b[2]):
        np.testing.assert_allclose(u, v, rtol=1e-10, atol=1e-12)


def test_evaluate_turns_dropout_off(name):
    nnlib.manual_seed(0)
    dropped = CELLS[name](3, 5, p=0.5).astype(np.float64)
    plain = CELLS[name](3, 5).astype(np.float64)
    for a, b in zip(plain.parameters()[0], dropped.parameters()[0]):
        a[...] = b
    x = _x()
    train_out = np.array(nn.Sequencer(dropped).forward(x), copy=True)
    expected = nn.Sequencer(plain).forward(x)
    assert not np.allclose(train_out, expected)
    np.testing.assert_array_equal(nn.Sequencer(dropped).evaluate().forward(x), expected)
    # in training, masks of ones are no dropout
    ones = tuple(np.ones_like(m) for m in dropped.dropout_masks())
    np.testing.assert_array_equal(FixedMasks(nn.Sequencer(dropped).training(), dropped, ones).forward(x), expected)


def test_masks_are_kept_until_a_backward(name):
    nnlib.manual_seed(1)
    seq = nn.Sequencer(CELLS[name](3, 5, p=0.5))
    x = _x().astype(np.float32)
    first = np.array(seq.forward(x), copy=True)
    np.testing.assert_array_equal(seq.forward(x), first)  # rnn's lazy Dropout: no backward, same masks
    seq.backward(x, np.ones_like(first))
    assert not np.allclose(seq.forward(x), first)
    with pytest.raises(ValueError, match="shapes"):
        seq.module.set_dropout_masks(np.ones((2, 2, 3)), np.ones((2, 2, 5)))


def test_mono_shares_one_mask_row_across_the_batch(name):
    cell = CELLS[name](3, 4, p=0.5, mono=True)
    nn.Sequencer(cell).forward(_x(n=3).astype(np.float32))
    for m in cell.dropout_masks():
        assert m.shape[1] == 3 and (m == m[:, :1]).all()
        assert set(np.unique(m)) <= {0.0, 2.0}
    assert "p=0.5, mono" in repr(cell)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        nn.GRU(3, 4, p=1.0)
    with pytest.raises(ValueError, match="batch normalisation"):
        nn.FastLSTM(3, 4, 10, 1e-5)


def test_torch7_files_keep_a_fast_lstms_dropout(tmp_path):
    import nnlib.torch7
    nnlib.torch7.save(tmp_path / "m.t7", nn.FastLSTM(3, 4, p=0.5, mono=True))
    loaded = nnlib.torch7.load(tmp_path / "m.t7")
    assert (loaded.p, loaded.mono) == (0.5, True)
