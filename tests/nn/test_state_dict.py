"""state_dict / load_state_dict: PyTorch's key names and layouts, both directions, all-or-nothing loads."""
import numpy as np
import pytest

import nnlib
from nnlib import models, nn

torch = pytest.importorskip("torch")

TOL = dict(rtol=1e-5, atol=1e-5)


def to_torch(state):
    return {k: torch.from_numpy(v) for k, v in state.items()}


def sgd_steps(model, criterion, x, y, steps=3, lr=0.1):
    """A few plain SGD steps of an nnlib model."""
    for _ in range(steps):
        model.zero_grad_parameters()
        out = model.forward(x)
        criterion.forward(out, y)
        model.backward(x, criterion.backward(out, y))
        model.update_parameters(lr)


def torch_sgd_steps(model, forward, x, y, steps=3, lr=0.1):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        out = forward(x)
        torch.nn.functional.nll_loss(out.reshape(-1, out.shape[-1]), y.reshape(-1)).backward()
        opt.step()


# -- the models of the round trips: nnlib and its torch.nn twin -----------------------------------------
def mlp_pair():
    ours = nn.Sequential(nn.Linear(7, 9), nn.Tanh(), nn.Linear(9, 5), nn.LogSoftMax())
    theirs = torch.nn.Sequential(torch.nn.Linear(7, 9), torch.nn.Tanh(), torch.nn.Linear(9, 5),
                                 torch.nn.LogSoftmax(dim=-1))
    return ours, theirs, theirs


def cnn_pair():
    ours = nn.Sequential(nn.SpatialConvolution(2, 4, 3, 3, 1, 1, 1, 1), nn.SpatialBatchNormalization(4), nn.ReLU(),
                         nn.SpatialMaxPooling(2, 2, 2, 2), nn.Reshape(4 * 3 * 3), nn.Linear(36, 5), nn.LogSoftMax())
    theirs = torch.nn.Sequential(torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                                 torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(36, 5),
                                 torch.nn.LogSoftmax(dim=-1))
    return ours, theirs, theirs


def lm_pair(vocab=11, embed=6, hidden=7):
    """rnnlm's shape: Sequencer(LookupTable -> LSTM -> Linear -> LogSoftMax) on time-major (T, N) ids."""
    ours = nn.Sequencer(nn.Sequential(nn.LookupTable(vocab, embed), nn.FastLSTM(embed, hidden),
                                      nn.Linear(hidden, vocab), nn.LogSoftMax()))
    theirs = torch.nn.Sequential(torch.nn.Embedding(vocab, embed), torch.nn.LSTM(embed, hidden),
                                 torch.nn.Linear(hidden, vocab))

    def forward(ids):
        h, _ = theirs[1](theirs[0](ids))  # time-major, as nnlib's recurrent modules
        return torch.log_softmax(theirs[2](h), dim=-1)
    return ours, theirs, forward


def data(kind, rng):
    if kind == "mlp":
        return rng.standard_normal((6, 7)).astype(np.float32), rng.integers(0, 5, 6)
    if kind == "cnn":
        return rng.standard_normal((5, 2, 6, 6)).astype(np.float32), rng.integers(0, 5, 5)
    return rng.integers(0, 11, (5, 3)), rng.integers(0, 11, (5, 3))


PAIRS = {"mlp": mlp_pair, "cnn": cnn_pair, "lm": lm_pair}


def criterion(kind):
    return nn.SequencerCriterion(nn.ClassNLLCriterion()) if kind == "lm" else nn.ClassNLLCriterion()


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_nnlib_to_torch_round_trip(kind):
    rng = np.random.default_rng(0)
    ours, theirs, forward = PAIRS[kind]()
    x, y = data(kind, rng)
    sgd_steps(ours, criterion(kind), x, y)
    state = ours.state_dict()
    assert list(state) == list(theirs.state_dict())
    theirs.load_state_dict(to_torch(state))  # strict
    ours.evaluate()
    theirs.eval()
    with torch.no_grad():
        expected = forward(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours.forward(x), expected, **TOL)


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_torch_to_nnlib_round_trip(kind):
    rng = np.random.default_rng(1)
    ours, theirs, forward = PAIRS[kind]()
    x, y = data(kind, rng)
    theirs.train()
    torch_sgd_steps(theirs, forward, torch.from_numpy(x), torch.from_numpy(y))
    result = ours.load_state_dict(theirs.state_dict())  # torch tensors are read through np.asarray
    assert result == ([], [])
    ours.evaluate()
    theirs.eval()
    with torch.no_grad():
        expected = forward(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours.forward(x), expected, **TOL)
    # and back again: the same tensors, but for the LSTM's two biases, whose sum nnlib keeps
    back, state = ours.state_dict(), theirs.state_dict()
    for prefix in {k[:-len("bias_hh_l0")] for k in state if k.endswith("bias_hh_l0")}:
        for s in (back, state):
            s[prefix + "bias_ih_l0"] = s[prefix + "bias_ih_l0"] + s.pop(prefix + "bias_hh_l0")
    for key, value in state.items():
        np.testing.assert_allclose(back[key], np.asarray(value), rtol=1e-6, atol=1e-7, err_msg=key)


def test_batch_normalization_running_stats_and_batch_count():
    rng = np.random.default_rng(2)
    ours = nn.BatchNormalization(3, momentum=0.2)
    theirs = torch.nn.BatchNorm1d(3, momentum=0.2)
    for _ in range(4):
        x = rng.standard_normal((8, 3)).astype(np.float32) * 2 + 1
        ours.forward(x)
        theirs(torch.from_numpy(x))
    assert ours.num_batches_tracked == 4
    ours.evaluate()
    ours.forward(x)  # evaluation does not count
    state = ours.state_dict()
    assert state["num_batches_tracked"].dtype == np.int64 and state["num_batches_tracked"].shape == ()
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(state[key], value.numpy(), rtol=1e-5, atol=1e-6, err_msg=key)
    fresh = nn.BatchNormalization(3)
    fresh.load_state_dict(theirs.state_dict())
    assert fresh.num_batches_tracked == 4
    np.testing.assert_allclose(fresh.running_var, theirs.running_var.numpy(), rtol=1e-6)
    fresh.evaluate()
    with torch.no_grad():
        np.testing.assert_allclose(fresh.forward(x), theirs.eval()(torch.from_numpy(x)).numpy(), **TOL)


def test_batch_normalization_without_affine_has_no_weight_keys():
    state = nn.SpatialBatchNormalization(2, affine=False).state_dict()
    assert list(state) == list(torch.nn.BatchNorm2d(2, affine=False).state_dict())


def test_lstm_gate_order_and_biases():
    """nnlib's [i|f|o|g] rows and one bias <-> torch's [i|f|g|o] rows and two biases (summed on load)."""
    rng = np.random.default_rng(3)
    lstm = torch.nn.LSTM(3, 4)
    with torch.no_grad():
        for p in lstm.parameters():
            p.uniform_(-0.5, 0.5)
    ours = nn.FastLSTM(3, 4)
    ours.load_state_dict(lstm.state_dict())
    b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()
    np.testing.assert_allclose(ours.bias[8:12], b[12:16], rtol=1e-6)  # output gate
    np.testing.assert_allclose(ours.bias[12:16], b[8:12], rtol=1e-6)  # cell candidate
    x = rng.standard_normal((4, 2, 3)).astype(np.float32)
    with torch.no_grad():
        expected = lstm(torch.from_numpy(x))[0].numpy()
    np.testing.assert_allclose(nn.Sequencer(ours).forward(x), expected, **TOL)
    state = ours.state_dict()
    assert not state["bias_hh_l0"].any()
    np.testing.assert_allclose(state["bias_ih_l0"], b, rtol=1e-6)


def test_gru_matches_torch_gru():
    rng = np.random.default_rng(4)
    ours = nn.TorchGRU(3, 5)
    gru = torch.nn.GRU(3, 5)
    assert list(ours.state_dict()) == list(gru.state_dict())
    gru.load_state_dict(to_torch(ours.state_dict()))
    x = rng.standard_normal((4, 2, 3)).astype(np.float32)
    with torch.no_grad():
        expected = gru(torch.from_numpy(x))[0].numpy()
    np.testing.assert_allclose(nn.Sequencer(ours).forward(x), expected, **TOL)


def test_temporal_convolution_is_conv1d():
    """Torch7's (O, kW*F) frame-major weight <-> Conv1d's (O, F, kW); nnlib's input is (N, T, F), Conv1d's (N, F, T)."""
    rng = np.random.default_rng(5)
    ours = nn.TemporalConvolution(3, 4, 3, 2)
    conv = torch.nn.Conv1d(3, 4, 3, stride=2)
    conv.load_state_dict(to_torch(ours.state_dict()))
    x = rng.standard_normal((2, 9, 3)).astype(np.float32)
    with torch.no_grad():
        expected = conv(torch.from_numpy(x).transpose(1, 2)).transpose(1, 2).numpy()
    np.testing.assert_allclose(ours.forward(x), expected, **TOL)
    back = nn.TemporalConvolution(3, 4, 3, 2)
    back.load_state_dict(conv.state_dict())
    np.testing.assert_array_equal(back.weight, ours.weight)


@pytest.mark.filterwarnings("ignore:.*weight_norm. is deprecated")
def test_linear_weight_norm_is_torch_weight_norm():
    rng = np.random.default_rng(6)
    ours = nn.LinearWeightNorm(4, 3)
    theirs = torch.nn.utils.weight_norm(torch.nn.Linear(4, 3))
    with torch.no_grad():
        theirs.weight_g.mul_(1.5)
    ours.load_state_dict(theirs.state_dict())
    x = rng.standard_normal((2, 4)).astype(np.float32)
    ours.evaluate()
    with torch.no_grad():
        np.testing.assert_allclose(ours.forward(x), theirs(torch.from_numpy(x)).numpy(), **TOL)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())


def test_keys_of_containers_and_decorators():
    model = nn.Sequential(nn.Concat(1, nn.Linear(2, 3), nn.Sequential(nn.Identity(), nn.Linear(2, 1))),
                          nn.Sequencer(nn.Linear(4, 4)), nn.Recursor(nn.Linear(4, 2)), nn.CMul(2),
                          nn.Decorator(nn.NaN(nn.Add(2))), nn.ParallelTable(nn.Add(2), nn.MapTable(nn.Add(2))))
    assert list(model.state_dict()) == ["0.0.weight", "0.0.bias", "0.1.1.weight", "0.1.1.bias",
                                        "1.weight", "1.bias", "2.weight", "2.bias", "3.weight", "4.bias",
                                        "5.0.bias", "5.1.bias"]
    mapped = model.modules[5].modules[1]
    mapped.forward([np.zeros(2, np.float32)] * 3)  # three clones sharing the module's bias: still one key
    assert len(mapped.modules) == 3 and "5.1.bias" in model.state_dict()
    state = model.state_dict()
    state["5.1.bias"] = np.array([1.0, 2.0], np.float32)
    model.load_state_dict(state)
    assert all(list(clone.bias) == [1, 2] for clone in mapped.modules)
    assert list(nn.MapTable(nn.Add(2), shared=False).state_dict()) == ["0.bias"]
    step = nn.Sequential(nn.JoinTable(1), nn.Linear(5, 2))  # [x_t, h_{t-1}] -> h_t
    assert list(nn.MaskZero(nn.Recurrence(step, 2, 1), 1).state_dict()) == ["1.weight", "1.bias"]


def test_shape_mismatch_names_the_key_and_both_shapes_and_loads_nothing():
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    flat, _ = model.get_parameters()
    before = flat.copy()
    state = {k: v + 1 for k, v in model.state_dict().items()}
    state["2.weight"] = np.zeros((4, 2), np.float32)  # transposed: nnlib's Euclidean-style mistake
    with pytest.raises(ValueError, match=r"'2\.weight'.*\(4, 2\).*\(2, 4\)"):
        model.load_state_dict(state)
    np.testing.assert_array_equal(flat, before)  # the earlier keys were not written either


def test_strict_missing_and_unexpected_keys():
    model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    flat, _ = model.get_parameters()
    before = flat.copy()
    state = model.state_dict()
    state["9.weight"] = state.pop("1.bias")
    with pytest.raises(ValueError, match=r"missing keys: '1\.bias'(.|\n)*unexpected keys: '9\.weight'"):
        model.load_state_dict(state)
    np.testing.assert_array_equal(flat, before)
    state["0.weight"] = state["0.weight"] * 0 + 2
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert (missing, unexpected) == (["1.bias"], ["9.weight"])
    assert (model.modules[0].weight == 2).all() and model.modules[0].weight.base is not None
    np.testing.assert_array_equal(flat[:12], 2)  # written in place: get_parameters' views stay valid
    np.testing.assert_array_equal(model.modules[1].bias, before[-2:])  # a missing key keeps its value


def test_dtypes_are_cast_or_refused():
    bn = nn.BatchNormalization(2)
    state = bn.state_dict()
    state["weight"] = np.array([2.0, 3.0])  # float64 -> the module's float32
    bn.load_state_dict(state)
    assert bn.weight.dtype == np.float32 and list(bn.weight) == [2, 3]
    state["num_batches_tracked"] = np.array(1.5)
    with pytest.raises(ValueError, match=r"'num_batches_tracked': dtype float64 cannot be cast"):
        bn.load_state_dict(state)


def test_values_are_copies_and_float64_models_export_float64():
    model = nn.Linear(2, 2).astype(np.float64)
    state = model.state_dict()
    state["weight"][...] = 7
    assert not (model.weight == 7).any()
    assert state["bias"].dtype == np.float64


def test_cells_without_a_twin_keep_their_own_names():
    assert list(nn.LSTM(3, 2).state_dict()) == ["weight_x", "bias", "weight_h", "weight_c"]  # peepholes
    assert list(nn.GRU(3, 2).state_dict()) == ["weight_x", "bias", "weight_h"]  # rnn's GRU
    assert list(nn.SeqGRU(3, 2).state_dict()) == ["weight_x", "bias", "weight_h"]


def same_layout_twins():
    """(nnlib module, torch module, input shape) of the twins whose arrays are exported as they are."""
    return [
        (nn.SpatialConvolution(3, 4, 3, 2, 2, 1, 1, 0), torch.nn.Conv2d(3, 4, (2, 3), stride=(1, 2), padding=(0, 1)),
         (2, 3, 5, 7)),
        (nn.SpatialConvolutionMM(2, 3, 3, 3, 1, 1, 1, 1), torch.nn.Conv2d(2, 3, 3, padding=1), (1, 2, 5, 5)),
        (nn.SpatialDilatedConvolution(2, 3, 3, 3, 1, 1, 2, 2, 2, 2), torch.nn.Conv2d(2, 3, 3, padding=2, dilation=2),
         (1, 2, 7, 7)),
        (nn.SpatialFullConvolution(3, 2, 3, 3, 2, 2, 1, 1), torch.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1),
         (2, 3, 4, 5)),
        (nn.VolumetricConvolution(2, 3, 2, 2, 2), torch.nn.Conv3d(2, 3, 2), (1, 2, 3, 4, 3)),
        (nn.PReLU(3), torch.nn.PReLU(3), (2, 3, 2, 2)),
    ]


@pytest.mark.parametrize("index", range(6))
def test_same_layout_twins(index):
    ours, theirs, shape = same_layout_twins()[index]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    theirs.load_state_dict(to_torch(ours.state_dict()))
    x = np.random.default_rng(index).standard_normal(shape).astype(np.float32)
    with torch.no_grad():
        np.testing.assert_allclose(ours.forward(x), theirs(torch.from_numpy(x)).numpy(), **TOL)


def test_lookup_table_is_embedding():
    ours, theirs = nn.LookupTable(7, 3), torch.nn.Embedding(7, 3)
    ours.load_state_dict(theirs.state_dict())
    ids = np.array([[0, 6], [3, 3]])
    with torch.no_grad():
        np.testing.assert_array_equal(ours.forward(ids), theirs(torch.from_numpy(ids)).numpy())


@pytest.mark.parametrize("projection", [False, True])
@pytest.mark.filterwarnings("ignore:LSTM with projections")
def test_seq_lstm_and_projection_match_torch_lstm(projection):
    """SeqLSTM is torch.nn.LSTM; SeqLSTMP(I, H, P) is torch.nn.LSTM(I, H, proj_size=P) (weight_hr_l0 = weight_o)."""
    rng = np.random.default_rng(7)
    ours = nn.SeqLSTMP(3, 5, 2) if projection else nn.SeqLSTM(3, 5)
    theirs = torch.nn.LSTM(3, 5, proj_size=2 if projection else 0)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    with torch.no_grad():
        for p in theirs.parameters():
            p.uniform_(-0.6, 0.6)
    ours.load_state_dict(theirs.state_dict())
    x = rng.standard_normal((4, 2, 3)).astype(np.float32)
    with torch.no_grad():
        np.testing.assert_allclose(ours.forward(x), theirs(torch.from_numpy(x))[0].numpy(), **TOL)
    theirs.load_state_dict(to_torch(ours.state_dict()))
    with torch.no_grad():
        np.testing.assert_allclose(ours.forward(x), theirs(torch.from_numpy(x))[0].numpy(), **TOL)


MODEL_BUILDERS = {
    "depth_mlp": lambda: models.depth_mlp(3, "modern", 20, 3),
    "seq10": lambda: models.seq10(),
    "rnnlm_lstm": lambda: models.rnnlm(13, (5, 4), "lstm", dropout=0.1),
    "rnnlm_bigru": lambda: models.rnnlm(13, (5,), "gru", bidirectional=True),
    "seed_cnn": lambda: models.seed_cnn(batch_norm=True, hidden_sizes=(20,)),
    "inception": lambda: models.inception_block(8, 2, 3, 4, 2, 3, 2),
}


@pytest.mark.parametrize("name", sorted(MODEL_BUILDERS))
def test_the_zoo_loads_its_own_state_dict(name):
    """Every model of nnlib.models exports and loads back (no converter fails, loading is exact)."""
    build = MODEL_BUILDERS[name]
    nnlib.manual_seed(1)
    state = build().state_dict()
    nnlib.manual_seed(2)
    model = build()
    assert any(not np.array_equal(v, state[k]) for k, v in model.state_dict().items())
    assert model.load_state_dict(state) == ([], [])
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, state[key], err_msg=key)
