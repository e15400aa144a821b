"""rnn's recurrent-visual-attention.lua in nnlib: the Recurrent Attention Model (Mnih et al. 2014) on MNIST.

    PYTHONPATH=. python examples/recurrent_visual_attention.py [--max_epoch 20] [--dataset translated_mnist]

An agent looks at a digit through `rho` glimpses (`SpatialGlimpse`: a small
patch around a location, with coarser patches around it at larger scales), a
recurrent layer (`Recurrent`) summarises what it saw, a locator
(`Linear -> HardTanh -> ReinforceNormal -> HardTanh`) chooses where to look
next, and after the last glimpse a classifier names the digit. Classification
trains by backpropagation (`ClassNLLCriterion`); where to look cannot be
differentiated and trains by REINFORCE (`VRClassReward` gives reward 1 for a
correct answer, minus a learned baseline, to the `ReinforceNormal`). The two
losses run side by side in a `ParallelCriterion`, as in the original.

The options are the original's, camelCase in snake_case, with its defaults.
The data: the project's 10,000 real MNIST digits (data/mnist-mini, or
--datapath): 7,000 train, 1,000 valid, 2,000 test, scaled to [0, 1] as dp's
Mnist; `--dataset translated_mnist` puts each digit at a random place in a
--canvas_size x --canvas_size black image (Mnih et al.'s translated MNIST),
where the glimpses must find the digit. Training is dp's loop
(`nnlib.experiment`): shuffled batches, per batch gradient clipping (--cutoff_norm),
momentum, SGD, max-norm (--max_out_norm), the learning rate decaying linearly
to --min_lr at --saturate_epoch, early stopping on the validation accuracy.

Dropped: --cuda/--use_device, --overwrite; --xp_path loads a model saved by this
script's --save_path (an nnlib HDF5 file), not a dp experiment.
"""
import argparse
import logging
from pathlib import Path

import numpy as np

import nnlib
from nnlib import experiment as ex, nn
from nnlib.data import read_mnist_images, read_mnist_labels

log = logging.getLogger("recurrent_visual_attention")

DATA = Path(__file__).resolve().parents[1] / "data" / "mnist-mini"
TRANSFERS = {"ReLU": nn.ReLU, "Tanh": nn.Tanh, "Sigmoid": nn.Sigmoid}


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--xp_path", default="", help="path to a previously saved model (--save_path of an earlier run)")
    p.add_argument("--save_path", default="", help="save the model of the best validation accuracy here (.h5)")
    p.add_argument("--learning_rate", type=float, default=0.01, help="learning rate at t=0")
    p.add_argument("--min_lr", type=float, default=0.00001, help="minimum learning rate")
    p.add_argument("--saturate_epoch", type=int, default=800, help="epoch at which linear decayed LR will reach "
                                                                    "min_lr")
    p.add_argument("--momentum", type=float, default=0.9, help="momentum")
    p.add_argument("--max_out_norm", type=float, default=-1, help="max norm each layers output neuron weights")
    p.add_argument("--cutoff_norm", type=float, default=-1, help="max l2-norm of contatenation of all gradParam "
                                                                 "tensors")
    p.add_argument("--batch_size", type=int, default=20, help="number of examples per batch")
    p.add_argument("--max_epoch", type=int, default=2000, help="maximum number of epochs to run")
    p.add_argument("--max_tries", type=int, default=100,
                   help="maximum number of epochs to try to find a better local minima for early-stopping")
    p.add_argument("--transfer", default="ReLU", choices=sorted(TRANSFERS), help="activation function")
    p.add_argument("--uniform", type=float, default=0.1,
                   help="initialize parameters using uniform distribution between -uniform and uniform. "
                        "-1 means default initialization")
    p.add_argument("--progress", action="store_true", help="print progress bar")
    p.add_argument("--silent", action="store_true",
                   help="don't log the options and the agent (the epochs are still logged)")
    # reinforce
    p.add_argument("--reward_scale", type=float, default=1.0, help="scale of positive reward (negative is 0)")
    p.add_argument("--unit_pixels", type=float, default=13,
                   help="the locator unit (1,1) maps to pixels (13,13), or (-1,-1) maps to (-13,-13)")
    p.add_argument("--locator_std", type=float, default=0.11,
                   help="stdev of gaussian location sampler (between 0 and 1) (low values may cause NaNs)")
    p.add_argument("--stochastic", action="store_true",
                   help="Reinforce modules forward inputs stochastically during evaluation")
    # glimpse layer
    p.add_argument("--glimpse_hidden_size", type=int, default=128, help="size of glimpse hidden layer")
    p.add_argument("--glimpse_patch_size", type=int, default=8,
                   help="size of glimpse patch at highest res (height = width)")
    p.add_argument("--glimpse_scale", type=int, default=2, help="scale of successive patches w.r.t. original "
                                                                "input image")
    p.add_argument("--glimpse_depth", type=int, default=1, help="number of concatenated downscaled patches")
    p.add_argument("--locator_hidden_size", type=int, default=128, help="size of locator hidden layer")
    p.add_argument("--image_hidden_size", type=int, default=256,
                   help="size of hidden layer combining glimpse and locator hiddens")
    # recurrent layer
    p.add_argument("--rho", type=int, default=7, help="back-propagate through time (BPTT) for rho time-steps "
                                                      "(the number of glimpses)")
    p.add_argument("--hidden_size", type=int, default=256, help="number of hidden units used in Simple RNN.")
    p.add_argument("--fast_lstm", action="store_true", help="use LSTM instead of linear layer")
    # data
    p.add_argument("--dataset", default="mnist", choices=("mnist", "translated_mnist"), help="which dataset to use")
    p.add_argument("--canvas_size", type=int, default=60, help="translated_mnist: height = width of the canvas")
    p.add_argument("--datapath", default=str(DATA), help="folder of the four MNIST IDX files (gzip or not)")
    p.add_argument("--train_epoch_size", type=int, default=-1, help="number of train examples seen between each "
                                                                    "epoch")
    p.add_argument("--valid_epoch_size", type=int, default=-1,
                   help="number of valid examples used for early stopping and cross-validation")
    p.add_argument("--no_test", action="store_true", help="dont propagate through the test set")
    p.add_argument("--seed", type=int, default=7, help="the experiment's random seed")
    p.add_argument("--threads", type=int, default=1, help="nnlib.set_num_threads")
    return p


def _idx(folder, stem):
    for name in (stem + ".gz", stem):
        if (Path(folder) / name).exists():
            return Path(folder) / name
    raise FileNotFoundError(f"{folder}: no {stem}(.gz); give --datapath a folder holding the four MNIST IDX files")


def load_mnist(folder, n_valid=1000):
    """{"train", "valid", "test"}: (x (N, 1, 28, 28) float32 in [0, 1], y (N,) int64); valid: the last training rows."""
    sets = {}
    for split, stem in (("train", "train"), ("test", "t10k")):
        x = read_mnist_images(_idx(folder, f"{stem}-images-idx3-ubyte"))[:, None].astype(np.float32) / 255
        sets[split] = (x, read_mnist_labels(_idx(folder, f"{stem}-labels-idx1-ubyte")).astype(np.int64))
    (x, y), cut = sets["train"], len(sets["train"][0]) - n_valid
    sets["train"], sets["valid"] = (x[:cut], y[:cut]), (x[cut:], y[cut:])
    return sets


def translate(images, canvas_size, rng):
    """Each (C, h, w) image pasted at a uniformly random place on a canvas_size x canvas_size zero canvas."""
    n, c, h, w = images.shape
    if canvas_size < max(h, w):
        raise ValueError(f"translate: canvas_size {canvas_size} is smaller than the {h}x{w} images")
    out = np.zeros((n, c, canvas_size, canvas_size), dtype=images.dtype)
    top = rng.integers(0, canvas_size - h + 1, n)
    left = rng.integers(0, canvas_size - w + 1, n)
    rows = top[:, None, None] + np.arange(h)[None, :, None]
    cols = left[:, None, None] + np.arange(w)[None, None, :]
    out.transpose(0, 2, 3, 1)[np.arange(n)[:, None, None], rows, cols] = images.transpose(0, 2, 3, 1)
    return out


def build_agent(opt, channels, image_size, n_classes):
    """The original's agent: RecurrentAttention -> last step -> Linear -> LogSoftMax, then {pred, {pred, baseline}}."""
    transfer = TRANSFERS[opt.transfer]
    # glimpse network (rnn input layer)
    location_sensor = nn.Sequential()
    location_sensor.add(nn.SelectTable(1))
    location_sensor.add(nn.Linear(2, opt.locator_hidden_size))
    location_sensor.add(transfer())

    glimpse_sensor = nn.Sequential()
    glimpse_sensor.add(nn.SpatialGlimpse(opt.glimpse_patch_size, opt.glimpse_depth, opt.glimpse_scale))
    glimpse_sensor.add(nn.Collapse(3))
    glimpse_sensor.add(nn.Linear(channels * opt.glimpse_patch_size ** 2 * opt.glimpse_depth,
                                 opt.glimpse_hidden_size))
    glimpse_sensor.add(transfer())

    glimpse = nn.Sequential()
    glimpse.add(nn.ConcatTable().add(location_sensor).add(glimpse_sensor))
    glimpse.add(nn.JoinTable(0, 1))
    glimpse.add(nn.Linear(opt.glimpse_hidden_size + opt.locator_hidden_size, opt.image_hidden_size))
    glimpse.add(transfer())
    glimpse.add(nn.Linear(opt.image_hidden_size, opt.hidden_size))

    # rnn recurrent layer
    if opt.fast_lstm:
        recurrent = nn.FastLSTM(opt.hidden_size, opt.hidden_size)
    else:
        recurrent = nn.Linear(opt.hidden_size, opt.hidden_size)

    # recurrent neural network
    rnn = nn.Recurrent(opt.hidden_size, glimpse, recurrent, transfer(), 99999)

    # actions (locator)
    locator = nn.Sequential()
    locator.add(nn.Linear(opt.hidden_size, 2))
    locator.add(nn.HardTanh())  # bounds mean between -1 and 1
    locator.add(nn.ReinforceNormal(2 * opt.locator_std, opt.stochastic))  # sample from normal, uses REINFORCE
    locator.add(nn.HardTanh())  # bounds sample between -1 and 1
    locator.add(nn.MulConstant(opt.unit_pixels * 2 / image_size))

    attention = nn.RecurrentAttention(rnn, locator, opt.rho, opt.hidden_size)

    # model is a reinforcement learning agent
    agent = nn.Sequential()
    agent.add(attention)  # (rho, N, hidden_size): time-major

    # classifier :
    agent.add(nn.Select(0, -1))  # the last step
    agent.add(nn.Linear(opt.hidden_size, n_classes))
    agent.add(nn.LogSoftMax())

    # add the baseline reward predictor
    seq = nn.Sequential()
    seq.add(nn.Constant(1, 1))
    seq.add(nn.Add(1))
    concat = nn.ConcatTable().add(nn.Identity()).add(seq)
    concat2 = nn.ConcatTable().add(nn.Identity()).add(concat)

    # output will be : {classpred, {classpred, basereward}}
    agent.add(concat2)

    if opt.uniform > 0:
        for param in agent.parameters()[0]:
            param[...] = nnlib.random.get_rng().uniform(-opt.uniform, opt.uniform, param.shape)
    return agent


class ClassConfusion(ex.Confusion):
    """dp.Confusion{output_module=nn.SelectTable(1)}: the confusion of the class predictions, output[0]."""

    def add(self, output, targets):
        super().add(output[0], targets)


def main(argv=None):
    """Train as the original does; returns (agent, the metrics rows of nnlib.experiment, one per epoch)."""
    opt = parser().parse_args(argv)
    if not opt.silent:
        log.info("options: %s", vars(opt))
    nnlib.set_num_threads(opt.threads)

    # data
    sets = load_mnist(opt.datapath)
    if opt.dataset == "translated_mnist":
        rng = np.random.default_rng(opt.seed)
        sets = {k: (translate(x, opt.canvas_size, rng), y) for k, (x, y) in sets.items()}
    channels, height, width = sets["train"][0].shape[1:]
    if height != width:
        raise ValueError(f"the images must be square, got {height}x{width}")

    # model
    if opt.xp_path:
        agent = nnlib.load(opt.xp_path)
    else:
        nnlib.manual_seed(opt.seed)
        agent = build_agent(opt, channels, height, 10)

    # propagators
    loss = nn.ParallelCriterion(True) \
        .add(nn.ClassNLLCriterion()) \
        .add(nn.VRClassReward(agent, opt.reward_scale))  # BACKPROP and REINFORCE
    epoch_size = {"train": opt.train_epoch_size, "valid": opt.valid_epoch_size}
    epoch_size = {k: (v if v > 0 else None) for k, v in epoch_size.items()}
    train = ex.Optimizer(ex.ShuffleSampler(opt.batch_size, epoch_size["train"]), loss, ClassConfusion(),
                         lr=opt.learning_rate, momentum=opt.momentum, cutoff_norm=opt.cutoff_norm,
                         max_out_norm=opt.max_out_norm,
                         schedule=ex.LinearDecay(opt.learning_rate, opt.min_lr, opt.saturate_epoch))
    valid = ex.Evaluator(ex.Sampler(opt.batch_size, epoch_size["valid"]), loss, ClassConfusion())
    tester = None if opt.no_test else ex.Evaluator(ex.Sampler(opt.batch_size), loss, ClassConfusion())

    def save_best(xp):
        if opt.save_path:
            nnlib.save(opt.save_path, xp.model)

    xp = ex.Experiment(agent, train, valid, tester, observers=[
        ex.EarlyStopper("valid_accuracy", maximize=True, patience=opt.max_tries, on_best=save_best)],
        random_seed=opt.seed, max_epoch=opt.max_epoch, progress=opt.progress, name="recurrent-visual-attention")
    if not opt.silent:
        log.info("Agent :\n%s", agent)
    metrics = xp.run(sets["train"], sets["valid"], sets["test"])
    return agent, metrics


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
