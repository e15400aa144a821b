"""Train the seed CNN on MNIST IDX files with plain SGD and print the test accuracy after each epoch.

    PYTHONPATH=. python examples/train_seed_cnn.py /path/to/mnist-dir --epochs 3 --batch-size 10 --lr 0.1

The directory holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzip or plain).
Pixels are scaled to [0, 1].
"""
import argparse
import gzip
import os
import time

import numpy as np

import nnlib
from nnlib import models, nn


def read_idx(path):
    """An IDX file (optionally gzip-compressed) as a numpy array of its declared shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\0\0" or data[2] != 0x08:
        raise ValueError(f"read_idx: {path} is not an unsigned-byte IDX file (magic {data[:4].hex()})")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load(directory, prefix):
    def find(name):
        for candidate in (name + ".gz", name):
            if os.path.exists(os.path.join(directory, candidate)):
                return os.path.join(directory, candidate)
        raise FileNotFoundError(f"train_seed_cnn: no {name}[.gz] in {directory}")
    x = read_idx(find(f"{prefix}-images-idx3-ubyte"))
    y = read_idx(find(f"{prefix}-labels-idx1-ubyte"))
    return (x.astype(np.float32) / 255.0)[:, None], y.astype(np.int64)


def accuracy(model, x, y, batch=500):
    model.evaluate()
    correct = 0
    for i in range(0, len(x), batch):
        correct += int((model.forward(x[i:i + batch]).argmax(axis=1) == y[i:i + batch]).sum())
    model.training()
    return correct / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    nnlib.set_num_threads(args.threads)
    nnlib.manual_seed(args.seed)
    x_train, y_train = load(args.directory, "train")
    x_test, y_test = load(args.directory, "t10k")
    print(f"train {x_train.shape}, test {x_test.shape}", flush=True)
    model = models.seed_cnn(input_shape=x_train.shape[1:])
    model.modules[0].need_grad_input = False  # the images' gradient is never used
    criterion = nn.ClassNLLCriterion()
    params, grads = model.get_parameters()
    order_rng = np.random.default_rng(args.seed)
    for epoch in range(1, args.epochs + 1):
        start, total_loss = time.perf_counter(), 0.0
        order = order_rng.permutation(len(x_train))
        for i in range(0, len(order), args.batch_size):
            idx = order[i:i + args.batch_size]
            x, y = x_train[idx], y_train[idx]
            out = model.forward(x)
            total_loss += criterion.forward(out, y) * len(idx)
            grads.fill(0)
            model.backward(x, criterion.backward(out, y))
            params -= np.float32(args.lr) * grads
        seconds = time.perf_counter() - start
        print(f"epoch {epoch}: train loss {total_loss / len(order):.4f}, test accuracy "
              f"{100 * accuracy(model, x_test, y_test):.2f}%, {seconds:.1f} s "
              f"({len(order) / seconds:.0f} samples/s)", flush=True)


if __name__ == "__main__":
    main()
