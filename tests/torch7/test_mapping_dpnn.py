"""dpnn's modules as dpnn saves them: Inception's config and towers, VRClassReward's module and criterion,
Serial's mode, Dictionary's used rows."""
import numpy as np
import pytest

from nnlib import nn, torch7
from nnlib.torch7 import Torch7MappingError, TorchObject
from nnlib.torch7.mapping import to_nnlib


def _raw(name, **fields):
    return TorchObject(name, {"train": True, **fields})


def _conv(w, b):
    return _raw("nn.SpatialConvolution", nInputPlane=1.0, nOutputPlane=1.0, kW=1.0, kH=1.0, dW=1.0, dH=1.0,
                padW=0.0, padH=0.0, weight=np.full((1, 1, 1, 1), w), bias=np.array([b]),
                gradWeight=np.zeros((1, 1, 1, 1)), gradBias=np.zeros(1))


def _raw_inception(towers):
    pool = _raw("nn.SpatialMaxPooling", kW=3.0, kH=3.0, dW=1.0, dH=1.0, padW=0.0, padH=0.0, ceil_mode=False)
    tower1 = _raw("nn.Sequential", modules=[_conv(2.0, 0.5), _raw("nn.ReLU", threshold=0.0, val=0.0),
                                            _conv(3.0, -1.0), _raw("nn.ReLU", threshold=0.0, val=0.0)])
    tower2 = _raw("nn.Sequential", modules=[pool, _conv(1.0, 0.0), _raw("nn.ReLU", threshold=0.0, val=0.0)])
    concat = _raw("nn.DepthConcat", dimension=2.0, modules=[tower1, tower2][:towers])
    # dpnn's Inception{inputSize = 1, outputSize = {1}, reduceSize = {1, 1}, kernelSize = {1}, kernelStride = {1}}
    return _raw("nn.Inception", inputSize=1.0, outputSize=[1.0], reduceSize=[1.0, 1.0], reduceStride=[],
                kernelSize=[1.0], kernelStride=[1.0], padding=True, poolSize=3.0, poolStride=1.0,
                transfer=_raw("nn.ReLU", threshold=0.0, val=0.0), pool=pool, module=concat, modules=[concat])


def test_an_inception_as_dpnn_saves_it_computes_its_towers():
    inception = to_nnlib(_raw_inception(2))
    x = np.random.default_rng(0).standard_normal((2, 1, 5, 5))
    tower1 = _relu(3 * _relu(2 * x + 0.5) - 1)
    tower2 = np.zeros_like(x)  # DepthConcat centres the 3 x 3 pooled maps in the 5 x 5 output
    tower2[:, :, 1:4, 1:4] = _relu(_pool3(x))
    np.testing.assert_allclose(inception.forward(x), np.concatenate([tower1, tower2], 1), rtol=1e-12, atol=1e-12)


def _relu(a):
    return np.maximum(a, 0)


def _pool3(x):
    """3 x 3 max pooling, stride 1, no padding."""
    out = np.empty(x.shape[:2] + (3, 3))
    for i in range(3):
        for j in range(3):
            out[..., i, j] = x[..., i:i + 3, j:j + 3].max((-2, -1))
    return out


def test_an_inception_whose_towers_disagree_with_its_config_is_refused():
    with pytest.raises(Torch7MappingError, match="not the one its config fields build"):
        to_nnlib(_raw_inception(1))


def test_a_vrclassreward_as_dpnn_saves_it_computes_its_reward_and_baseline_gradient():
    reinforce = _raw("nn.ReinforceNormal", stdev=0.5, stochastic=False)
    crit = to_nnlib(TorchObject("nn.VRClassReward", {
        "module": reinforce, "scale": 2.0, "sizeAverage": True, "output": 0.0, "gradInput": [np.zeros(0)],
        "criterion": TorchObject("nn.MSECriterion", {"sizeAverage": True, "output": 0.0})}))
    assert isinstance(crit.module, nn.ReinforceNormal) and isinstance(crit.criterion, nn.MSECriterion)
    scores = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]], np.float32)  # a float criterion
    baseline, target = np.array([0.5, 1.0, 0.0], np.float32), np.array([1, 2, 2])  # 0-based labels
    # VRClassReward.lua: reward = scale * (argmax == target); output = -sum(reward) / N
    reward = np.array([2.0, 0.0, 2.0])
    assert crit.forward([scores, baseline], target) == pytest.approx(-reward.sum() / 3)
    grads = crit.backward([scores, baseline], target)
    np.testing.assert_array_equal(grads[0], np.zeros_like(scores))
    np.testing.assert_allclose(grads[1], 2 * (baseline - reward) / 3, rtol=1e-6)  # MSE's, sizeAverage
    np.testing.assert_allclose(crit.module.reward, (reward - baseline) / 3, rtol=1e-6)  # what it reinforces


def test_a_serial_as_dpnn_saves_it_keeps_its_mode_and_type(tmp_path):
    weight, bias = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([0.25, -1.0])
    linear = _raw("nn.Linear", weight=weight, bias=bias, gradWeight=np.zeros(0), gradBias=np.zeros(0))  # emptied
    serial = to_nnlib(_raw("nn.Serial", modules=[linear], tensortype="torch.FloatTensor",
                           dpnn_serialEmpty=["output", "gradInput", "momGradParams", "dpnn_input", "gradWeight",
                                             "gradBias"]))
    assert isinstance(serial, nn.Serial) and serial.serial_mode == "light" and serial.tensor_type == np.float32
    x = np.array([[1.0, 2.0]])
    np.testing.assert_array_equal(serial.forward(x), x @ weight.T + bias)
    np.testing.assert_array_equal(serial.modules[0].grad_weight, np.zeros((2, 2)))  # light: no gradients saved
    # written cast to its tensortype, as dpnn's Serial:write does
    torch7.save(tmp_path / "s.t7", serial)
    raw = torch7.load(tmp_path / "s.t7", strict=False)
    assert raw["tensortype"] == "torch.FloatTensor" and raw["modules"][0]["weight"].dtype == np.float32
    with pytest.raises(Torch7MappingError, match="tensortype"):
        to_nnlib(_raw("nn.Serial", modules=[linear], tensortype="torch.LongTensor"))


def test_a_dictionary_as_dpnn_saves_it_keeps_its_used_rows(tmp_path):
    torchfile = pytest.importorskip("torchfile")
    rng = np.random.default_rng(0)
    weight = rng.standard_normal((6, 2))
    # dpnn's Dictionary (a LookupTable) after a backward over ids 3, 5, 3 (1-based): `inputs` counts them
    raw = _raw("nn.Dictionary", weight=weight, gradWeight=np.zeros((6, 2)), paddingValue=0.0,
               shouldScaleGradByFreq=False, inputs={3: 2.0, 5: 1.0}, nBackward=3.0)
    table = to_nnlib(raw)
    assert isinstance(table, nn.Dictionary) and not table.acc_update and table.padding_value is None
    np.testing.assert_array_equal(table._used_rows(), [2, 4])  # 0-based
    np.testing.assert_array_equal(table.forward(np.array([4, 0])), weight[[4, 0]])
    table.forward(np.array([1]))
    table.backward(np.array([1]), np.ones((1, 2)))
    torch7.save(tmp_path / "d.t7", table)
    theirs = torchfile.load(str(tmp_path / "d.t7"), use_list_heuristic=False)
    assert theirs.torch_typename() == b"nn.Dictionary" and sorted(theirs[b"inputs"]) == [2, 3, 5]
    back = torch7.load(tmp_path / "d.t7")
    np.testing.assert_array_equal(back._used_rows(), [1, 2, 4])
    assert back.weight.tobytes() == table.weight.tobytes() and back.grad_weight.tobytes() == table.grad_weight.tobytes()
    back.update_parameters(1.0)  # only the used rows move
    np.testing.assert_array_equal(back.weight[[0, 3, 5]], weight[[0, 3, 5]])
    with pytest.raises(Torch7MappingError, match="'inputs'"):
        to_nnlib(_raw("nn.Dictionary", weight=weight, gradWeight=np.zeros((6, 2)), inputs={7: 1.0}))


def test_an_acc_update_dictionary_is_written_without_a_gradient(tmp_path):
    table = nn.Dictionary(5, 3, acc_update=True)
    table.forward(np.array([0, 2]))
    table.backward_update(np.array([0, 2]), np.ones((2, 3), np.float32), 0.5)
    torch7.save(tmp_path / "d.t7", table)
    raw = torch7.load(tmp_path / "d.t7", strict=False)
    assert raw["accUpdate"] is True and "gradWeight" not in raw.fields  # dpnn's accUpdateOnly() drops it
    back = torch7.load(tmp_path / "d.t7")
    assert back.acc_update and back.grad_weight.shape == (0, 3) and back.weight.tobytes() == table.weight.tobytes()
    ids = np.array([[1, 4]])
    np.testing.assert_array_equal(back.forward(ids), table.forward(ids))


def _raw_nce(weight, bias, unigrams, k, z, **fields):
    """An NCEModule as dpnn's constructor leaves it (a Linear with k, the normalised unigrams, Z as a one-value
    tensor, batchnoise and torchx's alias sampler), `fields` on top."""
    n = weight.shape[0]
    # nnlib samples from `unigrams` and does not read torchx's table: a uniform one (no aliases) stands in here
    alias = TorchObject("torch.AliasMultinomial", {"J": np.zeros(n, np.int64), "q": np.ones(n)})
    return _raw("nn.NCEModule", **{**dict(
        weight=weight, bias=bias, gradWeight=np.zeros_like(weight), gradBias=np.zeros(n), k=float(k),
        unigrams=unigrams, Z=np.array([z]), batchnoise=True, aliasmultinomial=alias, output=[np.zeros(0)] * 4,
        gradInput=[np.zeros(0)] * 2), **fields})


@pytest.mark.parametrize("z", [2.5, -1.0])
def test_an_nce_module_as_dpnn_saves_it_computes_dpnns_forward(z):
    import nnlib
    rng = np.random.default_rng(0)
    weight, bias = rng.standard_normal((6, 3)), rng.standard_normal(6)
    unigrams = np.array([3.0, 1.0, 2.0, 0.5, 4.0, 1.5])
    unigrams /= unigrams.sum()
    module = to_nnlib(_raw_nce(weight, bias, unigrams, 4, z))
    assert isinstance(module, nn.NCEModule) and (module.input_size, module.output_size, module.k) == (3, 6, 4)
    x, target = rng.standard_normal((3, 3)), np.array([5, 0, 2])  # dpnn's targets 6, 1, 3
    nnlib.manual_seed(3)
    p_mt, p_ms, p_nt, p_ns = module.forward([x, target])
    noise = module._cache[1]  # the k ids drawn (0-based), shared by the batch: dpnn's batchnoise
    assert noise.shape == (4,) and ((0 <= noise) & (noise < 6)).all()
    # NCEModule.lua, batchnoise: Pmt = exp(x . w_t + b_t) / Z, Pms = exp(x w_s' + b_s) / Z (Z <= 0: mean(exp) * V),
    # Pnt = unigrams[t], Pns = unigrams[s] for every row
    scores = np.exp(x @ weight[noise].T + bias[noise])
    want_z = z if z > 0 else scores.mean() * 6
    assert module.Z == pytest.approx(want_z, rel=1e-12)
    np.testing.assert_allclose(p_mt, np.exp((x * weight[target]).sum(1) + bias[target]) / want_z, rtol=1e-12)
    np.testing.assert_allclose(p_ms, scores / want_z, rtol=1e-12)
    np.testing.assert_array_equal(p_nt, unigrams[target])
    np.testing.assert_array_equal(p_ns, np.tile(unigrams[noise], (3, 1)))
    # updateGradInput: (dPmt * Pmt) w_t + (dPms * Pms) w_s
    d_mt, d_ms = rng.standard_normal(3), rng.standard_normal((3, 4))
    gx = module.backward([x, target], [d_mt, d_ms, np.zeros(3), np.zeros((3, 4))])[0]
    np.testing.assert_allclose(gx, (d_mt * p_mt)[:, None] * weight[target] + (d_ms * p_ms) @ weight[noise],
                               rtol=1e-12)
    # normalized evaluation: the full (log)softmax over the vocabulary
    module.evaluate()
    module.normalized = module.logsoftmax = True
    logits = x @ weight.T + bias
    np.testing.assert_allclose(module.forward([x, target]),
                               logits - np.log(np.exp(logits).sum(1, keepdims=True)), rtol=1e-12)


def test_an_nce_module_is_written_with_torchx_alias_sampler_of_its_unigrams(tmp_path):
    torchfile = pytest.importorskip("torchfile")
    unigrams = np.array([3.0, 1.0, 2.0, 0.5, 4.0, 1.5, 0.0])
    module = nn.NCEModule(3, 7, 2, unigrams, 1.5)
    module.normalized = True
    torch7.save(tmp_path / "n.t7", module)
    theirs = torchfile.load(str(tmp_path / "n.t7"), use_list_heuristic=False)
    assert theirs.torch_typename() == b"nn.NCEModule" and theirs[b"batchnoise"] is True
    assert theirs[b"k"] == 2 and theirs[b"Z"].tolist() == [1.5] and theirs[b"normalized"] is True
    np.testing.assert_array_equal(theirs[b"unigrams"], module.unigrams)
    alias = theirs[b"aliasmultinomial"]
    assert alias.torch_typename() == b"torch.AliasMultinomial"
    j, q = alias[b"J"], alias[b"q"]  # torchx draws kk uniformly, keeps it with probability q[kk], else J[kk]
    assert j.dtype == np.int64 and ((j == 0) <= (q == 1)).all() and j.max() <= 7
    drawn = q.copy()
    np.add.at(drawn, j[j > 0] - 1, 1 - q[j > 0])
    np.testing.assert_allclose(drawn / 7, module.unigrams, rtol=1e-12, atol=1e-15)
    assert len(theirs[b"output"]) == 4 and len(theirs[b"gradInput"]) == 2
    back = torch7.load(tmp_path / "n.t7")
    assert back.unigrams.tobytes() == module.unigrams.tobytes() and back.Z == 1.5 and back.normalized


def test_an_nce_module_dpnn_samples_per_row_is_refused():
    weight = np.zeros((4, 2))
    with pytest.raises(Torch7MappingError, match="batchnoise"):
        to_nnlib(_raw_nce(weight, np.zeros(4), np.full(4, 0.25), 2, 1.0, batchnoise=False))
    with pytest.raises(Torch7MappingError, match="'unigrams' has shape"):
        to_nnlib(_raw_nce(weight, np.zeros(4), np.full(3, 1 / 3), 2, 1.0))


@pytest.mark.parametrize("size_average", [True, False])
def test_an_nce_criterion_as_dpnn_saves_it_computes_dpnns_loss(size_average):
    crit = to_nnlib(TorchObject("nn.NCECriterion", {"sizeAverage": size_average, "output": 0.0,
                                                    "gradInput": [np.zeros(0)] * 4}))
    assert isinstance(crit, nn.NCECriterion) and crit.size_average is size_average
    rng = np.random.default_rng(1)
    p_mt, p_ms, p_nt, p_ns = rng.uniform(0.01, 1, 3), rng.uniform(0.01, 1, (3, 2)), rng.uniform(0.01, 1, 3), \
        rng.uniform(0.01, 1, (3, 2))
    k, eps, n = 2, 1e-7, 3 if size_average else 1
    # NCECriterion.lua: -(sum ln(Pmt / (Pmt + k Pnt + eps)) + sum ln(k Pns / (Pms + k Pns + eps)))
    loss = -(np.log(p_mt / (p_mt + k * p_nt + eps)).sum() + np.log(k * p_ns / (p_ms + k * p_ns + eps)).sum()) / n
    table = [p_mt, p_ms, p_nt, p_ns]
    assert crit.forward(table, None) == pytest.approx(loss, rel=1e-12)
    grads = crit.backward(table, None)
    np.testing.assert_allclose(grads[0], -k * p_nt / (p_mt + k * p_nt + eps) / (p_mt + eps) / n, rtol=1e-12)
    np.testing.assert_allclose(grads[1], p_ms / (p_ms + k * p_ns + eps) / (p_ms + eps) / n, rtol=1e-12)
    assert not grads[2].any() and not grads[3].any()
