import numpy as np
import pytest

from nnlib import nn
from nnlib.testing import check_module_gradients

from ._recurrent_checks import StepUnroll, grads_after


def _lm(vocab=6, hidden=5):
    return nn.Sequential(nn.LookupTable(vocab, 4), nn.LSTM(4, hidden), nn.Linear(hidden, vocab),
                         nn.LogSoftMax()).astype(np.float64)


def test_any_module_on_ids_gives_time_major_output():
    ids = np.random.default_rng(0).integers(0, 6, (3, 2))
    assert nn.Sequencer(_lm()).forward(ids).shape == (3, 2, 6)


def test_layer_at_a_time_path_matches_recursor_steps():
    """The fast path (per-step layers batched over T*N) equals Torch's clone-per-step Recursor."""
    model = _lm()
    ids = np.random.default_rng(1).integers(0, 6, (4, 3))
    gy = np.random.default_rng(2).standard_normal((4, 3, 6))
    out_a, _, g_a = grads_after(nn.Sequencer(model), ids, gy)
    out_b, _, g_b = grads_after(StepUnroll(nn.Recursor(model)), ids, gy)
    np.testing.assert_allclose(out_a, out_b, rtol=1e-10, atol=1e-12)
    for a, b in zip(g_a, g_b):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_gradients_through_a_stack():
    model = nn.Sequential(nn.Linear(3, 4), nn.GRU(4, 3), nn.Tanh(), nn.LSTM(3, 2)).astype(np.float64)
    check_module_gradients(nn.Sequencer(model), np.random.default_rng(3).standard_normal((3, 1, 3)))


def test_mask_zeroes_output_and_gradient_of_padded_steps():
    seq = nn.Sequencer(_lm())
    ids = np.random.default_rng(4).integers(0, 6, (3, 2))
    mask = np.array([[1, 1], [1, 0], [1, 0]])
    out = seq.forward(ids, mask=mask)
    assert not out[1:, 1].any() and out[:, 0].all()
    seq.zero_grad_parameters()
    seq.backward(ids, np.ones_like(out))
    ref = nn.Sequencer(seq.module)
    ref.zero_grad_parameters()
    gy = np.ones((3, 2, 6))
    gy[1:, 1] = 0
    ref.forward(ids)
    ref.backward(ids, gy)
    # padded steps contribute nothing, so the same as a zero gradient on them without resetting anything
    # (row 1 has no real step after its padding)
    for a, b in zip(seq.parameters()[1], ref.parameters()[1]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_remember_modes():
    seq = nn.Sequencer(nn.LSTM(2, 3))
    x = np.ones((2, 1, 2), dtype=np.float32)
    first = seq.forward(x).copy()
    np.testing.assert_array_equal(seq.forward(x), first)  # 'neither': forgets
    seq.remember("eval")
    seq.forward(x)
    np.testing.assert_array_equal(seq.forward(x), first)  # training mode: still forgets
    seq.evaluate()
    seq.forward(x)
    assert not np.array_equal(seq.forward(x), first)  # eval mode: remembers
    with pytest.raises(ValueError, match="remember mode"):
        seq.remember("always")


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="time-major"):
        nn.Sequencer(nn.LSTM(2, 3)).forward(np.zeros(3, dtype=np.float32))


def test_save_load_round_trip(tmp_path):
    import nnlib
    seq = nn.Sequencer(_lm()).remember("both")
    ids = np.random.default_rng(5).integers(0, 6, (3, 2))
    seq.forward(ids)
    nnlib.save(tmp_path / "lm.h5", seq)
    loaded = nnlib.load(tmp_path / "lm.h5")
    seq.forget()
    np.testing.assert_array_equal(loaded.forward(ids), seq.forward(ids))
    loaded.backward(ids, np.ones((3, 2, 6)))


def test_table_containers_go_step_by_step():
    """A ConcatTable of recurrent modules (table output) runs through a Recursor, a step at a time."""
    lstm, gru = nn.LSTM(2, 3), nn.GRU(2, 2)
    model = nn.Sequential(nn.ConcatTable().add(lstm).add(gru), nn.JoinTable(-1), nn.Tanh()).astype(np.float64)
    x = np.random.default_rng(6).standard_normal((3, 2, 2))
    out = nn.Sequencer(model).forward(x)
    parts = [nn.Sequencer(lstm).forward(x).copy(), nn.Sequencer(gru).forward(x).copy()]
    np.testing.assert_allclose(out, np.tanh(np.concatenate(parts, axis=-1)), rtol=1e-12)
    check_module_gradients(nn.Sequencer(model), x[:, :1].copy())


def test_table_outputs_between_layers_are_a_clear_error():
    model = nn.Sequential(nn.LSTM(2, 4), nn.SplitTable(-1))
    with pytest.raises(ValueError, match="consumes it"):
        nn.Sequencer(model).forward(np.zeros((2, 1, 2), dtype=np.float32))
