"""`reset(stdv)` follows each class's Torch7 rule (the porting trap of issue 17).

Torch7's Linear, convolutions, distance and element-wise layers (and nnx's SoftMaxTree, rnn's
LSTM/GRU/MuFuRu through their Linears) take a given `stdv` as a standard deviation: they draw
U(-stdv * sqrt(3), stdv * sqrt(3)); `reset()` draws U(-1/sqrt(fan_in), 1/sqrt(fan_in)). Kmeans,
NCEModule and nnlib's TorchGRU use a given value as the bound itself; LookupTable, PartialLinear
and rnn's Seq* layers as a normal deviation. Each case lists the arrays drawn and their fan-in.
"""
import math

import numpy as np
import pytest

import nnlib
from nnlib import nn

TREE = {20: [0, 21, 22, 5], 21: [1, 2, 23], 23: [3, 4], 22: [24, 6], 24: [7, 8, 25], 25: [9]}

# (factory, {array name: fan_in of the default bound}) for the classes with the sqrt(3) rule
SCALED = {
    "Linear": (lambda: nn.Linear(7, 20), {"weight": 7, "bias": 7}),
    "Add": (lambda: nn.Add(50), {"bias": 50}),
    "Bilinear": (lambda: nn.Bilinear(5, 4, 6), {"weight": 5, "bias": 5}),
    "CAdd": (lambda: nn.CAdd(10, 12), {"bias": 120}),
    "CMul": (lambda: nn.CMul(10, 12), {"weight": 120}),
    "Mul": (lambda: nn.Mul(), {"weight": 1}),
    "Cosine": (lambda: nn.Cosine(5, 30), {"weight": 30}),
    "Euclidean": (lambda: nn.Euclidean(6, 20), {"weight": 6}),
    "WeightedEuclidean": (lambda: nn.WeightedEuclidean(6, 20), {"weight": 6}),
    "IndexLinear": (lambda: nn.IndexLinear(30, 8), {"weight": 8}),
    "SparseLinear": (lambda: nn.SparseLinear(30, 8), {"weight": 30}),
    "LinearWeightNorm": (lambda: nn.LinearWeightNorm(7, 20), {"weight": 7, "bias": 7}),
    "SpatialConvolution": (lambda: nn.SpatialConvolution(3, 8, 3, 3), {"weight": 27, "bias": 27}),
    "SpatialConvolutionMM": (lambda: nn.SpatialConvolutionMM(3, 8, 3, 3), {"weight": 27, "bias": 27}),
    "SpatialConvolutionLocal": (lambda: nn.SpatialConvolutionLocal(3, 4, 5, 5, 3, 3), {"weight": 27, "bias": 27}),
    "SpatialConvolutionMap": (lambda: nn.SpatialConvolutionMap(nn.tables.full(3, 4), 3, 3),
                              {"weight": 27, "bias": 27}),
    "SpatialFullConvolutionMap": (lambda: nn.SpatialFullConvolutionMap(nn.tables.full(3, 4), 3, 3),
                                  {"weight": 27, "bias": 27}),
    "SpatialDepthWiseConvolution": (lambda: nn.SpatialDepthWiseConvolution(3, 4, 3, 3), {"weight": 27, "bias": 27}),
    "SpatialDilatedConvolution": (lambda: nn.SpatialDilatedConvolution(3, 8, 3, 3), {"weight": 27, "bias": 27}),
    "SpatialFullConvolution": (lambda: nn.SpatialFullConvolution(3, 8, 3, 3), {"weight": 27, "bias": 27}),
    "SpatialSubSampling": (lambda: nn.SpatialSubSampling(20, 2, 2), {"weight": 4, "bias": 4}),
    "TemporalConvolution": (lambda: nn.TemporalConvolution(5, 6, 3), {"weight": 15, "bias": 15}),
    "TemporalRowConvolution": (lambda: nn.TemporalRowConvolution(20, 3), {"weight": 60, "bias": 60}),
    "TemporalSubSampling": (lambda: nn.TemporalSubSampling(20, 3), {"weight": 3, "bias": 3}),
    "VolumetricConvolution": (lambda: nn.VolumetricConvolution(2, 6, 2, 2, 2), {"weight": 16, "bias": 16}),
    "VolumetricDilatedConvolution": (lambda: nn.VolumetricDilatedConvolution(2, 6, 2, 2, 2),
                                     {"weight": 16, "bias": 16}),
    "VolumetricFullConvolution": (lambda: nn.VolumetricFullConvolution(2, 6, 2, 2, 2), {"weight": 16, "bias": 16}),
    "LSTM": (lambda: nn.LSTM(5, 7), {"weight_x": 5, "bias": 5, "weight_h": 7, "weight_c": 7}),
    "FastLSTM": (lambda: nn.FastLSTM(5, 7), {"weight_x": 5, "bias": 5, "weight_h": 7}),
    "GRU": (lambda: nn.GRU(5, 7), {"weight_x": 5, "bias": 5, "weight_h": 7}),
    # the reset gate's rows: fans I and H; the other rows' smaller bound 1/sqrt(I + H) stays below
    "MuFuRu": (lambda: nn.MuFuRu(5, 7), {"weight_x": 5, "weight_h": 7}),
    "SoftMaxTree": (lambda: nn.SoftMaxTree(6, {k: np.array(v) for k, v in TREE.items()}), {"weight": 6, "bias": 6}),
}

# (factory, array names) whose Torch7 reset(stdv) draws U(-stdv, stdv), the value as given
AS_BOUND = {
    "Kmeans": (lambda: nn.Kmeans(10, 6), ["weight"]),
    "NCEModule": (lambda: nn.NCEModule(6, 20, 3, np.ones(20)), ["weight", "bias"]),
    "TorchGRU": (lambda: nn.TorchGRU(5, 7), ["weight_x", "bias_x", "weight_h", "bias_h"]),
}

# (factory, array names) whose reset(stdv) draws N(0, stdv)
AS_NORMAL = {
    "LookupTable": (lambda: nn.LookupTable(100, 20), ["weight"]),
    "PartialLinear": (lambda: nn.PartialLinear(20, 100), ["weight"]),
    "Dictionary": (lambda: nn.Dictionary(100, 20), ["weight"]),
    "SeqLSTM": (lambda: nn.SeqLSTM(20, 30), ["weight_x", "weight_h"]),
    "SeqGRU": (lambda: nn.SeqGRU(20, 30), ["weight_x", "weight_h"]),
    "SeqLSTMP": (lambda: nn.SeqLSTMP(20, 30, 10), ["weight_x", "weight_h", "weight_o"]),
}


def _max_abs_over_resets(module, names, stdv, repeats=30):
    """{name: max |value| over `repeats` resets}: small arrays (Mul's single weight) need several draws."""
    found = dict.fromkeys(names, 0.0)
    for _ in range(repeats):
        module.reset(stdv) if stdv is not None else module.reset()
        for name in names:
            found[name] = max(found[name], float(np.abs(getattr(module, name)).max()))
    return found


@pytest.mark.parametrize("name", sorted(SCALED))
def test_reset_stdv_draws_uniform_with_bound_stdv_times_sqrt3(name):
    nnlib.manual_seed(0)
    factory, fans = SCALED[name]
    module = factory().astype(np.float64)
    stdv = 0.05
    bound = stdv * math.sqrt(3)
    largest = _max_abs_over_resets(module, fans, stdv)
    for array, value in largest.items():
        assert value <= bound * (1 + 1e-12), f"{name}.{array}: |w| {value} beyond Torch7's stdv * sqrt(3) = {bound}"
    drawn = [v for a, v in largest.items() if not (name in ("IndexLinear", "SparseLinear") and a == "bias")]
    # a bound of stdv itself (the old rule) would never pass 0.9 * stdv * sqrt(3) = 1.56 * stdv
    assert max(drawn) > 0.9 * bound, f"{name}: max |w| {max(drawn)} far below stdv * sqrt(3) = {bound}"


@pytest.mark.parametrize("name", sorted(SCALED))
def test_reset_without_stdv_uses_one_over_sqrt_fan_in(name):
    nnlib.manual_seed(1)
    factory, fans = SCALED[name]
    module = factory().astype(np.float64)
    largest = _max_abs_over_resets(module, fans, None)
    for array, fan in fans.items():
        bound = 1.0 / math.sqrt(fan)
        scale = 1e-6 if name in ("IndexLinear", "SparseLinear") and array == "bias" else 1.0
        assert largest[array] <= scale * bound * (1 + 1e-12), f"{name}.{array} beyond 1/sqrt({fan})"
        assert largest[array] > 0.9 * scale * bound, f"{name}.{array}: max |w| far below 1/sqrt({fan})"


@pytest.mark.parametrize("name", sorted(AS_BOUND))
def test_reset_stdv_is_the_bound_where_torch7_takes_it_as_given(name):
    nnlib.manual_seed(2)
    factory, names = AS_BOUND[name]
    module = factory().astype(np.float64)
    largest = _max_abs_over_resets(module, names, 0.05)
    for array, value in largest.items():
        assert 0.9 * 0.05 < value <= 0.05, f"{name}.{array}: max |w| {value}, expected just under 0.05"


@pytest.mark.parametrize("name", sorted(AS_NORMAL))
def test_reset_stdv_is_a_normal_deviation_where_torch7_draws_normal(name):
    nnlib.manual_seed(3)
    factory, names = AS_NORMAL[name]
    module = factory().astype(np.float64)
    module.reset(0.05)
    for array in names:
        std = float(getattr(module, array).std())
        assert 0.045 < std < 0.055, f"{name}.{array}: std {std}, expected 0.05"


@pytest.mark.parametrize("stdv", [0.0, -0.1])
def test_a_non_positive_stdv_is_refused(stdv):
    with pytest.raises(ValueError, match="stdv is a standard deviation and must be > 0"):
        nn.Linear(3, 2).reset(stdv)


def test_containers_pass_stdv_to_every_child():
    nnlib.manual_seed(4)
    model = nn.Sequential(nn.Linear(30, 40), nn.Sequential(nn.SpatialConvolution(3, 20, 3, 3)))
    model.reset(0.01)
    for p in model.parameters()[0]:
        assert 0.9 * 0.01 * math.sqrt(3) < np.abs(p).max() <= 0.01 * math.sqrt(3) * (1 + 1e-6)
