"""The nn mapping: every mapped class round trips nnlib -> .t7 -> nnlib and -> torchfile bit for bit;
old Torch7 layouts, cudnn names and bad objects."""
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib import nn, torch7
from nnlib.torch7 import Torch7MappingError, TorchObject, new_storage
from nnlib.torch7.mapping import entry_for_module
from nnlib.torch7.mapping._base import _REGISTRY
from nnlib.torch7.reader import read_bytes
from nnlib.torch7.writer import write_bytes

from ._nn_samples import DPNN_SAMPLES, NN_SAMPLES, RNN_SAMPLES, make_input
from ._nnx_samples import NNX_SAMPLES
from .conftest import data_file

# one sample per mapped class: (module, input). Adding an Entry means adding a sample here.
SAMPLES = {
    "nn.Sequential": lambda: (nn.Sequential(nn.Linear(3, 4), nn.Tanh()), (2, 3)),
    "nn.Concat": lambda: (nn.Concat(1, nn.Linear(3, 2), nn.Linear(3, 4)), (2, 3)),
    "nn.ConcatTable": lambda: (nn.Sequential(nn.ConcatTable(nn.Linear(3, 2), nn.Linear(3, 2)), nn.CAddTable()),
                               (2, 3)),
    "nn.ParallelTable": lambda: (nn.Sequential(nn.SplitTable(0), nn.ParallelTable(nn.Linear(3, 2), nn.Tanh()),
                                               nn.JoinTable(0)), (2, 3)),
    "nn.Tanh": lambda: (nn.Tanh(), (2, 3)),
    "nn.Sigmoid": lambda: (nn.Sigmoid(), (2, 3)),
    "nn.SoftMax": lambda: (nn.SoftMax(), (2, 3)),
    "nn.LogSoftMax": lambda: (nn.LogSoftMax(), (2, 3)),
    "nn.ReLU": lambda: (nn.ReLU(ip=True), (2, 3)),
    "nn.Threshold": lambda: (nn.Threshold(0.1, -2.0), (2, 3)),
    "nn.LeakyReLU": lambda: (nn.LeakyReLU(0.2, ip=True), (2, 3)),
    "nn.Linear": lambda: (nn.Linear(3, 5, bias=False), (2, 3)),
    "nn.LookupTable": lambda: (nn.LookupTable(7, 3, max_norm=2.0), None),
    "nn.LookupTable(padding)": lambda: (nn.LookupTable(7, 3, padding_value=0).scale_grad_by_freq(), None),
    "nn.Add": lambda: (nn.Add(3), (2, 3)),
    "nn.Add(scalar)": lambda: (nn.Add(3, scalar=True), (2, 3)),
    "nn.SpatialConvolution": lambda: (nn.SpatialConvolution(2, 3, 3, 2, 2, 1, 1, 0), (1, 2, 5, 6)),
    "nn.SpatialConvolutionMM": lambda: (nn.SpatialConvolutionMM(2, 3, 3, 2, 1, 2, 0, 1), (1, 2, 5, 6)),
    "nn.SpatialConvolutionMap": lambda: (nn.SpatialConvolutionMap(np.array([[0, 0], [1, 0], [1, 2], [0, 1]]),
                                                                  3, 2, 2, 1), (1, 2, 5, 6)),
    "nn.SpatialMaxPooling": lambda: (nn.SpatialMaxPooling(3, 2, 2, 1, 1, 1).ceil(), (1, 2, 5, 6)),
    "nn.SpatialAveragePooling": lambda: (_exclude_pad(nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1)), (1, 2, 5, 6)),
    "nn.Identity": lambda: (nn.Identity(), (2, 3)),
    "nn.Reshape": lambda: (nn.Reshape(3, 2, batch_mode=True), (2, 6)),
    "nn.View": lambda: (nn.View(-1, 3).set_num_input_dims(2), (2, 2, 3)),
    "nn.Dropout": lambda: (nn.Dropout(0.3, True).evaluate(), (2, 3)),
    "nn.SpatialDropout": lambda: (nn.SpatialDropout(0.3).evaluate(), (1, 2, 3, 3)),
    "nn.BatchNormalization": lambda: (_with_stats(nn.BatchNormalization(3, 1e-3, 0.2)).evaluate(), (4, 3)),
    "nn.SpatialBatchNormalization": lambda: (_with_stats(nn.SpatialBatchNormalization(2, affine=False)).evaluate(),
                                             (2, 2, 3, 3)),
    "nn.SpatialCrossMapLRN": lambda: (nn.SpatialCrossMapLRN(3, 2e-4, 0.7, 1.5), (1, 4, 3, 3)),
    "nn.SpatialZeroPadding": lambda: (nn.SpatialZeroPadding(1, 2, 0, 1), (1, 2, 3, 3)),
    "nn.CAddTable": lambda: (nn.Sequential(nn.ConcatTable(nn.Identity(), nn.Tanh()), nn.CAddTable()), (2, 3)),
    "nn.JoinTable": lambda: (nn.Sequential(nn.ConcatTable(nn.Identity(), nn.Tanh()), nn.JoinTable(-1)), (2, 3)),
    "nn.SplitTable": lambda: (nn.Sequential(nn.SplitTable(1), nn.JoinTable(0)), (2, 3)),
    "nn.HardTanh": lambda: (nn.HardTanh(-0.5, 0.7), (2, 3)),
    "nn.Clamp": lambda: (nn.Clamp(-0.3, 0.4), (2, 3)),
    "nn.ReLU6": lambda: (nn.ReLU6(), (2, 3)),
    "nn.ELU": lambda: (nn.ELU(0.7), (2, 3)),
    "nn.SoftPlus": lambda: (nn.SoftPlus(2, 15), (2, 3)),
    "nn.SoftShrink": lambda: (nn.SoftShrink(0.3), (2, 3)),
    "nn.HardShrink": lambda: (nn.HardShrink(0.3), (2, 3)),
    "nn.SoftSign": lambda: (nn.SoftSign(), (2, 3)),
    "nn.LogSigmoid": lambda: (nn.LogSigmoid(), (2, 3)),
    "nn.SoftMin": lambda: (nn.SoftMin(), (2, 3)),
    "nn.TanhShrink": lambda: (nn.TanhShrink(), (2, 3)),
    "nn.MulConstant": lambda: (nn.MulConstant(2.5), (2, 3)),
    "nn.AddConstant": lambda: (nn.AddConstant(1.5), (2, 3)),
    "nn.PReLU": lambda: (nn.PReLU(3), (2, 3)),
    "nn.Abs": lambda: (nn.Abs(), (2, 3)),
    "nn.Exp": lambda: (nn.Exp(), (2, 3)),
    "nn.Log": lambda: (nn.Log(), (2, 3)),
    "nn.Square": lambda: (nn.Square(), (2, 3)),
    "nn.Sqrt": lambda: (nn.Sqrt(1e-3), (2, 3)),
    "nn.Power": lambda: (nn.Power(2.5), (2, 3)),
    "nn.Normalize": lambda: (nn.Normalize(2), (2, 3)),
    "nn.Sum": lambda: (nn.Sum(1, None, True, False), (2, 3)),
    "nn.Mean": lambda: (nn.Mean(0, 1), (2, 3)),
    "nn.Max": lambda: (nn.Max(1), (2, 3)),
    "nn.Min": lambda: (nn.Min(0, 2), (2, 3, 4)),
    "nn.Narrow": lambda: (nn.Narrow(1, 1, 2), (2, 3)),
    "nn.Select": lambda: (nn.Select(1, -1), (2, 3)),
    "nn.Replicate": lambda: (nn.Replicate(3, 0, 1), (2, 3)),
    "nn.Transpose": lambda: (nn.Transpose((0, 1), (1, 2)).set_num_input_dims(3), (2, 3, 4, 5)),
    "nn.Squeeze": lambda: (nn.Squeeze(1), (2, 1, 3)),
    "nn.Unsqueeze": lambda: (nn.Unsqueeze(1, 2), (2, 3, 4)),
    "nn.SpatialFullConvolution": lambda: (nn.SpatialFullConvolution(2, 3, 3, 2, 2, 1, 1, 0, 1, 0), (1, 2, 4, 5)),
    "nn.SpatialDilatedConvolution": lambda: (nn.SpatialDilatedConvolution(2, 3, 3, 2, 1, 1, 1, 0, 2, 1),
                                             (1, 2, 7, 6)),
    "nn.TemporalConvolution": lambda: (nn.TemporalConvolution(3, 4, 2, 2), (2, 7, 3)),
    "nn.SpatialSubSampling": lambda: (nn.SpatialSubSampling(2, 3, 2, 2, 1), (1, 2, 5, 6)),
    "nn.SpatialDilatedMaxPooling": lambda: (nn.SpatialDilatedMaxPooling(2, 3, 1, 2, 1, 1, 2, 1), (1, 2, 7, 6)),
    "nn.TemporalMaxPooling": lambda: (nn.TemporalMaxPooling(2, 1), (2, 5, 3)),
    "nn.VolumetricMaxPooling": lambda: (nn.VolumetricMaxPooling(2, 2, 2, 1, 2, 2), (1, 2, 3, 4, 5)),
    "nn.SpatialReflectionPadding": lambda: (nn.SpatialReflectionPadding(1, 2, 0, 1), (1, 2, 3, 4)),
    "nn.SpatialReplicationPadding": lambda: (nn.SpatialReplicationPadding(2, 0, 1, 1), (1, 2, 3, 4)),
    "nn.SpatialUpSamplingNearest": lambda: (nn.SpatialUpSamplingNearest(2), (1, 2, 3, 2)),
    "nn.CMul": lambda: (nn.CMul(1, 3), (2, 3)),
    "nn.Mul": lambda: (nn.Mul(), (2, 3)),
    "nn.gModule": lambda: (_graph_sample(), (2, 3)),
    **NN_SAMPLES,
    **RNN_SAMPLES,
    **DPNN_SAMPLES,
}
POSITIVE_INPUT = {"nn.Log", "nn.Sqrt", "nn.Power"}

# one sample per mapped criterion: (criterion, input, target)
CRITERION_SAMPLES = {
    "nn.MSECriterion": lambda: (nn.MSECriterion(False), "regression"),
    "nn.AbsCriterion": lambda: (nn.AbsCriterion(), "regression"),
    "nn.SmoothL1Criterion": lambda: (nn.SmoothL1Criterion(False), "regression"),
    "nn.BCECriterion": lambda: (nn.BCECriterion(np.array([0.5, 1, 2], np.float32)), "binary"),
    "nn.ClassNLLCriterion": lambda: (nn.ClassNLLCriterion(np.array([0.5, 1, 2], np.float32), False, 1),
                                     "classes"),
    "nn.CrossEntropyCriterion": lambda: (nn.CrossEntropyCriterion(np.array([1, 2, 3], np.float32)), "classes"),
    "nn.CosineEmbeddingCriterion": lambda: (nn.CosineEmbeddingCriterion(0.2, False), "pair_sign"),
    "nn.HingeEmbeddingCriterion": lambda: (nn.HingeEmbeddingCriterion(0.5), "sign"),
    "nn.MarginCriterion": lambda: (nn.MarginCriterion(0.7, False), "sign"),
    "nn.MarginRankingCriterion": lambda: (nn.MarginRankingCriterion(0.3), "pair_rank"),
    "nn.L1HingeEmbeddingCriterion": lambda: (nn.L1HingeEmbeddingCriterion(2.0), "pair_one"),
    "nn.DistKLDivCriterion": lambda: (nn.DistKLDivCriterion(False), "kl"),
    "nn.DistanceRatioCriterion": lambda: (nn.DistanceRatioCriterion(), "pair_rank"),
    "nn.SoftMarginCriterion": lambda: (nn.SoftMarginCriterion(), "sign"),
    "nn.SpatialAutoCropMSECriterion": lambda: (nn.SpatialAutoCropMSECriterion(False), "crop"),
    "nn.MultiLabelMarginCriterion": lambda: (nn.MultiLabelMarginCriterion(), "multilabel"),
    "nn.L1Cost": lambda: (nn.L1Cost(), "regression"),
    "nn.MultiLabelSoftMarginCriterion": lambda: (nn.MultiLabelSoftMarginCriterion(np.array([1, 2, 0.5], np.float32)),
                                                 "binary"),
    "nn.MultiMarginCriterion": lambda: (nn.MultiMarginCriterion(2, np.array([1, 2, 0.5], np.float32), 0.5),
                                        "classes"),
    "nn.SpatialClassNLLCriterion": lambda: (nn.SpatialClassNLLCriterion(np.array([1, 2, 0.5], np.float32)),
                                            "spatial_classes"),
    "nn.ClassSimplexCriterion": lambda: (nn.ClassSimplexCriterion(3), "classes"),
    "nn.WeightedMSECriterion": lambda: (nn.WeightedMSECriterion(np.array([1, 2, 3], np.float32), False),
                                        "regression"),
    "nn.ModuleCriterion": lambda: (nn.ModuleCriterion(nn.MSECriterion(), nn.Tanh(), nn.Sigmoid()), "regression"),
    "nn.MultiCriterion": lambda: (nn.MultiCriterion().add(nn.MSECriterion(), 0.5).add(nn.AbsCriterion()),
                                  "regression"),
    "nn.SequencerCriterion": lambda: (nn.SequencerCriterion(nn.MSECriterion(), True), "sequence"),
    "nn.RepeaterCriterion": lambda: (nn.RepeaterCriterion(nn.AbsCriterion()), "repeat"),
    "nn.MaskZeroCriterion": lambda: (nn.MaskZeroCriterion(nn.MSECriterion(), 1), "regression"),
    "nn.ParallelCriterion": lambda: (nn.ParallelCriterion().add(nn.MSECriterion(), 0.5).add(nn.AbsCriterion(), 2),
                                     "parallel"),
    "nn.VRClassReward": lambda: (nn.VRClassReward(nn.Sequential(nn.Linear(3, 2), nn.ReinforceNormal(0.1)), 2.0,
                                                  nn.AbsCriterion()), "reward"),
    "nn.NCECriterion": lambda: (nn.NCECriterion(False), "nce"),
    "nn.TreeNLLCriterion": lambda: (nn.TreeNLLCriterion(False), "tree_nll"),
}


def _criterion_data(kind):
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    if kind == "regression":
        return x, rng.standard_normal((4, 3)).astype(np.float32)
    if kind == "binary":
        return 1 / (1 + np.exp(-x)), (rng.uniform(size=(4, 3)) > 0.5).astype(np.float32)
    sign = np.array([1, -1, -1, 1], np.float32)
    if kind == "sign":
        return x[:, 0].copy(), sign
    if kind == "pair_sign":
        return [x, rng.standard_normal((4, 3)).astype(np.float32)], sign
    if kind == "pair_rank":
        return [x[:, 0].copy(), x[:, 1].copy()], sign
    if kind == "pair_one":
        return [x[0].copy(), x[1].copy()], -1.0
    if kind == "kl":
        return x - np.log(np.exp(x).sum(1, keepdims=True)), np.full((4, 3), 1 / 3, np.float32)
    if kind == "crop":
        return x.reshape(1, 3, 2, 2), rng.standard_normal((1, 3, 3, 4)).astype(np.float32)
    if kind == "multilabel":
        return x, np.array([[2, -1, 0], [0, 1, -1], [1, -1, -1], [2, 1, 0]])
    if kind == "spatial_classes":
        y = rng.standard_normal((1, 3, 2, 2)).astype(np.float32)
        return y - np.log(np.exp(y).sum(1, keepdims=True)), np.array([[[0, 2], [1, 1]]])
    if kind == "sequence":
        return np.stack([x, x + 1]), np.stack([x * 2, x * 3])
    if kind == "repeat":
        return np.stack([x, x + 1]), x * 2
    if kind == "reward":  # [class scores, baseline], class labels
        return [x, rng.standard_normal(4).astype(np.float32)], np.array([0, 2, 1, 1])
    if kind == "nce":  # NCEModule's [P_model(target), P_model(noise), P_noise(target), P_noise(noise)]; no target
        p = rng.uniform(0.05, 0.9, (4, 6)).astype(np.float32)
        return [p[:, 0].copy(), p[:, 1:3].copy(), p[:, 3].copy(), p[:, 4:].copy()], None
    if kind == "tree_nll":  # SoftMaxTree's target log-probabilities; no target
        return -np.abs(x[:, 0]), None
    if kind == "parallel":
        return [x, x[:, :2].copy()], [rng.standard_normal((4, 3)).astype(np.float32), np.zeros((4, 2), np.float32)]
    return x - np.log(np.exp(x).sum(1, keepdims=True)), np.array([0, 2, 1, 1])


def _graph_sample():
    from nnlib.nngraph import gModule
    x = nn.Identity()()
    h = nn.Linear(3, 4)(x)
    a, b = nn.ConcatTable(nn.Identity(), nn.Tanh())(h).split(2)
    return gModule(x, [nn.CAddTable()([a, b]), nn.Sigmoid()(h)])


def _exclude_pad(module):
    module.set_count_exclude_pad()
    return module


def _with_stats(module):
    rng = np.random.default_rng(3)
    module.running_mean[...] = rng.standard_normal(module.running_mean.shape)
    module.running_var[...] = rng.uniform(0.5, 2, module.running_var.shape)
    return module


def _input(shape, module, name=""):
    rng = np.random.default_rng(5)
    if shape is None:  # LookupTable: 0-based ids
        return np.array([[0, 6, 2], [3, 3, 1]])
    if isinstance(shape, str):
        return make_input(shape, module.dtype)
    x = rng.standard_normal(shape).astype(module.dtype)
    return np.abs(x) + 0.1 if name in POSITIVE_INPUT else x


SAMPLES.update(NNX_SAMPLES)


def test_every_mapped_class_has_a_round_trip_sample():
    assert {name.split("(")[0] for name in SAMPLES} | set(CRITERION_SAMPLES) | {"nn.StochasticGradient"} == \
        {e.torch_name for e in _REGISTRY.values() if e.writable}


@pytest.mark.parametrize("name", sorted(CRITERION_SAMPLES))
@pytest.mark.parametrize("fmt", ["binary", "ascii"])
def test_criterions_round_trip(name, fmt, tmp_path):
    torchfile = pytest.importorskip("torchfile")
    criterion, kind = CRITERION_SAMPLES[name]()
    path = tmp_path / "c.t7"
    torch7.save(path, criterion, format=fmt)
    back = torch7.load(path)
    assert type(back) is type(criterion) and getattr(back, "size_average", None) == \
        getattr(criterion, "size_average", None)
    for attr in ("weights", "ignore_index", "margin", "p", "weight", "repeat_target"):
        if hasattr(criterion, attr):
            np.testing.assert_array_equal(getattr(back, attr), getattr(criterion, attr))
    x, t = _criterion_data(kind)
    assert back.forward(x, t) == criterion.forward(x, t)
    _assert_same_output(back.backward(x, t), criterion.backward(x, t))
    if fmt == "binary":
        # without its list heuristic, which compares a table's elements to the table (numpy refuses that for
        # dpnn's VRClassReward's gradInput, a table holding a tensor)
        theirs = torchfile.load(str(path), use_list_heuristic=False)
        assert theirs.torch_typename().decode() == name
        if hasattr(criterion, "size_average"):
            assert theirs[b"sizeAverage"] == criterion.size_average


def _state(module):
    """Everything that defines a module tree: classes, settings, parameters, gradients, buffers, flags."""
    out = []
    for m in module.list_modules():
        out.append((type(m).__name__, m.extra_repr(), m.train, str(m.dtype)))
        for name in m._parameter_names + m._buffer_names:
            value = getattr(m, name)
            out.append((name, None if value is None else (value.dtype.str, value.shape, value.tobytes())))
        for name in m._parameter_names:
            value = getattr(m, "grad_" + name)
            out.append(("grad_" + name, None if value is None else value.tobytes()))
    return out


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("fmt", ["binary", "ascii"])
def test_nnlib_to_t7_to_nnlib_is_bit_for_bit(name, fmt, tmp_path):
    module, shape = SAMPLES[name]()
    for m in module.list_modules():
        for p in m._parameter_names:
            if getattr(m, p) is not None:
                getattr(m, "grad_" + p)[...] = np.random.default_rng(1).standard_normal(getattr(m, p).shape)
    path = tmp_path / "m.t7"
    torch7.save(path, module, format=fmt)
    back = torch7.load(path)
    assert _state(back) == _state(module)
    x = _input(shape, module, name)
    _assert_same_output(back.forward(x), module.forward(x))


def _assert_same_output(a, b):
    if isinstance(b, list):
        assert isinstance(a, list) and len(a) == len(b)
        for u, v in zip(a, b):
            _assert_same_output(u, v)
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_torchfile_reads_what_nnlib_writes(name, tmp_path):
    torchfile = pytest.importorskip("torchfile")
    module, _ = SAMPLES[name]()
    path = tmp_path / "m.t7"
    torch7.save(path, module)
    theirs = _torchfile_modules(torchfile.load(str(path), use_list_heuristic=False))
    # each nnlib module is one of Torch7's, in Torch7's order of `modules` (rnn's Recurrent lists its start
    # module first, maskZero() puts a MaskZero there): matched by class, flag and parameter bytes
    for m in module.list_modules():
        entry = entry_for_module(m)

        def same(t):
            if t.torch_typename().decode() != entry.torch_name or t._obj[b"train"] != m.train:
                return False
            for p in entry.parameters:
                if getattr(m, p) is not None:
                    ours, key = getattr(m, p), entry.names.get(p, p).encode()
                    if t._obj[key].dtype != ours.dtype or t._obj[key].tobytes() != ours.tobytes():
                        return False
            return True

        assert any(same(t) for t in theirs), f"{m!r} is not in the file as torchfile reads it"


def _torchfile_modules(obj, found=None):
    """Every torch object reachable from `obj` through its fields and tables, each once."""
    found = [] if found is None else found
    if type(obj).__name__ == "TorchObject":  # torchfile's (its plain tables answer any attribute)
        if any(o is obj for o in found):
            return found
        found.append(obj)
        obj = obj._obj
    if isinstance(obj, dict):
        for value in obj.values():
            _torchfile_modules(value, found)
    elif isinstance(obj, list):
        for value in obj:
            _torchfile_modules(value, found)
    return found


def test_the_saved_fields_are_torch7s_1_based_ones():
    tree = read_bytes(write_bytes(nn.Sequential(nn.JoinTable(1), nn.SplitTable(-2), nn.Concat(0, nn.Identity())),
                                  convert=torch7.mapping.ToTorch()))
    join, split, concat = tree["modules"]
    assert join["dimension"] == 2.0 and "nInputDims" not in join
    assert split["dimension"] == 1.0 and split["nInputDims"] == 2.0
    assert concat["dimension"] == 1.0
    conv = read_bytes(write_bytes(nn.SpatialConvolution(2, 3, 5, 4), convert=torch7.mapping.ToTorch()))
    assert (conv["nInputPlane"], conv["kW"], conv["kH"], conv["padW"], conv["padH"]) == (2, 5, 4, 0, 0)
    assert conv["weight"].shape == (3, 2, 4, 5) and conv["gradWeight"].shape == (3, 2, 4, 5)
    reshape = read_bytes(write_bytes(nn.Reshape(3, 2), convert=torch7.mapping.ToTorch()))
    assert isinstance(reshape["size"], torch7.Storage) and reshape["size"].tolist() == [3, 2]


def test_shared_parameters_stay_shared(tmp_path):
    a, b = nn.Linear(3, 3), nn.Linear(3, 3)
    b.share(a, "weight", "bias")
    path = tmp_path / "shared.t7"
    torch7.save(path, nn.Sequential(a, b, a))
    back = torch7.load(path)
    assert back.modules[0] is back.modules[2]
    assert back.modules[1].weight is back.modules[0].weight
    assert len(back.parameters()[0]) == 2


def test_views_of_one_storage_become_one_parameter():
    # Torch7's share() makes a new tensor object on the same storage: nnlib must see one parameter
    storage = new_storage(np.arange(6, dtype=np.float32))
    w1 = np.ndarray((2, 3), np.float32, buffer=storage)
    w2 = np.ndarray((2, 3), np.float32, buffer=storage)
    bias = np.zeros(2, np.float32)
    linear = lambda w: TorchObject("nn.Linear", {"weight": w, "bias": bias})  # noqa: E731
    model = torch7.mapping.to_nnlib(TorchObject("nn.Sequential", {"modules": [linear(w1), linear(w2)]}))
    assert model.modules[0].weight is model.modules[1].weight
    assert np.shares_memory(model.modules[0].weight, storage)


def test_double_models_stay_double(tmp_path):
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh()).astype(np.float64)
    path = tmp_path / "double.t7"
    torch7.save(path, model)
    assert torch7.load(path, strict=False)["modules"][0]["weight"].dtype == np.float64
    back = torch7.load(path)
    assert back.dtype == np.float64 and back.modules[0].weight.dtype == np.float64
    # a container whose own fields say nothing of the type takes its children's
    raw = _obj("nn.Sequential", modules=[_obj("nn.Linear", weight=np.ones((2, 3)), bias=np.zeros(2))])
    seq = torch7.mapping.to_nnlib(raw)
    assert seq.dtype == np.float64 and seq.modules[0].weight.dtype == np.float64


def _obj(name, **fields):
    return TorchObject(name, fields)


def test_old_layouts_and_cudnn_names():
    rng = np.random.default_rng(0)
    w2d = rng.standard_normal((3, 2 * 3 * 3)).astype(np.float32)
    conv = torch7.mapping.to_nnlib(_obj("cudnn.SpatialConvolution", nInputPlane=2.0, nOutputPlane=3.0, kW=3.0,
                                        kH=3.0, dW=1.0, dH=1.0, padding=1.0, weight=w2d,
                                        bias=np.zeros(3, np.float32)))
    assert isinstance(conv, nn.SpatialConvolution) and (conv.padW, conv.padH) == (1, 1)
    np.testing.assert_array_equal(conv.weight.reshape(3, -1), w2d)
    linear = torch7.mapping.to_nnlib(_obj("nn.Linear", weight=np.ones((2, 3), np.float32)))
    assert linear.bias is None and linear.forward(np.ones((1, 3), np.float32)).tolist() == [[3, 3]]
    std = np.array([0.5, 2.0], np.float32)
    bn = torch7.mapping.to_nnlib(_obj("nn.BatchNormalization", eps=1e-5, momentum=0.1, affine=False,
                                      running_mean=np.zeros(2, np.float32), running_std=std))
    np.testing.assert_allclose(bn.running_var, std.astype(np.float64) ** -2 - 1e-5, rtol=1e-6)
    join = torch7.mapping.to_nnlib(_obj("nn.JoinTable", dimension=1.0, nInputDims=1.0))
    assert join.dim == -1
    pool = torch7.mapping.to_nnlib(_obj("nn.SpatialMaxPooling", kW=2.0, kH=2.0, dW=2.0, dH=2.0))
    assert (pool.padW, pool.padH, pool.ceil_mode) == (0, 0, False)
    assert torch7.mapping.to_nnlib(_obj("nn.ClassNLLCriterion", sizeAverage=True, ignoreIndex=-100.0)).ignore_index \
        is None
    assert torch7.mapping.to_nnlib(_obj("nn.ClassNLLCriterion", ignoreIndex=3.0)).ignore_index == 2
    table = torch7.mapping.to_nnlib(_obj("nn.LookupTable", weight=np.ones((4, 2)), paddingValue=3.0))
    assert table.padding_value == 2  # Torch7's 1-based id
    assert torch7.mapping.to_nnlib(_obj("nn.LookupTable", weight=np.ones((4, 2)), paddingValue=0.0)).padding_value \
        is None
    dropout = torch7.mapping.to_nnlib(_obj("nn.Dropout", p=0.2))  # before v2 existed: v1
    assert dropout.v2 is False


@pytest.mark.parametrize("raw, match", [
    (_obj("nn.Sequential", modules=[_obj("nn.Tanh"), _obj("nn.Sequential", modules=[_obj("nn.Tanh"),
                                                                                     _obj("nn.Frobnicate")])]),
     r"nn.Frobnicate at modules\[2\]\.modules\[2\]: nnlib has no mapping"),
    (_obj("nn.Linear", weight=np.ones(3, np.float32)), r"nn.Linear at <root>: field 'weight' should be 2-D"),
    (_obj("nn.SpatialMaxPooling", kW=2.0, kH=2.0, dW="two", dH=2.0), r"field 'dW' should be an integer"),
    (_obj("nn.SpatialMaxPooling", kW=2.0, kH=2.0, dH=2.0), r"has no field 'dW'"),
    (_obj("nn.JoinTable", dimension=0.0), r"Torch7 dims start at 1"),
    (_obj("nn.Sequential", modules=["not a module"]), r"str at modules\[1\]: expected a torch/nn module"),
    (_obj("nn.Linear", weight=np.ones((2, 3), np.float32), bias=np.ones(5, np.float32)),
     r"field 'bias' has shape \(5,\), expected 2 values"),
])
def test_bad_objects_raise_mapping_errors_naming_class_and_path(raw, match):
    with pytest.raises(Torch7MappingError, match=match):
        torch7.mapping.to_nnlib(raw)


def test_a_module_containing_itself_is_refused():
    seq = _obj("nn.Sequential")
    seq["modules"] = [_obj("nn.Tanh"), seq]
    with pytest.raises(Torch7MappingError, match=r"nn.Sequential at modules\[2\]: the object contains itself"):
        torch7.mapping.to_nnlib(seq)


def test_unmapped_nnlib_classes_are_refused_when_saving(tmp_path):
    class Mine(nn.Module):
        pass

    with pytest.raises(TypeError, match="cannot write a Mine"):
        torch7.save(tmp_path / "x.t7", nn.Sequential(Mine()))
    assert list(tmp_path.iterdir()) == []


def test_plain_tables_around_modules_are_mapped_inside(tmp_path):
    path = tmp_path / "checkpoint.t7"
    model = nn.Linear(2, 2)
    torch7.save(path, {"model": model, "epoch": 3, "models": [model]})
    back = torch7.load(path)
    assert back["epoch"] == 3.0 and isinstance(back["model"], nn.Linear) and back["models"][0] is back["model"]


def test_unknown_classes_in_real_files_name_their_path():
    raw = torch7.load(data_file("face-detector-face.net"), strict=False)
    assert raw.typename == "nn.Sequential"
    raw["modules"][8]["classifier"].typename = "nn.LinearOfTheFuture"
    with pytest.raises(Torch7MappingError, match=r"nn.LinearOfTheFuture at modules\[9\]\.classifier: nnlib has no"):
        torch7.mapping.to_nnlib(raw)


def test_an_nngraph_gmodule_loads_and_runs(tmp_path):
    from nnlib.nngraph import gModule
    from nnlib.testing import check_module_gradients

    # gModule({a, b}, {CAddTable(){b, Linear(1, 2)(a)}}), saved with DoubleTensors
    graph = torch7.load(data_file("torchfile-tests/gmodule_with_linear_identity.t7"))
    assert isinstance(graph, gModule) and graph.dtype == np.float64
    assert [type(m) for m in graph.modules] == [nn.Identity, nn.Identity, nn.Linear, nn.CAddTable]
    rng = np.random.default_rng(4)
    a, b = rng.standard_normal((3, 1)), rng.standard_normal((3, 2))
    linear = graph.modules[2]
    np.testing.assert_allclose(graph.forward([a, b]), a @ linear.weight.T + linear.bias + b, rtol=1e-12)
    check_module_gradients(graph, [a, b])
    # saved back, it has the file's layout: input node, split hub, select nodes, modules, output node
    torch7.save(tmp_path / "g.t7", graph)
    original = torch7.load(data_file("torchfile-tests/gmodule_with_linear_identity.t7"), strict=False)
    saved = torch7.load(tmp_path / "g.t7", strict=False)

    def layout(raw):
        return sorted((d["module"].typename if "module" in d else "", d.get("selectindex", 0), d.get("nSplitOutputs", 0),
                       len(n["children"]) // 2) for n in raw["forwardnodes"] for d in [n["data"]])

    assert layout(saved) == layout(original) and saved["nInputs"] == 2.0
    back = torch7.load(tmp_path / "g.t7")
    np.testing.assert_array_equal(back.forward([a, b]), graph.forward([a, b]))


def test_a_graph_saved_twice_gives_the_same_bytes(tmp_path):
    from nnlib.nngraph import gModule
    from nnlib.torch7.mapping import ToTorch

    x1, x2 = nn.Identity()(), nn.Identity()()
    h = nn.Tanh()(nn.Linear(3, 5)(x1))
    a, b = nn.ConcatTable(nn.Identity(), nn.Sigmoid())(h).split(2)
    graph = gModule([x1, x2], [nn.CAddTable()([a, b, nn.Linear(2, 5)(x2)]), h])
    first = write_bytes(graph, convert=ToTorch())
    again = torch7.mapping.to_nnlib(read_bytes(first))
    assert write_bytes(again, convert=ToTorch()) == first
    inputs = [np.ones((2, 3), np.float32), np.ones((2, 2), np.float32)]
    for ours, theirs in zip(again.forward(inputs), graph.forward(inputs)):
        np.testing.assert_array_equal(ours, theirs)
    with pytest.raises(TypeError, match="same node twice"):
        write_bytes(gModule(x1, nn.CAddTable()([x1, x1])), convert=ToTorch())


@pytest.mark.parametrize("name, count", [("torchfile-tests/gmodule_with_linear_identity.t7", 600),
                                         ("face-detector-new-face.net", 150)])
def test_corrupted_models_load_or_raise_the_package_errors(name, count):
    data = data_file(name).read_bytes()
    rng = np.random.default_rng(9)
    outcomes = set()
    for _ in range(count):
        mutated = bytearray(data)
        for pos in rng.integers(0, min(len(data), 6000), int(rng.integers(1, 4))):
            mutated[pos] ^= 1 << int(rng.integers(0, 8))
        try:
            torch7.mapping.to_nnlib(read_bytes(bytes(mutated), "mutated.t7"))
            outcomes.add("ok")
        except torch7.Torch7FormatError:
            outcomes.add("format")
        except Torch7MappingError:
            outcomes.add("mapping")
    assert {"format", "mapping"} <= outcomes


def test_sizes_that_disagree_with_the_weights_are_refused_before_allocating():
    conv = _obj("nn.SpatialConvolution", nInputPlane=2.0e9, nOutputPlane=3.0, kW=3.0, kH=3.0,
                weight=np.zeros((3, 2, 3, 3), np.float32), bias=np.zeros(3, np.float32))
    with pytest.raises(Torch7MappingError, match="field 'weight' has 54 values, its settings make"):
        torch7.mapping.to_nnlib(conv)
    with pytest.raises(Torch7MappingError, match="beyond any size Torch7 saves"):
        torch7.mapping.to_nnlib(_obj("nn.Replicate", nfeatures=1e12))


def test_a_trainer_round_trips(tmp_path):
    trainer = nn.StochasticGradient(nn.Linear(3, 2), nn.MSECriterion())
    trainer.learning_rate, trainer.max_iteration, trainer.verbose = 0.5, 3, False
    torch7.save(tmp_path / "t.t7", trainer)
    back = torch7.load(tmp_path / "t.t7")
    assert (back.learning_rate, back.max_iteration, back.verbose, back.shuffle_indices) == (0.5, 3, False, True)
    assert isinstance(back.criterion, nn.MSECriterion) and back.module.weight.tobytes() == trainer.module.weight.tobytes()
    raw = torch7.load(tmp_path / "t.t7", strict=False)
    raw["hookIteration"] = torch7.LuaFunction(b"", [])
    with pytest.raises(Torch7MappingError, match="'hookIteration' is a Lua function"):
        torch7.mapping.to_nnlib(raw)


def test_every_torch_nn_class_is_mapped_or_documented_as_not():
    """Each class of tests/nn/torch_nn_classes.txt has an entry, or docs/torch7.md says why it has none."""
    root = Path(__file__).resolve().parents[2]
    classes = (root / "tests" / "nn" / "torch_nn_classes.txt").read_text().split()
    docs = (root / "docs" / "torch7.md").read_text()
    documented = set(re.findall(r"^- `nn\.(\w+)`: \S", docs, re.M))
    missing = [c for c in classes if torch7.mapping.entry_for_torch("nn." + c) is None and c not in documented]
    assert not missing, f"neither mapped nor documented as unmappable in docs/torch7.md: {missing}"
    assert not documented & {c for c in classes if torch7.mapping.entry_for_torch("nn." + c)}


_X = np.arange(24, dtype=np.float64).reshape(2, 3, 4)


@pytest.mark.parametrize("raw, x, want", [
    # Torch7's 1-based fields, as its constructors save them, and what Torch7's forward gives
    (_obj("nn.NarrowTable", offset=2.0, length=2.0), [_X, _X + 1, _X + 2], [_X + 1, _X + 2]),
    (_obj("nn.SelectTable", index=-1.0), [_X, _X + 1, _X + 2], _X + 2),
    (_obj("nn.SelectTable", index=2.0), [_X, _X + 1, _X + 2], _X + 1),
    (_obj("nn.Index", dimension=2.0), [_X, np.array([2, 0])], _X[:, [2, 0]]),  # indices are data: 0-based here
    (_obj("nn.Padding", dim=2.0, pad=-1.0, value=7.0, index=1.0), _X,
     np.concatenate([np.full((2, 1, 4), 7.0), _X], 1)),
    (_obj("nn.Padding", dim=2.0, pad=2.0, nInputDim=2.0, value=0.0, index=1.0), _X,
     np.concatenate([_X, np.zeros((2, 3, 2))], 2)),
    (_obj("nn.GatedLinearUnit", dim=3.0), _X, _X[..., :2] / (1 + np.exp(-_X[..., 2:]))),
    (_obj("nn.GatedLinearUnit"), _X, _X[..., :2] / (1 + np.exp(-_X[..., 2:]))),
    (_obj("nn.Parallel", inputDimension=1.0, outputDimension=2.0, modules=[_obj("nn.Identity"), _obj("nn.Identity")]),
     _X[:2], np.concatenate([_X[0], _X[1]], 1)),
    (_obj("nn.MixtureTable", dim=2.0), [np.array([[0.25, 0.75]] * 2), np.stack([_X[:, 0], _X[:, 1]], 1)],
     0.25 * _X[:, 0] + 0.75 * _X[:, 1]),
    (_obj("nn.SpatialFullConvolutionMap", connTable=np.array([[1.0, 1.0], [2.0, 1.0]]), kW=1.0, kH=1.0, dW=1.0,
          dH=1.0, weight=np.array([[[2.0]], [[3.0]]]), bias=np.array([0.5])),
     np.ones((1, 2, 2, 2)), np.full((1, 1, 2, 2), 5.5)),
])
def test_hand_built_torch7_objects_compute_torch7s_forward(raw, x, want):
    module = torch7.mapping.to_nnlib(raw).astype(np.float64)  # stateless ones are float32 by default
    _assert_same_output(module.forward(x), want)
