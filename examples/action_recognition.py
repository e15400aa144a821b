"""Action recognition in small: a C3D-style 3-D CNN learns which shape moves which way in generated clips.

    PYTHONPATH=. python examples/action_recognition.py [--train-clips 2000] [--test-clips 500]
        [--epochs 3] [--frames 8] [--size 16] [--noise 0.5] [--threads 2] [--seed 1]

The task of Torch7's video tutorials (C3D on UCF-101), shrunk so that it runs in
minutes on a laptop: each clip is `frames` grey `size` x `size` frames of one
small bright shape (a filled square or a cross) moving one pixel per frame to
the right, left, down or up from a random start, plus Gaussian noise. The class
is the pair (shape, direction), so the eight classes come in groups of four
that differ only by the motion: a single frame only narrows the direction down
(a shape starts anywhere on the axis it does not move along).

The network is C3D's pattern at a small scale: 3x3x3 `VolumetricConvolution`s
(padding 1, so they keep the clip's size), ReLU, `VolumetricMaxPooling` (1x2x2
after the first block, keeping the early temporal detail as C3D does, then
2x2x2), a hidden `Linear` and `LogSoftMax`, trained with `ClassNLLCriterion`
and `optim.adam` on the flat parameters from `get_parameters()`. Each epoch
logs the training loss and accuracy (over the epoch's batches) and the test
accuracy on clips generated apart from the training ones.
"""
import argparse
import logging
import time

import numpy as np

import nnlib
from nnlib import nn, optim

log = logging.getLogger("action_recognition")

SHAPES = ("square", "cross")
# (dy, dx) per frame; rows grow downwards.
DIRECTIONS = {"right": (0, 1), "left": (0, -1), "down": (1, 0), "up": (-1, 0)}
CLASSES = tuple(f"{shape} {direction}" for shape in SHAPES for direction in DIRECTIONS)
HALF = 2  # the shapes are 5 x 5 pixels


def make_clips(n, frames=8, size=16, noise=0.5, rng=None):
    """`n` random clips and their labels: ((n, 1, frames, size, size) float32, (n,) int64).

    Label `k` is `CLASSES[k]` = shape `k // 4` moving in direction `k % 4`
    (right, left, down, up), one pixel per frame, the whole shape inside every frame.
    The shape's pixels are 1 and the background 0 before the N(0, noise^2) noise.
    """
    rng = np.random.default_rng(rng)
    travel = frames - 1
    if size < 2 * HALF + 1 + travel:
        raise ValueError(f"make_clips: a {2 * HALF + 1}-pixel shape moving {travel} pixels needs "
                         f"size >= {2 * HALF + 1 + travel}, got size={size}, frames={frames}")
    labels = rng.integers(0, len(CLASSES), n)
    steps = np.array(list(DIRECTIONS.values()))[labels % len(DIRECTIONS)]  # (n, 2)
    # Start so that the centre stays within [HALF, size - 1 - HALF] over the clip: along the
    # motion the start range is shortened by the travel, across it any position goes.
    low = HALF + np.where(steps < 0, travel, 0)
    high = size - 1 - HALF - np.where(steps > 0, travel, 0)
    starts = low + (rng.random((n, 2)) * (high - low + 1)).astype(np.int64)
    centres = starts[:, None, :] + np.arange(frames)[None, :, None] * steps[:, None, :]  # (n, T, 2)
    rows = np.arange(size)[None, None, :, None] - centres[:, :, 0, None, None]  # (n, T, size, 1)
    cols = np.arange(size)[None, None, None, :] - centres[:, :, 1, None, None]  # (n, T, 1, size)
    near_row, near_col = np.abs(rows) <= HALF, np.abs(cols) <= HALF
    square = near_row & near_col
    cross = (near_row & (cols == 0)) | ((rows == 0) & near_col)
    is_square = (labels // len(DIRECTIONS) == SHAPES.index("square"))[:, None, None, None]
    clips = np.where(is_square, square, cross)[:, None].astype(np.float32)
    clips += rng.normal(0, noise, clips.shape).astype(np.float32)
    return clips, labels.astype(np.int64)


def c3d(n_classes=len(CLASSES), frames=8, size=16, widths=(16, 32), hidden=64):
    """The small C3D: two conv3x3x3-ReLU-maxpool blocks, Linear-ReLU, Linear, LogSoftMax.

    Input (N, 1, frames, size, size) with frames even and size a multiple of 4.
    """
    if frames % 2 or size % 4:
        raise ValueError(f"c3d: frames must be even and size a multiple of 4, got frames={frames}, size={size}")
    a, b = widths
    features = b * (frames // 2) * (size // 4) ** 2
    return nn.Sequential(
        nn.VolumetricConvolution(1, a, 3, 3, 3, 1, 1, 1, 1, 1, 1), nn.ReLU(),
        nn.VolumetricMaxPooling(1, 2, 2),
        nn.VolumetricConvolution(a, b, 3, 3, 3, 1, 1, 1, 1, 1, 1), nn.ReLU(),
        nn.VolumetricMaxPooling(2, 2, 2),
        nn.View(-1, features),
        nn.Linear(features, hidden), nn.ReLU(),
        nn.Linear(hidden, n_classes), nn.LogSoftMax())


def accuracy(model, x, y, batch=250):
    """The fraction of `x`'s clips whose most probable class is `y`'s (model in evaluate mode)."""
    model.evaluate()
    correct = sum(int((model.forward(x[i:i + batch]).argmax(axis=1) == y[i:i + batch]).sum())
                  for i in range(0, len(x), batch))
    model.training()
    return correct / len(x)


def train(train_clips=2000, test_clips=500, epochs=3, frames=8, size=16, noise=0.5, batch_size=32,
          learning_rate=2e-3, widths=(16, 32), hidden=64, seed=1):
    """Generate the data, train the C3D with Adam; returns (model, history), one dict per epoch in history:
    epoch, loss (mean training NLL), train_accuracy (over the epoch's batches), test_accuracy, seconds."""
    nnlib.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x_train, y_train = make_clips(train_clips, frames, size, noise, rng)
    x_test, y_test = make_clips(test_clips, frames, size, noise, rng)
    model = c3d(len(CLASSES), frames, size, widths, hidden)
    model.modules[0].need_grad_input = False  # the clips' gradient is never used
    criterion = nn.ClassNLLCriterion()
    params, grads = model.get_parameters()
    config = {"learning_rate": learning_rate}
    log.info("%d training and %d test clips of %d x %d x %d, %d classes; %d parameters",
             train_clips, test_clips, frames, size, size, len(CLASSES), params.size)
    history = []
    for epoch in range(1, epochs + 1):
        start, total_loss, correct = time.perf_counter(), 0.0, 0
        order = rng.permutation(train_clips)
        for i in range(0, train_clips, batch_size):
            idx = order[i:i + batch_size]
            x, y = x_train[idx], y_train[idx]

            def feval(_):
                nonlocal total_loss, correct
                grads.fill(0)
                out = model.forward(x)
                loss = criterion.forward(out, y)
                model.backward(x, criterion.backward(out, y))
                total_loss += loss * len(idx)
                correct += int((out.argmax(axis=1) == y).sum())
                return loss, grads

            optim.adam(feval, params, config)
        seconds = time.perf_counter() - start
        record = {"epoch": epoch, "loss": total_loss / train_clips, "train_accuracy": correct / train_clips,
                  "test_accuracy": accuracy(model, x_test, y_test), "seconds": seconds}
        history.append(record)
        log.info("epoch %d: train loss %.4f, train accuracy %.2f%%, test accuracy %.2f%%, %.1f s (%.0f clips/s)",
                 epoch, record["loss"], 100 * record["train_accuracy"], 100 * record["test_accuracy"],
                 seconds, train_clips / seconds)
    return model, history


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-clips", type=int, default=2000)
    parser.add_argument("--test-clips", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--frames", type=int, default=8, help="frames per clip (even)")
    parser.add_argument("--size", type=int, default=16, help="frame height and width (a multiple of 4)")
    parser.add_argument("--noise", type=float, default=0.5, help="standard deviation of the Gaussian noise")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3, help="Adam's learning rate")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    nnlib.set_num_threads(args.threads)
    _, history = train(args.train_clips, args.test_clips, args.epochs, args.frames, args.size, args.noise,
                       args.batch_size, args.lr, seed=args.seed)
    return history


if __name__ == "__main__":
    main()
