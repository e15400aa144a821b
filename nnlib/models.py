"""Builders for the study's models (and a small zoo of classic architectures)."""
import math

import numpy as np

from . import nn
from .random import get_rng


def mlp(input_size=784, hidden_sizes=(200, 200), n_classes=10, activation="relu"):
    """MNISTex.lua's MLP: Linear -> activation for each hidden size, then Linear -> LogSoftMax.

    `activation` is "relu" or "tanh" (the script used ReLU, the report says Tanh).
    """
    transfers = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    if activation not in transfers:
        raise ValueError(f"mlp: unknown activation {activation!r}; choose one of {sorted(transfers)}")
    model = nn.Sequential()
    width = input_size
    for size in hidden_sizes:
        model.add(nn.Linear(width, size)).add(transfers[activation]())
        width = size
    return model.add(nn.Linear(width, n_classes)).add(nn.LogSoftMax())


DEPTH_RECIPES = ("student", "modern")


def depth_widths(hidden_layers, start=200, step=10, floor=60):
    """The depth ablation's hidden widths: pairs of decreasing width 200, 200, 190, 190, ...

    Layer i (0-based) has max(floor, start - step * (i // 2)) units, so after
    60, 60 (layers 29 and 30) every further layer keeps 60 units.
    """
    return [max(floor, start - step * (i // 2)) for i in range(hidden_layers)]


def depth_mlp(hidden_layers, recipe="student", input_size=784, n_classes=10):
    """The student's depth ablation (MNISTex.lua): `hidden_layers` ReLU layers of `depth_widths`.

    recipe="student": Linear -> ReLU per hidden layer with Torch's default
    init (U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases), then
    Linear -> LogSoftMax, as the student trained it.
    recipe="modern": Linear -> BatchNormalization -> ReLU per hidden layer;
    each hidden Linear gets He (Kaiming) init for ReLU, weight ~ N(0, 2 / fan_in)
    and bias 0 (BatchNormalization starts at weight 1, bias 0); the output
    Linear keeps Torch's default init (no ReLU follows it). `hidden_layers=0`
    is the linear softmax classifier.
    """
    if isinstance(hidden_layers, bool) or not isinstance(hidden_layers, (int, np.integer)) or hidden_layers < 0:
        raise ValueError(f"depth_mlp: hidden_layers must be an int >= 0, got {hidden_layers!r}")
    if recipe not in DEPTH_RECIPES:
        raise ValueError(f"depth_mlp: unknown recipe {recipe!r}; choose one of {DEPTH_RECIPES}")
    rng = get_rng()
    model = nn.Sequential()
    width = input_size
    for size in depth_widths(int(hidden_layers)):
        linear = nn.Linear(width, size)
        model.add(linear)
        if recipe == "modern":
            linear.weight[...] = rng.normal(0.0, math.sqrt(2.0 / width), linear.weight.shape)
            linear.bias.fill(0)
            model.add(nn.BatchNormalization(size))
        model.add(nn.ReLU())
        width = size
    return model.add(nn.Linear(width, n_classes)).add(nn.LogSoftMax())


def seq10(n_index=10, hidden_size=12, rho=7):
    """SimpleRNN.lua's 1..10 next-number predictor, wrapped in a Sequencer.

    Recurrent(hidden, LookupTable(n_index, hidden), Linear(hidden, hidden),
    Sigmoid, rho) -> Linear(hidden, n_index) -> LogSoftMax, applied to
    (T, N) id arrays (ids 0-based: the numbers 1..10 are ids 0..9).
    """
    recurrent = nn.Recurrent(hidden_size, nn.LookupTable(n_index, hidden_size),
                             nn.Linear(hidden_size, hidden_size), nn.Sigmoid(), rho)
    return nn.Sequencer(nn.Sequential(recurrent, nn.Linear(hidden_size, n_index), nn.LogSoftMax()))


def _recurrent_stack(input_size, hidden_sizes, cell, dropout):
    """The recurrent layers of rnn's language-model example, each followed by Dropout when asked."""
    stack = nn.Sequential()
    for i, size in enumerate(hidden_sizes):
        if cell == "lstm":  # rnn's example: nn.FastLSTM for --lstm (no peepholes)
            stack.add(nn.FastLSTM(input_size, size))
        elif cell == "gru":  # rnn's example: nn.GRU for --gru (reset gate before the hidden product)
            stack.add(nn.GRU(input_size, size))
        else:
            # rnn's example: Identity input for the first layer, a Linear before the others
            entry = nn.Identity() if i == 0 and input_size == size else nn.Linear(input_size, size)
            stack.add(nn.Recurrent(size, entry, nn.Linear(size, size), nn.Sigmoid()))
        if dropout > 0:
            stack.add(nn.Dropout(dropout))
        input_size = size
    return stack


RNNLM_OUTPUTS = ("softmax", "softmaxtree")


def rnnlm(vocab_size, hidden_sizes=(200,), cell="lstm", bidirectional=False, dropout=0.0, output="softmax",
          counts=None, zero_first=False, uniform=None):
    """RNN.lua's word-level language model, as rnn's recurrent-language-model example builds it.

    LookupTable(vocab, hidden_sizes[0]) [-> Dropout] -> one recurrent layer per
    hidden size ('rnn': Recurrent with Sigmoid, 'lstm': FastLSTM, 'gru': rnn's GRU, as
    the example's --lstm and --gru), each
    [-> Dropout], all in one Sequencer on (T, N) ids. With `bidirectional`,
    the stack becomes a BiSequencerLM (a forward and a backward copy, outputs
    concatenated) and the output layer reads 2 x the last size.

    output='softmax': Linear(last, vocab) -> LogSoftMax inside the Sequencer;
    the model maps (T, N) ids to (T, N, vocab) log-probabilities.
    output='softmaxtree' (dp's recurrentlanguagemodel.lua --softmaxtree):
    Sequential(ParallelTable(Sequencer(stack), Identity()), SoftMaxTree(last,
    frequency_tree(counts))): the model takes the table [ids (T, N), targets
    (T, N)] and returns the (T, N) log-probability of each target (train it
    with `include_target=True` in run_language_model). `counts` are the
    corpus word counts (the `counts` of the corpus HDF5 file), one per id.
    `rnnlm_criterion(output)` gives the matching criterion.

    Two options of dp's recurrentlanguagemodel.lua:
    zero_first (--zeroFirst; cell 'rnn' only): each Recurrent's first step adds
    the feedback Linear's bias instead of a bias of its own (the start module
    shares it, with its gradient), as if a zero state went through the feedback
    layer; without it the first step learns a separate bias.
    uniform (--uniform): when > 0, every parameter (embeddings, recurrent
    layers, output layer, biases) is drawn from U(-uniform, uniform) from the
    library generator once the model is built; None or <= 0 keeps each module's
    own initialisation (Torch's reset()).
    """
    cells = ("rnn", "lstm", "gru")
    if cell not in cells:
        raise ValueError(f"rnnlm: unknown cell {cell!r}; choose one of {cells}")
    if output not in RNNLM_OUTPUTS:
        raise ValueError(f"rnnlm: unknown output={output!r}; choose one of {RNNLM_OUTPUTS}")
    if output == "softmaxtree":
        if counts is None:
            raise ValueError("rnnlm: output='softmaxtree' needs counts (the corpus word counts, one per id, "
                             "e.g. the `counts` data set of the corpus HDF5 file)")
        counts = np.asarray(counts)
        if counts.shape != (vocab_size,):
            raise ValueError(f"rnnlm: counts has shape {counts.shape}, expected one count per word ({vocab_size},)")
    elif counts is not None:
        raise ValueError("rnnlm: counts only applies to output='softmaxtree'")
    if zero_first and cell != "rnn":
        raise ValueError(f"rnnlm: zero_first applies to cell='rnn' (the Recurrent's first-step bias), not "
                         f"{cell!r}, whose first step has no bias of its own; drop zero_first or use cell='rnn'")
    if uniform is not None and not math.isfinite(uniform):
        raise ValueError(f"rnnlm: uniform must be a finite number (the U(-uniform, uniform) range; None or <= 0: "
                         f"default initialisation), got {uniform!r}")
    hidden_sizes = tuple(int(h) for h in hidden_sizes)
    if not hidden_sizes:
        raise ValueError("rnnlm: hidden_sizes must name at least one layer size")
    model = nn.Sequential().add(nn.LookupTable(vocab_size, hidden_sizes[0]))
    if dropout > 0:
        model.add(nn.Dropout(dropout))
    if bidirectional:
        model.add(nn.BiSequencerLM(_recurrent_stack(hidden_sizes[0], hidden_sizes, cell, dropout),
                                   _recurrent_stack(hidden_sizes[0], hidden_sizes, cell, dropout)))
        width = 2 * hidden_sizes[-1]
    else:
        for layer in _recurrent_stack(hidden_sizes[0], hidden_sizes, cell, dropout).modules:
            model.add(layer)
        width = hidden_sizes[-1]
    if output == "softmaxtree":
        tree, root = nn.frequency_tree(counts)
        lm = nn.Sequential(nn.ParallelTable(nn.Sequencer(model), nn.Identity()), nn.SoftMaxTree(width, tree, root))
    else:
        lm = nn.Sequencer(model.add(nn.Linear(width, vocab_size)).add(nn.LogSoftMax()))
    if zero_first:
        for recurrent in (m for m in lm.list_modules() if isinstance(m, nn.Recurrent)):
            _start_from_feedback_bias(recurrent)
    if uniform is not None and uniform > 0:
        rng = get_rng()
        for param in lm.parameters()[0]:
            param[...] = rng.uniform(-uniform, uniform, param.shape)
    return lm


def _start_from_feedback_bias(recurrent):
    """dp's zeroFirst (`rnn.startModule:share(rnn.feedbackModule, 'bias')`): the Recurrent's start
    module (an Add) uses the feedback Linear's bias and its gradient, which then gets both uses'."""
    start, feedback = recurrent.start, recurrent.feedback_module
    if getattr(start, "bias", None) is None or getattr(feedback, "bias", None) is None:
        raise ValueError(f"rnnlm: zero_first needs a start module and a feedback layer with biases, got "
                         f"{start!r} and {feedback!r}")
    start.bias, start.grad_bias = feedback.bias, feedback.grad_bias


def rnnlm_criterion(output="softmax"):
    """The criterion matching `rnnlm(..., output=output)`, as dp's recurrentlanguagemodel.lua.

    'softmax': SequencerCriterion(ClassNLLCriterion()) on (T, N, V)
    log-probabilities and (T, N) targets; 'softmaxtree':
    SequencerCriterion(TreeNLLCriterion()) on the (T, N) target
    log-probabilities. Both give the sum over the T steps of the mean NLL per
    step, so the two outputs train with the same learning rates.
    """
    if output == "softmax":
        return nn.SequencerCriterion(nn.ClassNLLCriterion())
    if output == "softmaxtree":
        return nn.SequencerCriterion(nn.TreeNLLCriterion())
    raise ValueError(f"rnnlm_criterion: unknown output={output!r}; choose one of {RNNLM_OUTPUTS}")


def _per_layer(name, value, n):
    """A scalar setting repeated for `n` layers, or a sequence of exactly `n` values."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,) * n
    if len(values) != n:
        raise ValueError(f"seed_cnn: {name} has {len(values)} values for {n} convolution layers; "
                         f"give one value or one per layer")
    return values


def seed_cnn(input_shape=(1, 28, 28), channel_sizes=(32, 64), kernel_sizes=5, kernel_strides=1, pool_sizes=3,
             pool_strides=2, padding=False, hidden_sizes=(), n_classes=10, activation="relu", dropout_probs=(),
             batch_norm=False):
    """The study's CNN (CNN.lua, after dp's convolutionneuralnetwork.lua).

    For each entry of `channel_sizes`: [SpatialDropout] -> SpatialConvolution
    (square kernel and stride; with `padding`, kernel//2 zero padding) ->
    [SpatialBatchNormalization] -> activation -> SpatialMaxPooling (skipped
    for a pool size of 0; stride defaults to the pool size). Then Collapse,
    and for each of `hidden_sizes`: [Dropout] -> Linear -> [BatchNormalization]
    -> activation; finally [Dropout] -> Linear(n_classes) -> LogSoftMax.
    `dropout_probs` gives one probability per layer in that order (convolutions,
    hidden layers, output), missing or 0 meaning no dropout, as dp's
    `--dropoutProb`. The flattened size is computed from `input_shape` (C, H, W).

    The defaults build the seed network: conv 1->32 5x5, ReLU, max-pool 3/2,
    conv 32->64 5x5, ReLU, max-pool 3/2, 64*3*3 -> 10, LogSoftMax.
    """
    transfers = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    if activation not in transfers:
        raise ValueError(f"seed_cnn: unknown activation {activation!r}; choose one of {sorted(transfers)}")
    if len(input_shape) != 3:
        raise ValueError(f"seed_cnn: input_shape must be (C, H, W), got {tuple(input_shape)}")
    n_conv = len(channel_sizes)
    kernels = _per_layer("kernel_sizes", kernel_sizes, n_conv)
    strides = _per_layer("kernel_strides", kernel_strides, n_conv)
    pools = _per_layer("pool_sizes", pool_sizes, n_conv)
    pool_strides = _per_layer("pool_strides", pool_strides, n_conv)
    probs = list(dropout_probs) + [0] * (n_conv + len(hidden_sizes) + 1 - len(dropout_probs))
    model = nn.Sequential()
    shape = (1,) + tuple(int(s) for s in input_shape)
    layer = 0

    def grow(module):
        nonlocal shape
        if hasattr(module, "output_shape"):
            h, w = shape[2:]
            pads = (module.padH, module.padW)
            if module.kH > h + 2 * pads[0] or module.kW > w + 2 * pads[1]:
                raise ValueError(
                    f"seed_cnn: a {input_shape[1]}x{input_shape[2]} input shrinks to nothing: layer "
                    f"{len(model) + 1} ({module!r}) gets {h}x{w} feature maps"
                    f"{' (padded by %d)' % pads[0] if pads[0] else ''}, smaller than its {module.kH}x{module.kW} "
                    f"window; use smaller kernels, pools or strides, padding=True, or fewer layers")
            shape = module.output_shape(shape)
        model.add(module)

    n_in = shape[1]
    for n_out, k, stride, pool, pool_stride in zip(channel_sizes, kernels, strides, pools, pool_strides):
        if probs[layer] > 0:
            grow(nn.SpatialDropout(probs[layer]))
        grow(nn.SpatialConvolution(n_in, n_out, k, k, stride, stride, k // 2 if padding else 0))
        if batch_norm:
            grow(nn.SpatialBatchNormalization(n_out))
        grow(transfers[activation]())
        if pool and pool > 0:
            ps = pool_stride or pool
            grow(nn.SpatialMaxPooling(pool, pool, ps, ps))
        n_in = n_out
        layer += 1
    width = shape[1] * shape[2] * shape[3]
    model.add(nn.Collapse(3))
    for size in hidden_sizes:
        if probs[layer] > 0:
            model.add(nn.Dropout(probs[layer]))
        model.add(nn.Linear(width, size))
        if batch_norm:
            model.add(nn.BatchNormalization(size))
        model.add(transfers[activation]())
        width = size
        layer += 1
    if probs[layer] > 0:
        model.add(nn.Dropout(probs[layer]))
    return model.add(nn.Linear(width, n_classes)).add(nn.LogSoftMax())


def lenet5(n_classes=10):
    """LeNet-5 (LeCun et al. 1998) on 1x32x32 images, with today's simplifications.

    C1 conv 6@5x5 (156 parameters) -> tanh -> S2 2x2 average pooling -> C3
    conv 16@5x5 -> tanh -> S4 2x2 average pooling -> C5 conv 120@5x5 (48,120)
    -> tanh -> F6 Linear 120->84 (10,164) -> tanh -> Linear 84->n_classes ->
    LogSoftMax. C3 is fully connected (2,416 parameters instead of the paper's
    1,516 with its connection table), the subsampling layers have no trainable
    coefficients and the RBF output is a linear layer: 61,706 parameters in all.
    """
    return nn.Sequential(
        nn.SpatialConvolution(1, 6, 5, 5), nn.Tanh(), nn.SpatialAveragePooling(2, 2, 2, 2),
        nn.SpatialConvolution(6, 16, 5, 5), nn.Tanh(), nn.SpatialAveragePooling(2, 2, 2, 2),
        nn.SpatialConvolution(16, 120, 5, 5), nn.Tanh(), nn.Collapse(3),
        nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, n_classes), nn.LogSoftMax())


def alexnet(n_classes=1000):
    """AlexNet (Krizhevsky et al. 2012) as one column, on 3x227x227 images.

    conv 96@11x11/4 -> ReLU -> LRN(5, 1e-4, 0.75, k=2) -> max-pool 3/2 ->
    conv 256@5x5 pad 2 -> ReLU -> LRN -> max-pool 3/2 -> conv 384@3x3 pad 1 ->
    ReLU -> conv 384@3x3 pad 1 -> ReLU -> conv 256@3x3 pad 1 -> ReLU ->
    max-pool 3/2 (256x6x6) -> Dropout -> 4096 -> ReLU -> Dropout -> 4096 ->
    ReLU -> n_classes -> LogSoftMax. Without the paper's two-GPU split
    (grouped conv2, conv4, conv5) it has 62,378,344 parameters; the split
    version has 60,965,224 ("60 million" in the paper).
    """
    return nn.Sequential(
        nn.SpatialConvolution(3, 96, 11, 11, 4, 4), nn.ReLU(), nn.SpatialCrossMapLRN(5, 1e-4, 0.75, 2.0),
        nn.SpatialMaxPooling(3, 3, 2, 2),
        nn.SpatialConvolution(96, 256, 5, 5, 1, 1, 2, 2), nn.ReLU(), nn.SpatialCrossMapLRN(5, 1e-4, 0.75, 2.0),
        nn.SpatialMaxPooling(3, 3, 2, 2),
        nn.SpatialConvolution(256, 384, 3, 3, 1, 1, 1, 1), nn.ReLU(),
        nn.SpatialConvolution(384, 384, 3, 3, 1, 1, 1, 1), nn.ReLU(),
        nn.SpatialConvolution(384, 256, 3, 3, 1, 1, 1, 1), nn.ReLU(),
        nn.SpatialMaxPooling(3, 3, 2, 2), nn.Collapse(3),
        nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(),
        nn.Linear(4096, n_classes), nn.LogSoftMax())


def overfeat_fast(n_classes=1000):
    """OverFeat's fast model (Sermanet et al. 2013, table 1) on 3x231x231 images.

    conv 96@11x11/4 -> ReLU -> max-pool 2/2 -> conv 256@5x5 -> ReLU -> max-pool
    2/2 -> conv 512@3x3 pad 1 -> ReLU -> conv 1024@3x3 pad 1 -> ReLU -> conv
    1024@3x3 pad 1 -> ReLU -> max-pool 2/2 (1024x6x6) -> Dropout -> 3072 ->
    ReLU -> Dropout -> 4096 -> ReLU -> n_classes -> LogSoftMax:
    145,920,872 parameters (the paper's "145M").
    """
    return nn.Sequential(
        nn.SpatialConvolution(3, 96, 11, 11, 4, 4), nn.ReLU(), nn.SpatialMaxPooling(2, 2, 2, 2),
        nn.SpatialConvolution(96, 256, 5, 5), nn.ReLU(), nn.SpatialMaxPooling(2, 2, 2, 2),
        nn.SpatialConvolution(256, 512, 3, 3, 1, 1, 1, 1), nn.ReLU(),
        nn.SpatialConvolution(512, 1024, 3, 3, 1, 1, 1, 1), nn.ReLU(),
        nn.SpatialConvolution(1024, 1024, 3, 3, 1, 1, 1, 1), nn.ReLU(),
        nn.SpatialMaxPooling(2, 2, 2, 2), nn.Collapse(3),
        nn.Dropout(0.5), nn.Linear(1024 * 6 * 6, 3072), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(3072, 4096), nn.ReLU(),
        nn.Linear(4096, n_classes), nn.LogSoftMax())


def inception_block(n_in, n_1x1, n_3x3_reduce, n_3x3, n_5x5_reduce, n_5x5, n_pool_proj):
    """A GoogLeNet inception module (Szegedy et al. 2014, table 1), channels concatenated.

    Four branches on the same input: 1x1 conv; 1x1 reduce -> 3x3 conv (pad 1);
    1x1 reduce -> 5x5 conv (pad 2); 3x3 max-pool (stride 1, pad 1) -> 1x1
    projection; every conv followed by ReLU. Output channels:
    n_1x1 + n_3x3 + n_5x5 + n_pool_proj at the input's height and width, e.g.
    inception (3a) = inception_block(192, 64, 96, 128, 16, 32, 32): 192x28x28 -> 256x28x28.
    """
    def conv(a, b, k):
        return nn.Sequential(nn.SpatialConvolution(a, b, k, k, 1, 1, k // 2, k // 2), nn.ReLU())

    return nn.Concat(1,
                     conv(n_in, n_1x1, 1),
                     nn.Sequential(conv(n_in, n_3x3_reduce, 1), conv(n_3x3_reduce, n_3x3, 3)),
                     nn.Sequential(conv(n_in, n_5x5_reduce, 1), conv(n_5x5_reduce, n_5x5, 5)),
                     nn.Sequential(nn.SpatialMaxPooling(3, 3, 1, 1, 1, 1), conv(n_in, n_pool_proj, 1)))
