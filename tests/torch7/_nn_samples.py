"""Round-trip samples for the nn classes mapped beyond the first set: (module, input shape or input maker)."""
import numpy as np

from nnlib import nn


def _pool():
    return nn.SpatialMaxPooling(2, 2, 2, 2)


RNN_SAMPLES = {
    "nn.FastLSTM": lambda: (nn.FastLSTM(3, 4, 7), (2, 3)),
    "nn.SeqLSTM": lambda: (nn.SeqLSTM(3, 4), (3, 2, 3)),
    "nn.SeqLSTMP": lambda: (nn.SeqLSTMP(3, 5, 2).mask_zero(), (3, 2, 3)),
    "nn.LSTM": lambda: (nn.Sequencer(nn.LSTM(3, 4)), (3, 2, 3)),
    "nn.LSTM(no peepholes)": lambda: (nn.LSTM(3, 4, 5, False), (2, 3)),
    "nn.GRU": lambda: (nn.Sequencer(nn.GRU(3, 4).mask_zero()), (3, 2, 3)),
    "nn.SeqGRU": lambda: (nn.SeqGRU(3, 4).mask_zero(), (3, 2, 3)),
    # dropout: rnn's per-gate Linears behind lazy Dropouts; evaluate() makes the forward deterministic
    "nn.FastLSTM(dropout)": lambda: (nn.Sequencer(nn.FastLSTM(3, 4, 7, p=0.25, mono=True)).evaluate(), (3, 2, 3)),
    "nn.LSTM(dropout)": lambda: (nn.Sequencer(nn.LSTM(3, 4, p=0.3)).evaluate(), (3, 2, 3)),
    "nn.GRU(dropout)": lambda: (nn.Sequencer(nn.GRU(3, 4, p=0.25, mono=True).mask_zero()).evaluate(), (3, 2, 3)),
    "nn.Sequencer": lambda: (nn.Sequencer(nn.FastLSTM(3, 4).mask_zero()), (3, 2, 3)),
    "nn.Repeater": lambda: (nn.Repeater(nn.Linear(3, 2), 3), (2, 3)),
    "nn.TrimZero": lambda: (nn.TrimZero(nn.Linear(3, 2), 1), "zero_rows"),
    "nn.SeqReverseSequence": lambda: (nn.SeqReverseSequence(1), (3, 2, 4)),
    "nn.NormStabilizer": lambda: (nn.Sequencer(nn.NormStabilizer(2.0)), (3, 2, 4)),
    "nn.Recursor": lambda: (nn.Recursor(nn.Linear(3, 2), 5), (2, 3)),
    "nn.MaskZero": lambda: (nn.MaskZero(nn.Linear(3, 2), 1), "zero_rows"),
    "nn.LookupTableMaskZero": lambda: (nn.LookupTableMaskZero(5, 3), "ids_pad"),
    "nn.Recurrent": lambda: (nn.Sequencer(nn.Recurrent(4, nn.Linear(3, 4), nn.Linear(4, 4), nn.Tanh(), 7)),
                             (3, 2, 3)),
    "nn.Recurrent(modules)": lambda: (nn.Sequencer(nn.Recurrent(
        nn.Sequential(nn.Add(4), nn.Tanh()), nn.Linear(3, 4), nn.Linear(4, 4, bias=False), nn.Sigmoid(), 5,
        nn.CMulTable()).mask_zero()), (3, 2, 3)),
    "nn.BiSequencer": lambda: (nn.BiSequencer(nn.FastLSTM(3, 4), nn.GRU(3, 2)), (3, 2, 3)),
    "nn.BiSequencer(plain)": lambda: (nn.BiSequencer(nn.Linear(3, 2)), (3, 2, 3)),
    "nn.SeqBRNN": lambda: (nn.SeqBRNN(3, 4), (3, 2, 3)),
    "nn.SeqBRNN(batch_first)": lambda: (nn.SeqBRNN(3, 2, True, nn.JoinTable(-1)), (2, 4, 3)),
    "nn.BiSequencerLM": lambda: (nn.BiSequencerLM(nn.FastLSTM(3, 4)), (3, 2, 3)),
    "nn.BiSequencerLM(plain)": lambda: (nn.BiSequencerLM(nn.Linear(3, 2), nn.Linear(3, 4)), (3, 2, 3)),
    "nn.Recurrence": lambda: (nn.Sequencer(nn.Recurrence(nn.Sequential(nn.ParallelTable(
        nn.Linear(3, 4), nn.Linear(4, 4)), nn.CAddTable(), nn.Tanh()), 4, 1)), (3, 2, 3)),
    "nn.Recurrence(mask_zero)": lambda: (nn.Sequencer(nn.Recurrence(nn.Sequential(nn.JoinTable(-1), nn.Linear(
        7, 4), nn.Sigmoid()), (4,), 1, 6).mask_zero()), (3, 2, 3)),
    "nn.MuFuRu": lambda: (nn.Sequencer(nn.MuFuRu(3, 4)), (3, 2, 3)),
    "nn.MuFuRu(ops)": lambda: (nn.Sequencer(nn.MuFuRu(3, 4, ("keep", "replace", "max"), 5).mask_zero()), (3, 2, 3)),
    "nn.RecurrentAttention": lambda: (nn.RecurrentAttention(
        nn.Recurrent(4, nn.Sequential(nn.JoinTable(-1), nn.Linear(5, 4)), nn.Linear(4, 4), nn.Tanh(), 9),
        nn.Sequential(nn.Linear(4, 2), nn.HardTanh()), 3, 4), (2, 3)),
}

DPNN_SAMPLES = {
    "nn.Serial": lambda: (nn.Serial(nn.Sequential(nn.Linear(3, 2), nn.Tanh())).light_serial(), (2, 3)),
    "nn.Serial(medium)": lambda: (nn.Serial(nn.Linear(3, 2)).medium_serial(), (2, 3)),
    "nn.Inception": lambda: (nn.Inception(dict(input_size=3, output_size=[2, 3], reduce_size=[2, 2, 1, 2],
                                               kernel_size=[3, 1], reduce_stride=[1, 1, 1, 1])), (2, 3, 5, 5)),
    "nn.Inception(batch_norm)": lambda: (nn.Inception(dict(
        input_size=2, output_size=[2], reduce_size=[2, 1], kernel_size=[3], kernel_stride=[1], batch_norm=True,
        transfer=nn.Tanh(), pool=nn.SpatialAveragePooling(3, 3, 1, 1))).evaluate(), (2, 2, 5, 5)),
    "nn.Clip": lambda: (nn.Clip(-0.5, 0.7), (2, 3)),
    "nn.SpatialGlimpse": lambda: (nn.SpatialGlimpse(3, 2, 2), "glimpse"),
    "nn.SpatialUniformCrop": lambda: (nn.SpatialUniformCrop(3, 2).evaluate(), (2, 2, 5, 4)),
    "nn.ReinforceBernoulli": lambda: (nn.ReinforceBernoulli().evaluate(), "probs"),
    "nn.ReinforceCategorical": lambda: (nn.ReinforceCategorical().evaluate(), "probs"),
    "nn.ReinforceNormal": lambda: (nn.ReinforceNormal(0.2).evaluate(), (2, 3)),
    "nn.Dictionary": lambda: (nn.Dictionary(7, 3), None),
    # normalized evaluation (the full softmax) is deterministic; the sampled training forward is in test_mapping_dpnn
    "nn.NCEModule": lambda: (_nce(), "nce"),
}

NN_SAMPLES = {
    "nn.Bilinear": lambda: (nn.Bilinear(3, 2, 4), "pair32"),
    "nn.Bottle": lambda: (nn.Bottle(nn.Linear(3, 2), 2), (2, 4, 3)),
    "nn.CAdd": lambda: (nn.CAdd(1, 3), (2, 3)),
    "nn.CAddTensorTable": lambda: (nn.CAddTensorTable(), "tensor_table"),
    "nn.CDivTable": lambda: (nn.CDivTable(), "pair"),
    "nn.CMaxTable": lambda: (nn.CMaxTable(), "pair"),
    "nn.CMinTable": lambda: (nn.CMinTable(), "pair"),
    "nn.CMulTable": lambda: (nn.CMulTable(), "pair"),
    "nn.CSubTable": lambda: (nn.CSubTable(), "pair"),
    "nn.CReLU": lambda: (nn.CReLU(1), (2, 3)),
    "nn.Collapse": lambda: (nn.Collapse(2), (2, 3, 2)),
    "nn.Constant": lambda: (nn.Constant(np.array([1.5, 2.0], np.float32), 1), (2, 3)),
    "nn.Contiguous": lambda: (nn.Contiguous(), (2, 3)),
    "nn.Convert": lambda: (nn.Convert("bchw", "bf"), (2, 2, 2, 2)),
    "nn.Copy": lambda: (nn.Copy(), (2, 3)),
    "nn.Cosine": lambda: (nn.Cosine(3, 2), (2, 3)),
    "nn.CosineDistance": lambda: (nn.CosineDistance(), "pair"),
    "nn.CriterionTable": lambda: (nn.CriterionTable(nn.MSECriterion()), "pair"),
    "nn.Decorator": lambda: (nn.Decorator(nn.Linear(3, 2)), (2, 3)),
    "nn.DepthConcat": lambda: (nn.DepthConcat(1, nn.SpatialConvolution(2, 2, 1, 1),
                                              nn.SpatialConvolution(2, 3, 3, 3)), (1, 2, 5, 5)),
    "nn.DontCast": lambda: (nn.DontCast(nn.Linear(3, 2)), (2, 3)),
    "nn.DotProduct": lambda: (nn.DotProduct(), "pair"),
    "nn.Euclidean": lambda: (nn.Euclidean(3, 2), (2, 3)),
    "nn.WeightedEuclidean": lambda: (nn.WeightedEuclidean(3, 2), (2, 3)),
    "nn.FeatureLPPooling": lambda: (nn.FeatureLPPooling(2, 1, 2.0, True), (2, 5)),
    "nn.FlattenTable": lambda: (nn.FlattenTable(), "nested"),
    "nn.GatedLinearUnit": lambda: (nn.GatedLinearUnit(1), (2, 4)),
    "nn.GradientReversal": lambda: (nn.GradientReversal(0.5), (2, 3)),
    "nn.Index": lambda: (nn.Index(0), "index"),
    "nn.Kmeans": lambda: (nn.Kmeans(3, 2), (4, 2)),
    "nn.L1Penalty": lambda: (nn.L1Penalty(0.1, True, False), (2, 3)),
    "nn.LayerNormalization": lambda: (nn.LayerNormalization(3, 0.5), (2, 3)),
    "nn.LinearWeightNorm": lambda: (nn.LinearWeightNorm(3, 2), (2, 3)),
    "nn.MM": lambda: (nn.MM(True, False), "mm"),
    "nn.MV": lambda: (nn.MV(), "mv"),
    "nn.MapTable": lambda: (nn.MapTable(nn.Linear(3, 2)), "pair"),
    "nn.MaskedSelect": lambda: (nn.MaskedSelect(), "mask"),
    "nn.Maxout": lambda: (nn.Maxout(3, 2, 2), (2, 3)),
    "nn.MixtureTable": lambda: (nn.MixtureTable(), "mixture"),
    "nn.NaN": lambda: (nn.NaN(nn.Linear(3, 2), 3), (2, 3)),
    "nn.NarrowTable": lambda: (nn.NarrowTable(1, 1), "pair"),
    "nn.OneHot": lambda: (nn.OneHot(4), "ids"),
    "nn.Padding": lambda: (nn.Padding(1, -2, None, 0.5), (2, 3)),
    "nn.PairwiseDistance": lambda: (nn.PairwiseDistance(1), "pair"),
    "nn.Parallel": lambda: (nn.Parallel(0, 1, nn.Linear(3, 2), nn.Linear(3, 4)), (2, 2, 3)),
    "nn.PartialLinear": lambda: (nn.PartialLinear(3, 4), (2, 3)),
    "nn.PixelShuffle": lambda: (nn.PixelShuffle(2), (1, 4, 2, 3)),
    "nn.PrintSize": lambda: (nn.PrintSize("here"), (2, 3)),
    "nn.Profile": lambda: (nn.Profile(nn.Linear(3, 2), 10, "lin"), (2, 3)),
    "nn.RReLU": lambda: (nn.RReLU(0.1, 0.2).evaluate(), (2, 3)),
    "nn.SelectTable": lambda: (nn.SelectTable(-1), "pair"),
    "nn.SparseLinear": lambda: (nn.SparseLinear(5, 2), "sparse"),
    "nn.IndexLinear": lambda: (nn.IndexLinear(5, 2), "indexlinear"),
    "nn.SpatialAdaptiveAveragePooling": lambda: (nn.SpatialAdaptiveAveragePooling(2, 3), (1, 2, 5, 6)),
    "nn.SpatialAdaptiveMaxPooling": lambda: (nn.SpatialAdaptiveMaxPooling(2, 3), (1, 2, 5, 6)),
    "nn.SpatialContrastiveNormalization": lambda: (nn.SpatialContrastiveNormalization(2, np.ones((3, 3))),
                                                   (1, 2, 5, 6)),
    "nn.SpatialDivisiveNormalization": lambda: (nn.SpatialDivisiveNormalization(2, np.ones(3)), (1, 2, 5, 6)),
    "nn.SpatialSubtractiveNormalization": lambda: (nn.SpatialSubtractiveNormalization(1, np.ones(5)),
                                                   (1, 1, 5, 6)),
    "nn.SpatialConvolutionLocal": lambda: (nn.SpatialConvolutionLocal(2, 3, 5, 4, 3, 2, 1, 1, 1, 0), (1, 2, 4, 5)),
    "nn.SpatialDepthWiseConvolution": lambda: (nn.SpatialDepthWiseConvolution(2, 2, 3, 2, 1, 1, 1, 0),
                                               (1, 2, 5, 6)),
    "nn.SpatialFractionalMaxPooling": lambda: (nn.SpatialFractionalMaxPooling(2, 2, 3, 3), (1, 2, 6, 6)),
    "nn.SpatialFullConvolutionMap": lambda: (nn.SpatialFullConvolutionMap(np.array([[0, 0], [1, 0], [1, 1]]),
                                                                          3, 2, 2, 1), (1, 2, 4, 5)),
    "nn.SpatialLPPooling": lambda: (nn.SpatialLPPooling(2, 2.0, 2, 2), (1, 2, 4, 6)),
    "nn.SpatialLogSoftMax": lambda: (nn.SpatialLogSoftMax(), (1, 3, 2, 2)),
    "nn.SpatialSoftMax": lambda: (nn.SpatialSoftMax(), (1, 3, 2, 2)),
    "nn.SpatialMaxUnpooling": lambda: (_unpool(), (1, 2, 4, 4)),
    "nn.SpatialUpSamplingBilinear": lambda: (nn.SpatialUpSamplingBilinear(2), (1, 2, 3, 2)),
    "nn.TemporalDynamicKMaxPooling": lambda: (nn.TemporalDynamicKMaxPooling(2, 0.5), (2, 5, 3)),
    "nn.TemporalRowConvolution": lambda: (nn.TemporalRowConvolution(3, 2, 1), (2, 5, 3)),
    "nn.TemporalSubSampling": lambda: (nn.TemporalSubSampling(3, 2, 1), (2, 5, 3)),
    "nn.UpSampling": lambda: (nn.UpSampling(2, "linear"), (1, 2, 3, 2)),
    "nn.VolumetricAveragePooling": lambda: (nn.VolumetricAveragePooling(2, 2, 2, 1, 2, 2), (1, 2, 3, 4, 5)),
    "nn.VolumetricBatchNormalization": lambda: (nn.VolumetricBatchNormalization(2).evaluate(), (2, 2, 2, 3, 3)),
    "nn.VolumetricConvolution": lambda: (nn.VolumetricConvolution(2, 3, 2, 2, 3, 1, 1, 2, 0, 1, 0), (1, 2, 3, 4, 5)),
    "nn.VolumetricDilatedConvolution": lambda: (nn.VolumetricDilatedConvolution(2, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0,
                                                                                1, 2, 1), (1, 2, 3, 5, 4)),
    "nn.VolumetricDilatedMaxPooling": lambda: (nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 1, 1, 0, 0, 0, 1, 2, 1),
                                               (1, 2, 3, 5, 4)),
    "nn.VolumetricDropout": lambda: (nn.VolumetricDropout(0.3).evaluate(), (1, 2, 2, 3, 3)),
    "nn.VolumetricFractionalMaxPooling": lambda: (nn.VolumetricFractionalMaxPooling(2, 2, 2, 2, 2, 2),
                                                  (1, 2, 4, 4, 4)),
    "nn.VolumetricFullConvolution": lambda: (nn.VolumetricFullConvolution(2, 3, 2, 2, 2, 1, 2, 1, 0, 1, 0, 0, 1, 0),
                                             (1, 2, 2, 3, 3)),
    "nn.VolumetricMaxUnpooling": lambda: (_vunpool(), (1, 2, 2, 4, 4)),
    "nn.VolumetricReplicationPadding": lambda: (nn.VolumetricReplicationPadding(1, 0, 2, 1, 0, 1), (1, 2, 2, 3, 3)),
    "nn.WeightNorm": lambda: (nn.WeightNorm(nn.Linear(3, 2)), (2, 3)),
    "nn.WhiteNoise": lambda: (nn.WhiteNoise(0, 0.2).evaluate(), (2, 3)),
    "nn.ZeroGrad": lambda: (nn.ZeroGrad(), (2, 3)),
    "nn.ZipTable": lambda: (nn.ZipTable(), "zip"),
    "nn.ZipTableOneToMany": lambda: (nn.ZipTableOneToMany(), "zip1n"),
}


def _nce():
    module = nn.NCEModule(3, 5, 2, np.array([3.0, 1.0, 2.0, 0.5, 4.0]), 2.5)
    module.normalized = True
    return module.evaluate()


def _unpool():
    pool = nn.SpatialMaxPooling(2, 2, 2, 2)
    return nn.Sequential(pool, nn.SpatialMaxUnpooling(pool))


def _vunpool():
    pool = nn.VolumetricMaxPooling(1, 2, 2, 1, 2, 2)
    return nn.Sequential(pool, nn.VolumetricMaxUnpooling(pool))


def make_input(kind, dtype):
    """The input of a sample that is not one array of a shape."""
    rng = np.random.default_rng(5)

    def x(*shape):
        return rng.standard_normal(shape).astype(dtype)

    if kind == "pair":
        return [x(2, 3), np.abs(x(2, 3)) + 0.5]
    if kind == "pair32":
        return [x(2, 3), x(2, 2)]
    if kind == "tensor_table":
        return [x(2, 3), [x(2, 3), x(2, 3)]]
    if kind == "nested":
        return [x(2, 3), [x(2, 2), [x(2, 1)]]]
    if kind == "index":
        return [x(4, 3), np.array([2, 0, 2])]
    if kind == "mm":
        return [x(2, 3, 2), x(2, 3, 4)]
    if kind == "mv":
        return [x(2, 3, 4), x(2, 4)]
    if kind == "mask":
        return [x(2, 3), np.array([[1, 0, 1], [0, 0, 1]], np.uint8)]
    if kind == "mixture":
        return [np.abs(x(2, 3)), [x(2, 4), x(2, 4), x(2, 4)]]
    if kind == "glimpse":
        return [x(2, 1, 8, 8), np.array([[0.1, -0.2], [0.5, 0.0]], dtype)]
    if kind == "probs":
        return np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], dtype)
    if kind == "zero_rows":
        return np.array([[1, 2, 3], [0, 0, 0]], dtype)
    if kind == "ids_pad":
        return np.array([[0, -1, 4], [2, 2, -1]])
    if kind == "ids":
        return np.array([0, 3, 1])
    if kind == "sparse":
        return [np.array([[0, 1.5], [3, -2.0]], dtype), np.array([[4, 0.5]], dtype)]
    if kind == "indexlinear":
        return [[np.array([0, 3]), np.array([4])], [np.array([1.5, -2], dtype), np.array([0.5], dtype)]]
    if kind == "zip":
        return [[x(2), x(2)], [x(2), x(2)]]
    if kind == "nce":  # NCEModule's [input, 0-based target ids]
        return [x(2, 3), np.array([4, 0])]
    if kind == "tree":  # SoftMaxTree's [input, 0-based word ids] (the nnx sample's 5 words)
        return [x(3, 3), np.array([3, 0, 4])]
    if kind == "zip1n":
        return [x(2), [x(3), x(3)]]
    raise ValueError(kind)
