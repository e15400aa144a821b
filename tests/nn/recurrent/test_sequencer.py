import numpy as np
import pytest

from nnlib import nn
from nnlib.kernels import softmax as softmax_kernels
from nnlib.random import manual_seed
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


@pytest.mark.parametrize("shape", [(3, 4), (3, 4, 5), (3, 4, 2, 5), (3, 2, 4, 2, 3)])
def test_softmax_family_normalises_each_step_as_rnn_does(shape):
    """Steps of (C,) or (C, H, W) are normalised over their first axis (THNN's rule): the T*N rows are
    not merged, each step is normalised alone, as rnn's step-by-step Sequencer does."""
    rng = np.random.default_rng(4)
    x, gy = rng.standard_normal(shape), rng.standard_normal(shape)
    for make in (nn.SoftMax, nn.LogSoftMax, nn.SoftMin):
        seq = nn.Sequencer(nn.Sequential(nn.Tanh(), make())).astype(np.float64)
        y, gx = seq.forward(x), seq.backward(x, gy)
        steps = [nn.Sequential(nn.Tanh(), make()).astype(np.float64) for _ in x]
        np.testing.assert_array_equal(y, np.stack([m.forward(xt) for m, xt in zip(steps, x)]))
        np.testing.assert_array_equal(gx, np.stack([m.backward(xt, gt) for m, xt, gt in zip(steps, x, gy)]))


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


# -- the fused output layer (Linear -> LogSoftMax with SequencerCriterion(ClassNLLCriterion())) --------
def _output_layer_pair(fused, dtype, vocab=13, hidden=7, seed=0):
    """An LM and its criterion; unfused, an Identity between Linear and LogSoftMax keeps them apart."""
    manual_seed(seed)
    layers = [nn.LookupTable(vocab, 5), nn.GRU(5, hidden), nn.Linear(hidden, vocab)]
    layers += [nn.LogSoftMax()] if fused else [nn.Identity(), nn.LogSoftMax()]
    return nn.Sequencer(nn.Sequential(*layers)).astype(dtype), nn.SequencerCriterion(nn.ClassNLLCriterion()).astype(dtype)


def _step(seq, criterion, ids, targets):
    seq.zero_grad_parameters()
    out = seq.forward(ids)
    loss = criterion.forward(out, targets)
    gx = seq.backward(ids, criterion.backward(out, targets))
    return loss, out.copy(), None if gx is None else np.array(gx), [g.copy() for g in seq.parameters()[1]]


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 1e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("steps, batch", [(1, 1), (5, 3)])
def test_fused_output_layer_matches_separate_modules(dtype, rtol, steps, batch, monkeypatch):
    rng = np.random.default_rng(6)
    ids, targets = rng.integers(0, 13, (steps, batch)), rng.integers(0, 13, (steps, batch))
    fused, crit_f = _output_layer_pair(True, dtype)
    plain, crit_p = _output_layer_pair(False, dtype)
    loss_p, out_p, _, grads_p = _step(plain, crit_p, ids, targets)
    assert not plain._fused

    def not_in_the_fused_plan(*args):
        raise AssertionError("LogSoftMax's backward ran instead of the fused gradient")
    monkeypatch.setattr(softmax_kernels, "log_softmax_update_grad_input", not_in_the_fused_plan)
    loss_f, out_f, _, grads_f = _step(fused, crit_f, ids, targets)
    assert loss_f == pytest.approx(loss_p, rel=rtol)
    np.testing.assert_allclose(out_f, out_p, rtol=rtol, atol=rtol)
    for a, b in zip(grads_f, grads_p):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * np.abs(b).max())


def test_fused_output_layer_float64_finite_differences():
    """The fused backward's parameter gradients against central differences of the loss."""
    rng = np.random.default_rng(7)
    ids, targets = rng.integers(0, 13, (3, 2)), rng.integers(0, 13, (3, 2))
    seq, crit = _output_layer_pair(True, np.float64)
    _, _, _, grads = _step(seq, crit, ids, targets)
    params = seq.parameters()[0]
    for p, g in zip(params, grads):
        flat, gflat = p.reshape(-1), g.reshape(-1)
        for k in rng.choice(flat.size, min(flat.size, 6), replace=False):
            old = flat[k]
            flat[k] = old + 1e-6
            up = crit.forward(seq.forward(ids), targets)
            flat[k] = old - 1e-6
            down = crit.forward(seq.forward(ids), targets)
            flat[k] = old
            assert gflat[k] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-8)


def test_fused_path_only_for_the_criterions_own_gradient():
    """A gradient that is not the criterion's own (a scaled copy) goes through LogSoftMax's backward;
    the criterion's own is read-only, so it cannot be changed on the way."""
    rng = np.random.default_rng(8)
    ids, targets = rng.integers(0, 13, (4, 2)), rng.integers(0, 13, (4, 2))
    seq, crit = _output_layer_pair(True, np.float64)
    ref, ref_crit = _output_layer_pair(False, np.float64)
    out = seq.forward(ids)
    crit.forward(out, targets)
    g = crit.backward(out, targets)
    with pytest.raises(ValueError, match="read-only"):
        g *= 2
    seq.zero_grad_parameters()
    gx_scaled = seq.backward(ids, 2 * g)
    ref.zero_grad_parameters()
    ref.forward(ids)
    ref.backward(ids, 2 * ref_crit.backward(ref.output, targets))
    for a, b in zip(seq.parameters()[1], ref.parameters()[1]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    assert gx_scaled is None or np.all(np.isfinite(gx_scaled))


def test_fused_output_layer_with_ignored_labels():
    rng = np.random.default_rng(9)
    ids, targets = rng.integers(0, 13, (3, 4)), rng.integers(0, 13, (3, 4))
    targets[1, 2] = targets[0, 0] = -1
    results = []
    for fused in (True, False):
        seq, _ = _output_layer_pair(fused, np.float64)
        crit = nn.SequencerCriterion(nn.ClassNLLCriterion(ignore_index=-1)).astype(np.float64)
        results.append(_step(seq, crit, ids, targets))
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-12)
    for a, b in zip(results[0][3], results[1][3]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_linear_with_cross_entropy_equals_log_softmax_with_nll():
    rng = np.random.default_rng(10)
    ids, targets = rng.integers(0, 13, (5, 3)), rng.integers(0, 13, (5, 3))
    seq, crit = _output_layer_pair(True, np.float32)
    ce_model = nn.Sequencer(nn.Sequential(*seq.module.modules[:-1]))
    ce = nn.SequencerCriterion(nn.CrossEntropyCriterion())
    loss_nll, _, _, grads_nll = _step(seq, crit, ids, targets)
    loss_ce, _, _, grads_ce = _step(ce_model, ce, ids, targets)
    assert loss_ce == pytest.approx(loss_nll, rel=1e-5)
    for a, b in zip(grads_ce, grads_nll):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5 * np.abs(b).max())


def _train(fused, steps=50, seed=11):
    seq, crit = _output_layer_pair(fused, np.float32, vocab=23, hidden=9, seed=seed)
    seq.remember("both")
    params, grads = seq.get_parameters()
    data = np.random.default_rng(seed).integers(0, 23, (steps, 6, 4))
    loss = None
    for k in range(steps):
        ids, targets = data[k, :-1], data[k, 1:]
        grads.fill(0)
        out = seq.forward(ids)
        loss = crit.forward(out, targets)
        seq.backward(ids, crit.backward(out, targets))
        params -= np.float32(0.5) * grads
    return loss, params.copy()


def test_fused_and_unfused_lm_train_alike_and_repeat_bit_for_bit():
    loss_fused, params_fused = _train(True)
    loss_plain, _ = _train(False)
    assert loss_fused == pytest.approx(loss_plain, abs=1e-4)
    loss_again, params_again = _train(True)
    assert loss_again == loss_fused and np.array_equal(params_again, params_fused)
