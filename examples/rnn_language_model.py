"""rnn's recurrent-language-model.lua in nnlib: a word language model trained with truncated BPTT.

    PYTHONPATH=. python examples/rnn_language_model.py --lstm --seqlen 20 --hiddensize 200,200 \
        --batchsize 20 --startlr 1 --cutoff 5 --maxepoch 13 --schedule 5=0.5,6=0.25,7=0.125,8=0.0625

The options are the original's, in snake_case where it had camelCase, with the
same defaults: a simple RNN (`Recurrence` of Sigmoid(x W + h U)) unless --lstm
(`FastLSTM`, as the original; --peepholes for rnn's `LSTM`), --gru (rnn's `GRU`)
or --mfru (`MuFuRu`); one layer per --hiddensize entry; optim.sgd with momentum
(or --adam) on the flat parameters, the gradient norm clipped to --cutoff, the
learning rate decayed linearly from --startlr to --minlr over --saturate epochs
or by --schedule; early stopping after --earlystop epochs without a better
validation perplexity. Each epoch logs the training and validation perplexity.

The data is the project's tiny-shakespeare (data/text/, or --datapath) as
lower-cased words with one <eos> per line, cut 90/5/5% into train, valid and
test, the vocabulary the --vocabsize most frequent training words, in place of
the original's Penn Treebank (same layout: train as --batchsize streams side by
side, valid as one stream, both time-major (seqlen, batchsize)).

Dropped: --cuda/--device, --progress, --bn (no batch-normalised FastLSTM) and
--maxnormout (parsed but never used by the original).
"""
import argparse
import logging
import math
import re
import time
from pathlib import Path

import numpy as np

import nnlib
from nnlib import nn, optim
from nnlib.data import build_vocab, read_text, tokenize
from nnlib.data.text import SPLITS, encode, split_text

log = logging.getLogger("rnn_language_model")

DATA = Path(__file__).resolve().parents[1] / "data" / "text" / "tinyshakespeare.txt"


def int_list(text):
    """'200,200', '{200,200}' or '200' -> [200, 200] (the original's Lua table)."""
    values = [v for v in re.split(r"[\s,{}]+", text) if v]
    if not values:
        raise argparse.ArgumentTypeError(f"expected a list of sizes such as 200,200, got {text!r}")
    return [int(v) for v in values]


def schedule(text):
    """'5=0.5,6=0.25' or Lua's '{[5]=0.5,[6]=0.25}' -> {5: 0.5, 6: 0.25} (epoch -> learning rate)."""
    pairs = re.findall(r"\[?\s*(\d+)\s*\]?\s*=\s*([-+0-9.eE]+)", text)
    rest = re.sub(r"\[?\s*(\d+)\s*\]?\s*=\s*([-+0-9.eE]+)|[\s,{}]", "", text)
    if rest:
        raise argparse.ArgumentTypeError(f"expected epoch=rate pairs such as 5=0.5,6=0.25, got {text!r}")
    return {int(epoch): float(rate) for epoch, rate in pairs}


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # training
    p.add_argument("--startlr", type=float, default=0.05, help="learning rate at t=0")
    p.add_argument("--minlr", type=float, default=0.00001, help="minimum learning rate")
    p.add_argument("--saturate", type=int, default=400, help="epoch at which linear decayed LR will reach minlr")
    p.add_argument("--schedule", type=schedule, default={},
                   help="learning rate schedule, e.g. 5=0.004,6=0.001 (replaces the linear decay)")
    p.add_argument("--momentum", type=float, default=0.9, help="momentum")
    p.add_argument("--adam", action="store_true", help="use ADAM instead of SGD as optimizer")
    p.add_argument("--adamconfig", type=lambda s: [float(v) for v in re.split(r"[\s,{}]+", s) if v],
                   default=[0.0, 0.999], help="ADAM hyperparameters beta1 and beta2")
    p.add_argument("--cutoff", type=float, default=-1, help="max l2-norm of concatenation of all gradParam tensors")
    p.add_argument("--maxepoch", type=int, default=1000, help="maximum number of epochs to run")
    p.add_argument("--earlystop", type=int, default=50,
                   help="maximum number of epochs to wait to find a better local minima for early-stopping")
    p.add_argument("--silent", action="store_true", help="don't log the options and the model")
    p.add_argument("--uniform", type=float, default=0.1,
                   help="initialize parameters using uniform distribution between -uniform and uniform. "
                        "-1 means default initialization")
    # rnn layer
    p.add_argument("--lstm", action="store_true", help="use Long Short Term Memory (nn.FastLSTM instead of "
                                                        "nn.Recurrence)")
    p.add_argument("--peepholes", action="store_true", help="with --lstm: rnn's nn.LSTM (peephole connections) "
                                                             "instead of nn.FastLSTM")
    p.add_argument("--gru", action="store_true", help="use Gated Recurrent Units (nn.GRU instead of nn.Recurrence)")
    p.add_argument("--mfru", action="store_true",
                   help="use Multi-function Recurrent Unit (nn.MuFuRu instead of nn.Recurrence)")
    p.add_argument("--seqlen", type=int, default=5,
                   help="sequence length : back-propagate through time (BPTT) for this many time-steps")
    p.add_argument("--inputsize", type=int, default=-1,
                   help="size of lookup table embeddings. -1 defaults to hiddensize[0]")
    p.add_argument("--hiddensize", type=int_list, default=[200],
                   help="number of hidden units used at output of each recurrent layer, e.g. 200,200. When more "
                        "than one is specified, RNN/LSTMs/GRUs are stacked")
    p.add_argument("--dropout", type=float, default=0.0,
                   help="apply dropout with this probability after each rnn layer. dropout <= 0 disables it.")
    # data
    p.add_argument("--batchsize", type=int, default=32, help="number of examples per batch")
    p.add_argument("--trainsize", type=int, default=-1, help="number of train time-steps seen between each epoch")
    p.add_argument("--validsize", type=int, default=-1,
                   help="number of valid time-steps used for early stopping and cross-validation")
    p.add_argument("--savepath", default="", help="directory where the best model is saved (nnlib.save); "
                                                  "empty: not saved")
    p.add_argument("--id", default="", help="id string of this experiment (names the saved file)")
    p.add_argument("--datapath", default=str(DATA), help="the text corpus (default: data/text/tinyshakespeare.txt)")
    p.add_argument("--vocabsize", type=int, default=10000, help="vocabulary size, <unk> included")
    p.add_argument("--seed", type=int, default=1, help="nnlib.manual_seed")
    p.add_argument("--threads", type=int, default=1, help="nnlib.set_num_threads")
    return p


class SequenceLoader:
    """dataload's SequenceLoader: ids as `batchsize` streams side by side, a (L, batchsize) array.

    `subiter(seqlen, epochsize)` yields (inputs, targets) (<= seqlen, batchsize)
    until `epochsize` time-steps are seen, continuing where the previous call
    stopped (`start`) and starting over (with `on_wrap()` called) at the end of the data.
    """

    def __init__(self, ids, batchsize):
        length = len(ids) // batchsize
        if length < 2:
            raise ValueError(f"SequenceLoader: {len(ids)} tokens make streams of {length} for batch {batchsize}; "
                             f"need at least 2 tokens per stream")
        self.data = np.ascontiguousarray(ids[:length * batchsize].reshape(batchsize, length).T, dtype=np.int64)
        self.start = 0

    def size(self):
        return self.data.shape[0] - 1  # time-steps with a target

    def subiter(self, seqlen, epochsize, on_wrap=lambda: None):
        seen = 0
        while seen < epochsize:
            if self.start >= self.size():
                self.start = 0
                on_wrap()
            stop = min(self.start + seqlen, self.size(), self.start + epochsize - seen)
            yield self.data[self.start:stop], self.data[self.start + 1:stop + 1]
            seen += stop - self.start
            self.start = stop


def load_data(path, vocabsize, batchsize):
    """(train, valid, test) SequenceLoaders and the vocabulary, as dl.loadPTB({batchsize, 1, 1})."""
    pieces = split_text(read_text(path), {"train": 0.9, "valid": 0.05, "test": 0.05}, str(path))
    tokens = {s: tokenize(pieces[s], "word", lowercase=True) for s in SPLITS}
    vocab, _ = build_vocab(tokens["train"], max_vocab=vocabsize)
    ids = {s: encode(tokens[s], vocab).astype(np.int64) for s in SPLITS}
    return SequenceLoader(ids["train"], batchsize), SequenceLoader(ids["valid"], 1), \
        SequenceLoader(ids["test"], 1), vocab


def build_lm(vocab_size, opt):
    """LookupTable [-> Dropout] -> Sequencer(stacked rnn layers [-> Dropout] -> Linear -> LogSoftMax)."""
    lm = nn.Sequential()
    lm.add(nn.LookupTable(vocab_size, opt.inputsize))  # input is (seqlen, batchsize) ids
    if opt.dropout > 0 and not opt.gru:  # gru has a dropout option
        lm.add(nn.Dropout(opt.dropout))
    # no SplitTable: a Sequencer takes the (seqlen, batchsize, inputsize) array itself
    stepmodule = nn.Sequential()  # applied at each time-step
    inputsize = opt.inputsize
    for i, hiddensize in enumerate(opt.hiddensize):
        if opt.gru:  # Gated Recurrent Units, with rnn's dropout on the gates' connections
            rnn = nn.GRU(inputsize, hiddensize, 9999, opt.dropout / 2)
        elif opt.lstm:
            rnn = (nn.LSTM if opt.peepholes else nn.FastLSTM)(inputsize, hiddensize)
        elif opt.mfru:
            rnn = nn.MuFuRu(inputsize, hiddensize)
        else:  # simple recurrent neural network: h[t] = sigmoid(x[t] + h[t-1] U) (x W for upper layers)
            rm = nn.Sequential(
                nn.ParallelTable(
                    nn.Identity() if i == 0 and inputsize == hiddensize else nn.Linear(inputsize, hiddensize),
                    nn.Linear(hiddensize, hiddensize)),
                nn.CAddTable(),
                nn.Sigmoid())
            rnn = nn.Recurrence(rm, hiddensize, 1)
        stepmodule.add(rnn)
        if opt.dropout > 0:
            stepmodule.add(nn.Dropout(opt.dropout))
        inputsize = hiddensize
    stepmodule.add(nn.Linear(inputsize, vocab_size))
    stepmodule.add(nn.LogSoftMax())
    lm.add(nn.Sequencer(stepmodule))
    lm.remember("both" if (opt.lstm or opt.gru or opt.mfru) else "eval")  # state carried between batches
    return lm


def main(argv=None):
    """Train as the original does; returns the history: one dict per epoch (epoch, lr, train_ppl, valid_ppl)."""
    opt = parser().parse_args(argv)
    if sum((opt.lstm, opt.gru, opt.mfru)) > 1:
        raise SystemExit("choose one of --lstm, --gru, --mfru")
    if opt.peepholes and not opt.lstm:
        raise SystemExit("--peepholes selects rnn's LSTM: give --lstm too")
    opt.inputsize = opt.hiddensize[0] if opt.inputsize == -1 else opt.inputsize
    if not opt.silent:
        log.info("options: %s", vars(opt))
    opt.id = opt.id or f"tinyshakespeare-{time.strftime('%Y%m%d-%H%M%S')}"
    nnlib.set_num_threads(opt.threads)
    nnlib.manual_seed(opt.seed)

    # data set
    trainset, validset, _, vocab = load_data(opt.datapath, opt.vocabsize, opt.batchsize)
    if not opt.silent:
        log.info("Vocabulary size : %d", len(vocab))
        log.info("Train set split into %d sequences of length %d", opt.batchsize, trainset.size())

    # language model
    lm = build_lm(len(vocab), opt)
    if not opt.silent:
        log.info("Language Model:\n%s", lm)
    params, grad_params = lm.get_parameters()
    if opt.uniform > 0:
        params[...] = nnlib.random.get_rng().uniform(-opt.uniform, opt.uniform, params.shape)

    # loss function: the sum over the seqlen steps of each step's mean NLL
    criterion = nn.SequencerCriterion(nn.ClassNLLCriterion())

    adamconfig = {"beta1": opt.adamconfig[0], "beta2": opt.adamconfig[1]}
    opt.trainsize = trainset.size() if opt.trainsize == -1 else opt.trainsize
    opt.validsize = validset.size() if opt.validsize == -1 else opt.validsize
    lr, minvalppl, ntrial, mean_norm, history = opt.startlr, math.inf, 0, None, []
    epoch = 1
    while opt.maxepoch <= 0 or epoch <= opt.maxepoch:
        log.info("Epoch #%d :", epoch)
        # 1. training (the original makes a new sgd config, hence a new momentum, every epoch)
        sgdconfig = {"learning_rate": lr, "momentum": opt.momentum}
        start = time.perf_counter()
        lm.training()
        lm.forget()  # the stream of another batch size (valid) came last
        sum_err = 0.0
        for inputs, targets in trainset.subiter(opt.seqlen, opt.trainsize, on_wrap=lm.forget):
            def feval(x):
                nonlocal sum_err, mean_norm
                if x is not params:
                    params[...] = x
                grad_params.fill(0)
                outputs = lm.forward(inputs)
                err = criterion.forward(outputs, targets)
                sum_err += err
                lm.backward(inputs, criterion.backward(outputs, targets))
                if opt.cutoff > 0:  # gradient clipping
                    norm = lm.grad_param_clip(opt.cutoff)
                    mean_norm = norm if mean_norm is None else 0.9 * mean_norm + 0.1 * norm
                return err, grad_params

            if opt.adam:
                optim.adam(feval, params, adamconfig)
            else:
                optim.sgd(feval, params, sgdconfig)

        # learning rate decay
        if opt.schedule:
            lr = opt.schedule.get(epoch, lr)
        else:
            lr = lr + (opt.minlr - opt.startlr) / opt.saturate
        lr = max(opt.minlr, lr)
        if not opt.silent:
            log.info("learning rate %g", lr)
            if mean_norm is not None:
                log.info("mean gradParam norm %g", mean_norm)
        seconds = time.perf_counter() - start
        log.info("Speed : %f sec/batch", seconds / math.ceil(opt.trainsize / opt.seqlen))
        trainppl = math.exp(sum_err / opt.trainsize)
        log.info("Training PPL : %.2f", trainppl)

        # 2. cross-validation
        lm.evaluate()
        lm.forget()
        validset.start = 0  # the same validsize steps every epoch, so the epochs compare
        sum_err = 0.0
        for inputs, targets in validset.subiter(opt.seqlen, opt.validsize, on_wrap=lm.forget):
            sum_err += criterion.forward(lm.forward(inputs), targets)
        validppl = math.exp(sum_err / opt.validsize)  # perplexity = exp(sum(NLL) / #words)
        log.info("Validation PPL : %.2f", validppl)
        history.append({"epoch": epoch, "lr": lr, "train_ppl": trainppl, "valid_ppl": validppl,
                        "seconds": seconds})
        ntrial += 1

        # early-stopping
        if validppl < minvalppl:
            minvalppl, ntrial = validppl, 0
            if opt.savepath:
                filename = Path(opt.savepath) / f"{opt.id}.h5"
                filename.parent.mkdir(parents=True, exist_ok=True)
                log.info("Found new minima. Saving to %s", filename)
                nnlib.save(filename, lm)
        elif ntrial >= opt.earlystop:
            log.info("No new minima found after %d epochs.", ntrial)
            log.info("Stopping experiment.")
            break
        epoch += 1
    return history


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
