"""rnn's modules as rnn saves them: FastLSTM's gate order in i2g/o2g, the recurrentModule written for Torch7,
the cells' dropout layout, MuFuRu's Linears, SeqLSTM's (I + H, 4H) weight, LookupTableMaskZero's extra row,
Sequencer's Recursor, RecurrentAttention."""
import numpy as np
import pytest

from nnlib import nn, torch7
from nnlib.torch7 import Torch7MappingError, TorchObject
from nnlib.torch7.mapping import ToTorch, to_nnlib
from nnlib.torch7.reader import read_bytes
from nnlib.torch7.writer import write_bytes

from ._trees import assert_matches_torchfile


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _rnn_lstm_steps(wi, bi, wh, xs, h):
    """rnn's FastLSTM from its i2g (wi, bi) and o2g (wh): gates [input | hidden | forget | output]."""
    hs, c, prev = [], np.zeros((xs.shape[1], h)), np.zeros((xs.shape[1], h))
    for x in xs:
        z = x @ wi.T + bi + prev @ wh.T
        i, g, f, o = _sigmoid(z[:, :h]), np.tanh(z[:, h:2 * h]), _sigmoid(z[:, 2 * h:3 * h]), _sigmoid(z[:, 3 * h:])
        c = i * g + f * c
        prev = o * np.tanh(c)
        hs.append(prev)
    return np.stack(hs)


def _raw_linear(w, b=None):
    fields = {"weight": w, "gradWeight": np.zeros_like(w), "train": True}
    if b is not None:
        fields.update(bias=b, gradBias=np.zeros_like(b))
    return TorchObject("nn.Linear" if b is not None else "nn.LinearNoBias", fields)


def test_a_fastlstm_as_rnn_saves_it_computes_rnns_lstm():
    rng = np.random.default_rng(0)
    d, h = 3, 4
    wi, bi, wh = rng.standard_normal((4 * h, d)), rng.standard_normal(4 * h), rng.standard_normal((4 * h, h))
    raw = TorchObject("nn.Sequencer", {"modules": [TorchObject("nn.FastLSTM", {
        "inputSize": float(d), "outputSize": float(h), "rho": 9999.0, "p": 0.0, "i2g": _raw_linear(wi, bi),
        "o2g": _raw_linear(wh), "recurrentModule": TorchObject("nn.Sequential", {}), "train": False})],
        "_remember": "neither", "train": False})
    seq = to_nnlib(raw)
    assert isinstance(seq, nn.Sequencer) and isinstance(seq.module, nn.FastLSTM) and seq.dtype == np.float64
    xs = rng.standard_normal((3, 2, d))
    np.testing.assert_allclose(seq.forward(xs), _rnn_lstm_steps(wi, bi, wh, xs, h), rtol=1e-12, atol=1e-12)


def test_the_recurrent_module_written_for_torch7_computes_the_same_steps():
    lstm = nn.FastLSTM(3, 4).astype(np.float64)
    lstm.bias[...] = np.random.default_rng(1).standard_normal(16)
    raw = read_bytes(write_bytes(lstm, convert=ToTorch()))
    step = to_nnlib(raw["recurrentModule"])  # rnn's {x, h, c} -> {h', c'} Sequential, as Torch7 runs it
    gates = raw["recurrentModule"]["modules"][0]["modules"][0]
    assert gates["modules"][1]["modules"] == [raw["i2g"], raw["o2g"]]  # the same objects, as rnn's
    xs = np.random.default_rng(2).standard_normal((3, 2, 3))
    h = c = np.zeros((2, 4))
    ours = nn.Sequencer(lstm).forward(xs)
    for t, x in enumerate(xs):
        h, c = step.forward([x, h, c])
        np.testing.assert_allclose(h, ours[t], rtol=1e-12, atol=1e-12)


def test_seqlstm_reads_rnns_single_weight():
    rng = np.random.default_rng(3)
    d, h = 2, 3
    weight, bias = rng.standard_normal((d + h, 4 * h)), rng.standard_normal(4 * h)
    raw = TorchObject("nn.SeqLSTM", {"inputsize": float(d), "hiddensize": float(h), "outputsize": float(h),
                                     "weight": weight, "bias": bias, "_remember": "neither"})
    lstm = to_nnlib(raw)
    np.testing.assert_array_equal(lstm.weight_x, weight[:d].T)
    np.testing.assert_array_equal(lstm.weight_h, weight[d:].T)
    # SeqLSTM's gates are [i | f | o | g] along the columns: as rnn's FastLSTM with its blocks reordered
    xs = rng.standard_normal((4, 2, d))
    blocks = np.split(np.concatenate([weight[:d].T, weight[d:].T, bias[:, None]], 1), 4)
    fast = np.concatenate([blocks[0], blocks[3], blocks[1], blocks[2]])
    want = _rnn_lstm_steps(fast[:, :d], fast[:, -1], fast[:, d:-1], xs, h)
    np.testing.assert_allclose(lstm.forward(xs), want, rtol=1e-12, atol=1e-12)


def test_lookup_table_mask_zero_drops_rnns_padding_row():
    weight = np.arange(12, dtype=np.float32).reshape(4, 3)
    weight[0] = 0
    table = to_nnlib(TorchObject("nn.LookupTableMaskZero", {"weight": weight, "gradWeight": np.zeros_like(weight)}))
    assert table.n_index == 3
    # rnn's ids 1..3 are nnlib's 0..2, its 0 (padding) nnlib's -1
    np.testing.assert_array_equal(table.forward(np.array([2, -1])), [weight[3], np.zeros(3)])


def test_a_sequencer_of_a_plain_module_holds_a_recursor_in_the_file(tmp_path):
    seq = nn.Sequencer(nn.Linear(3, 2))
    torch7.save(tmp_path / "s.t7", seq)
    raw = torch7.load(tmp_path / "s.t7", strict=False)
    assert raw["modules"][0].typename == "nn.Recursor" and raw["modules"][0]["modules"][0].typename == "nn.Linear"
    back = torch7.load(tmp_path / "s.t7")
    assert type(back.module) is nn.Linear
    xs = np.ones((2, 1, 3), np.float32)
    np.testing.assert_array_equal(back.forward(xs), seq.forward(xs))


def test_seqgru_reads_rnns_single_weight():
    rng = np.random.default_rng(4)
    d, h = 2, 3
    weight, bias = rng.standard_normal((d + h, 3 * h)), rng.standard_normal(3 * h)
    gru = to_nnlib(TorchObject("nn.SeqGRU", {"inputSize": float(d), "outputSize": float(h), "weight": weight,
                                             "bias": bias, "maskzero": False}))
    xs = rng.standard_normal((4, 2, d))
    # rnn's SeqGRU forward (SeqGRU.lua): r, u from x Wx + h Wh + b; hc = tanh(x Wx + (r * h) Wh + b);
    # next h = (1 - u) * hc + u * h
    wx, wh, prev, want = weight[:d], weight[d:], np.zeros((2, h)), []
    for x in xs:
        a = x @ wx + bias
        r, u = _sigmoid(a[:, :h] + prev @ wh[:, :h]), _sigmoid(a[:, h:2 * h] + prev @ wh[:, h:2 * h])
        hc = np.tanh(a[:, 2 * h:] + (r * prev) @ wh[:, 2 * h:])
        prev = (1 - u) * hc + u * prev
        want.append(prev)
    np.testing.assert_allclose(gru.forward(xs), np.stack(want), rtol=1e-12, atol=1e-12)


def _steps(step, xs, state):
    outs = []
    for x in xs:
        out = step.forward([x, *state])
        state = [np.array(o) for o in (out if isinstance(out, list) else [out])]  # copies: modules reuse buffers
        outs.append(state[0])
    return np.stack(outs)


def test_rnns_lstm_and_gru_as_written_for_torch7_compute_nnlibs_steps():
    rng = np.random.default_rng(5)
    xs = rng.standard_normal((3, 2, 3))
    for cell, state in ((nn.LSTM(3, 4), 2), (nn.LSTM(3, 4, 9, False), 2), (nn.GRU(3, 4), 1)):
        cell = cell.astype(np.float64)
        cell.bias[...] = rng.standard_normal(cell.bias.shape)
        raw = read_bytes(write_bytes(cell, convert=ToTorch()))
        step = to_nnlib(raw["recurrentModule"]).evaluate()  # rnn's {x, h[, c]} -> h or {h, c}, as Torch7 runs it
        np.testing.assert_allclose(_steps(step, xs, [np.zeros((2, 4))] * state), nn.Sequencer(cell).forward(xs),
                                   rtol=1e-12, atol=1e-12)
        assert to_nnlib(raw).weight_x.tobytes() == cell.weight_x.tobytes()


def test_a_gru_as_rnn_saves_it_with_its_sadd_loads():
    gru = nn.GRU(3, 4).astype(np.float64)
    raw = read_bytes(write_bytes(gru, convert=ToTorch()))
    # rnn's own model computes 1 - z with SAdd(-1, true), a class nnlib does not map: only the Linears are read
    z1 = raw["recurrentModule"]["modules"][4]["modules"][0]["modules"][0]["modules"][0]["modules"][1]
    z1["modules"] = [z1["modules"][0], TorchObject("nn.SAdd", {"addend": -1.0, "negate": True})]
    back = to_nnlib(raw)
    xs = np.random.default_rng(6).standard_normal((2, 2, 3))
    np.testing.assert_array_equal(nn.Sequencer(back).forward(xs), nn.Sequencer(gru).forward(xs))


def _raw(name, **fields):
    return TorchObject(name, {"train": True, **fields})


def test_a_recurrent_as_rnn_saves_it_computes_rnns_steps():
    rng = np.random.default_rng(7)
    d, h = 3, 4
    wi, bi, wf, bf, bs = (rng.standard_normal(s) for s in ((h, d), h, (h, h), h, h))
    start, inp, fb = _raw("nn.Add", bias=bs, gradBias=np.zeros(h)), _raw_linear(wi, bi), _raw_linear(wf, bf)
    transfer, merge = _raw("nn.Sigmoid"), _raw("nn.CAddTable")
    # rnn's Recurrent: its five modules, and initialModule/recurrentModule built around them
    raw = TorchObject("nn.Recurrent", {
        "startModule": start, "inputModule": inp, "feedbackModule": fb, "transferModule": transfer,
        "mergeModule": merge, "rho": 5.0, "modules": [start, inp, fb, transfer, merge], "train": True,
        "initialModule": _raw("nn.Sequential", modules=[inp, start, transfer]),
        "recurrentModule": _raw("nn.Sequential", modules=[_raw("nn.ParallelTable", modules=[inp, fb]), merge,
                                                          transfer])})
    rec = to_nnlib(raw)
    assert isinstance(rec, nn.Recurrent) and rec.rho == 5
    xs = rng.standard_normal((3, 2, d))
    # Recurrent.lua: output(1) = transfer(start(input(x1))), output(t) = transfer(input(x_t) + feedback(output(t-1)))
    prev, want = None, []
    for x in xs:
        a = x @ wi.T + bi
        prev = _sigmoid(a + bs if prev is None else a + prev @ wf.T + bf)
        want.append(prev)
    np.testing.assert_allclose(nn.Sequencer(rec).forward(xs), np.stack(want), rtol=1e-12, atol=1e-12)


def test_a_recurrence_as_rnn_saves_it_computes_rnns_steps():
    rng = np.random.default_rng(8)
    d, h = 3, 4
    wi, bi, wh = rng.standard_normal((h, d)), rng.standard_normal(h), rng.standard_normal((h, h))
    step = _raw("nn.Sequential", modules=[_raw("nn.ParallelTable", modules=[_raw_linear(wi, bi), _raw_linear(wh)]),
                                          _raw("nn.CAddTable"), _raw("nn.Tanh")])
    # rnn's maskZero(1) wrapped recurrentModule; `module` stays the step module
    raw = TorchObject("nn.Recurrence", {"module": step, "recurrentModule": _raw("nn.MaskZero", modules=[step],
                                                                                  nInputDim=1.0),
                                        "modules": [step], "outputSize": [float(h)], "nInputDim": 1.0, "rho": 9.0,
                                        "train": True})
    rec = to_nnlib(raw)
    assert isinstance(rec, nn.Recurrence) and rec.maskzero and rec.output_size == (h,)
    xs = rng.standard_normal((3, 2, d))
    xs[1, 0] = 0  # a zero row: MaskZero zeroes its output (and the next step starts from zero)
    prev, want = np.zeros((2, h)), []
    for x in xs:  # Recurrence.lua: output(t) = module{x_t, output(t-1)}, output(0) = zeros(outputSize)
        prev = np.tanh(x @ wi.T + bi + prev @ wh.T) * (np.abs(x).sum(1, keepdims=True) != 0)
        want.append(prev)
    np.testing.assert_allclose(nn.Sequencer(rec).forward(xs), np.stack(want), rtol=1e-12, atol=1e-12)


def test_seqlstmp_reads_rnns_weight_and_projection():
    rng = np.random.default_rng(9)
    d, h, r = 2, 4, 3
    weight, bias, weight_o = rng.standard_normal((d + r, 4 * h)), rng.standard_normal(4 * h), \
        rng.standard_normal((h, r))
    lstm = to_nnlib(TorchObject("nn.SeqLSTMP", {"inputsize": float(d), "hiddensize": float(h),
                                                "outputsize": float(r), "weight": weight, "bias": bias,
                                                "weightO": weight_o, "_remember": "neither"}))
    assert isinstance(lstm, nn.SeqLSTMP) and (lstm.hidden_size, lstm.output_size) == (h, r)
    xs = rng.standard_normal((4, 2, d))
    # SeqLSTM.lua with SeqLSTMP:adapter: gates [i | f | o | g] from [x, h_prev] weight + bias over the columns;
    # c = f c + i g; the cell output o tanh(c) is projected by weightO into the next h
    prev, c, want = np.zeros((2, r)), np.zeros((2, h)), []
    for x in xs:
        a = np.concatenate([x, prev], 1) @ weight + bias
        i, f, o, g = _sigmoid(a[:, :h]), _sigmoid(a[:, h:2 * h]), _sigmoid(a[:, 2 * h:3 * h]), np.tanh(a[:, 3 * h:])
        c = f * c + i * g
        prev = (o * np.tanh(c)) @ weight_o
        want.append(prev)
    np.testing.assert_allclose(lstm.forward(xs), np.stack(want), rtol=1e-12, atol=1e-12)


def _raw_fast_lstm(rng, d, h):
    wi, bi, wh = rng.standard_normal((4 * h, d)), rng.standard_normal(4 * h), rng.standard_normal((4 * h, h))
    raw = TorchObject("nn.FastLSTM", {"inputSize": float(d), "outputSize": float(h), "rho": 9999.0, "p": 0.0,
                                      "i2g": _raw_linear(wi, bi), "o2g": _raw_linear(wh), "train": True,
                                      "recurrentModule": TorchObject("nn.Sequential", {})})
    return raw, (wi, bi, wh)


def test_a_bisequencer_as_rnn_saves_it_joins_both_directions():
    rng = np.random.default_rng(10)
    (fwd, wf), (bwd, wb) = _raw_fast_lstm(rng, 3, 4), _raw_fast_lstm(rng, 3, 2)
    raw = TorchObject("nn.BiSequencer", {"forwardModule": fwd, "backwardModule": bwd, "train": True,
                                         "mergeModule": _raw("nn.JoinTable", dimension=1.0, nInputDims=1.0)})
    bi = to_nnlib(raw)
    xs = rng.standard_normal((3, 2, 3))
    # BiSequencer.lua: JoinTable(1, 1) of the forward steps and the backward LSTM's steps over the reversed input
    want = np.concatenate([_rnn_lstm_steps(*wf, xs, 4), _rnn_lstm_steps(*wb, xs[::-1], 2)[::-1]], -1)
    np.testing.assert_allclose(bi.forward(xs), want, rtol=1e-12, atol=1e-12)
    raw.fields["mergeModule"] = _raw("nn.CAddTable")
    with pytest.raises(Torch7MappingError, match="mergeModule' is nn.CAddTable"):
        to_nnlib(raw)


def test_a_seqbrnn_as_rnn_saves_it_sums_both_directions():
    rng = np.random.default_rng(11)
    d, h = 2, 3

    def seq_lstm():
        weight, bias = rng.standard_normal((d + h, 4 * h)), rng.standard_normal(4 * h)
        raw = TorchObject("nn.SeqLSTM", {"inputsize": float(d), "hiddensize": float(h), "outputsize": float(h),
                                         "weight": weight, "bias": bias, "_remember": "neither", "train": True})
        blocks = np.split(np.concatenate([weight[:d].T, weight[d:].T, bias[:, None]], 1), 4)
        fast = np.concatenate([blocks[0], blocks[3], blocks[1], blocks[2]])  # [i f o g] -> FastLSTM's [i g f o]
        return raw, (fast[:, :d], fast[:, -1], fast[:, d:-1])

    (fwd, wf), (bwd, wb) = seq_lstm(), seq_lstm()
    merge = _raw("nn.CAddTable")
    # batch-first: rnn's module starts with Transpose({1, 2}) (no flag is saved)
    module = _raw("nn.Sequential", modules=[_raw("nn.Transpose", permutations=[[1.0, 2.0]]), _raw("nn.ConcatTable"),
                                            merge, _raw("nn.Transpose", permutations=[[1.0, 2.0]])])
    brnn = to_nnlib(TorchObject("nn.SeqBRNN", {"forwardModule": fwd, "backwardModule": bwd, "merge": merge,
                                               "dim": 1.0, "module": module, "train": True}))
    assert brnn.batch_first
    xs = rng.standard_normal((2, 4, d))  # N x T
    ts = xs.swapaxes(0, 1)
    want = _rnn_lstm_steps(*wf, ts, h) + _rnn_lstm_steps(*wb, ts[::-1], h)[::-1]
    np.testing.assert_allclose(brnn.forward(xs), want.swapaxes(0, 1), rtol=1e-12, atol=1e-12)


def test_a_bisequencerlm_as_rnn_saves_it_reads_neighbouring_steps():
    rng = np.random.default_rng(12)
    (fwd, wf), (bwd, wb) = _raw_fast_lstm(rng, 3, 4), _raw_fast_lstm(rng, 3, 2)
    bwd = TorchObject("nn.Sequencer", {"modules": [bwd], "_remember": "neither", "train": True})  # a Sequencer
    lm = to_nnlib(TorchObject("nn.BiSequencerLM", {"forwardModule": fwd, "backwardModule": bwd, "train": True,
                                                   "mergeModule": _raw("nn.JoinTable", dimension=1.0,
                                                                       nInputDims=1.0)}))
    xs = rng.standard_normal((4, 2, 3))
    # BiSequencerLM.lua: {zeros, fwd(x1..x(T-1))} joined with {bwd(x2..xT reversed) unreversed, zeros}
    fwd_out = np.concatenate([np.zeros((1, 2, 4)), _rnn_lstm_steps(*wf, xs[:-1], 4)])
    bwd_out = np.concatenate([_rnn_lstm_steps(*wb, xs[:0:-1], 2)[::-1], np.zeros((1, 2, 2))])
    np.testing.assert_allclose(lm.forward(xs), np.concatenate([fwd_out, bwd_out], -1), rtol=1e-12, atol=1e-12)


def test_a_recurrent_attention_as_rnn_saves_it_computes_its_glimpse_steps():
    rng = np.random.default_rng(13)
    w, b, wa, ba = rng.standard_normal((4, 5)), rng.standard_normal(4), rng.standard_normal((2, 4)), \
        rng.standard_normal(2)
    # rnn wraps both its non-recurrent rnn and action modules in Recursors; hiddenSize is a table
    step = _raw("nn.Sequential", modules=[_raw("nn.JoinTable", dimension=2.0), _raw_linear(w, b), _raw("nn.Tanh")])
    raw = TorchObject("nn.RecurrentAttention", {
        "rnn": _raw("nn.Recursor", modules=[step], rho=9999.0), "nStep": 3.0, "hiddenSize": [4.0],
        "action": _raw("nn.Recursor", modules=[_raw_linear(wa, ba)], rho=9999.0), "forwardActions": False,
        "train": True})
    attention = to_nnlib(raw)
    assert isinstance(attention, nn.RecurrentAttention) and attention.n_step == 3 and attention.hidden_size == (4,)
    x = rng.standard_normal((2, 3))
    # RecurrentAttention.lua: action(1) from zeros(N, hiddenSize), action(t) from output(t-1);
    # output(t) = rnn{x, action(t)}
    prev, want = np.zeros((2, 4)), []
    for _ in range(3):
        prev = np.tanh(np.concatenate([x, prev @ wa.T + ba], 1) @ w.T + b)
        want.append(prev)
    np.testing.assert_allclose(attention.forward(x), np.stack(want), rtol=1e-12, atol=1e-12)
    raw.fields["forwardActions"] = True
    with pytest.raises(Torch7MappingError, match="forwardActions"):
        to_nnlib(raw)


def _raw_of(raw, name):
    """The objects of class `name` inside a raw tree, depth first through `modules`."""
    if not isinstance(raw, TorchObject):
        return []
    if raw.typename == name:
        return [raw]
    return [d for child in raw.get("modules") or [] for d in _raw_of(child, name)]


def test_cells_with_dropout_are_written_as_rnn_builds_them():
    rng = np.random.default_rng(14)
    xs = rng.standard_normal((3, 2, 3))
    # rnn's buildModel with p > 0: a lazy Dropout(p, false, false, true, mono) before every gate's Linear; FastLSTM
    # and GRU split i2g/o2g into per-gate Linears (Sequential(ConcatTable(Dropouts), ParallelTable, JoinTable(2)))
    for cell, dropouts, per_gate in ((nn.FastLSTM(3, 4, p=0.25, mono=True), 8, 4), (nn.LSTM(3, 4, p=0.5), 8, None),
                                     (nn.GRU(3, 4, p=0.25), 6, 2)):
        cell = cell.astype(np.float64)
        cell.bias[...] = rng.standard_normal(cell.bias.shape)
        raw = read_bytes(write_bytes(cell, convert=ToTorch()))
        assert (raw["p"], raw["mono"]) == (cell.p, cell.mono)
        drops = _raw_of(raw["recurrentModule"], "nn.Dropout")
        assert len(drops) == dropouts and all(
            (d["p"], d["lazy"], d["mono"], d["v2"], d["inplace"]) == (cell.p, True, cell.mono, True, False)
            for d in drops)
        if per_gate:
            i2g, o2g = raw["i2g"], raw["o2g"]
            assert [m.typename for m in i2g["modules"]] == ["nn.ConcatTable", "nn.ParallelTable", "nn.JoinTable"]
            assert i2g["modules"][2]["dimension"] == 2.0 and len(i2g["modules"][1]["modules"]) == per_gate
            assert all(m["weight"].shape == (4, 4) and "bias" not in m.fields for m in o2g["modules"][1]["modules"])
        back = to_nnlib(raw)
        assert type(back) is type(cell) and (back.p, back.mono) == (cell.p, cell.mono)
        for name in ("weight_x", "weight_h", "bias"):
            assert getattr(back, name).tobytes() == getattr(cell, name).tobytes()
        step = to_nnlib(raw["recurrentModule"]).evaluate()  # without dropout, rnn's step computes nnlib's cell
        state = [np.zeros((2, 4))] * (1 if isinstance(cell, nn.GRU) else 2)
        np.testing.assert_allclose(_steps(step, xs, state), nn.Sequencer(cell).evaluate().forward(xs),
                                   rtol=1e-12, atol=1e-12)


def test_an_older_fastlstm_with_a_biased_o2g_adds_both_biases():
    rng = np.random.default_rng(17)
    raw, (wi, bi, wh) = _raw_fast_lstm(rng, 3, 4)
    bh = rng.standard_normal(16)
    raw.fields["o2g"] = _raw_linear(wh, bh)  # rnn's FastLSTM before LinearNoBias: o2g = nn.Linear(H, 4H)
    xs = rng.standard_normal((3, 2, 3))
    np.testing.assert_allclose(nn.Sequencer(to_nnlib(raw)).forward(xs), _rnn_lstm_steps(wi, bi + bh, wh, xs, 4),
                               rtol=1e-12, atol=1e-12)


def test_a_batch_normalised_fastlstm_is_refused():
    raw, _ = _raw_fast_lstm(np.random.default_rng(15), 3, 4)
    raw.fields["bn"] = True
    with pytest.raises(Torch7MappingError, match="batch-normalised FastLSTM"):
        to_nnlib(raw)


def _rnn_mufuru_steps(linears, ops, xs, h):
    """rnn's MuFuRu (Mufuru.lua's buildModel) in numpy from its four Linears' (weight, bias)."""
    (wrx, brx), (wrh, brh), (wv, bv), (wp, bp) = linears
    op = {"keep": lambda s, v: s, "replace": lambda s, v: v, "mul": lambda s, v: s * v, "diff": lambda s, v: s - v,
          "forget": lambda s, v: 0 * s, "sqrt_diff": lambda s, v: 0.25 * np.sqrt(np.abs(s - v)),
          "max": np.maximum, "min": np.minimum}
    s, out = np.zeros((xs.shape[1], h)), []
    for x in xs:
        r = _sigmoid(x @ wrx.T + brx + s @ wrh.T + brh)
        v = _sigmoid(np.concatenate([x, r * s], 1) @ wv.T + bv)
        a = (np.concatenate([x, s], 1) @ wp.T + bp).reshape(len(x), len(ops), h)  # View(J, H)
        p = np.exp(a - a.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)  # SoftMax over the J operations (after Transpose({1, 2}))
        s = sum(p[:, j] * op[name](s, v) for j, name in enumerate(ops))
        out.append(s)
    return np.stack(out)


def test_a_mufuru_as_rnn_saves_it_computes_rnns_steps_and_merges_its_reset_biases():
    rng = np.random.default_rng(16)
    ops = ("keep", "replace", "mul", "diff", "forget", "sqrt_diff", "max", "min")
    cell = nn.MuFuRu(3, 4).astype(np.float64)
    raw = read_bytes(write_bytes(cell, convert=ToTorch()))  # rnn's buildModel Sequential around four Linears
    assert raw["ops"] == list(ops) and raw["num_ops"] == 8.0 and len(raw["operations"]) == 8
    lins = _raw_of(raw["recurrentModule"], "nn.Linear")
    # rnn's own file: two independent reset-gate biases
    for lin in lins:
        lin["weight"][...] = rng.standard_normal(lin["weight"].shape)
        lin["bias"][...] = rng.standard_normal(lin["bias"].shape)
    back = to_nnlib(raw)
    np.testing.assert_array_equal(back.bias[:4], lins[0]["bias"] + lins[1]["bias"])
    xs = rng.standard_normal((3, 2, 3))
    want = _rnn_mufuru_steps([(m["weight"], m["bias"]) for m in lins], ops, xs, 4)
    np.testing.assert_allclose(nn.Sequencer(back).forward(xs), want, rtol=1e-12, atol=1e-12)
    # written back, the merged bias goes to the input Linear and -0.0 to the state one: same forward, and
    # nnlib -> .t7 -> nnlib keeps every bit
    again = read_bytes(write_bytes(back, convert=ToTorch()))
    rx, rh = _raw_of(again["recurrentModule"], "nn.Linear")[:2]
    assert rx["bias"].tobytes() == back.bias[:4].tobytes() and rh["bias"].tobytes() == np.full(4, -0.0).tobytes()
    assert to_nnlib(again).bias.tobytes() == back.bias.tobytes()
    step = to_nnlib(again["recurrentModule"])
    # rnn's step module as read: its SoftMax normalises the (J, N, H) op weights over J, as Torch7's does
    assert sum(type(m) is nn.SoftMax for m in step.list_modules()) == 1
    np.testing.assert_allclose(_steps(step, xs, [np.zeros((2, 4))]), want, rtol=1e-12, atol=1e-12)
    raw.fields["ops"] = ["keep", "fly"]
    with pytest.raises(Torch7MappingError, match="Linears"):
        to_nnlib(raw)


@pytest.mark.parametrize("make", [
    lambda: nn.FastLSTM(3, 4, p=0.25, mono=True), lambda: nn.LSTM(3, 4, p=0.5), lambda: nn.GRU(3, 4, p=0.25),
    lambda: nn.MuFuRu(3, 4, ("max", "keep", "sqrt_diff")).mask_zero(), lambda: nn.Dictionary(5, 3),
    lambda: nn.RecurrentAttention(nn.Sequential(nn.JoinTable(-1), nn.Linear(5, 4)), nn.Linear(4, 2), 2, 4)])
def test_torchfile_reads_the_new_rnn_and_dpnn_entries_as_written(make, tmp_path):
    """Every tensor of the file (the cells' per-gate Linears included) is what torchfile reads, bit for bit."""
    torchfile = pytest.importorskip("torchfile")
    module = make()
    torch7.save(tmp_path / "m.t7", module)
    assert_matches_torchfile(torch7.load(tmp_path / "m.t7", strict=False),
                             torchfile.load(str(tmp_path / "m.t7"), use_list_heuristic=False), torchfile)
