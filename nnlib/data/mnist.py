"""MNIST from the four IDX files into one HDF5 file with train/valid/test groups.

Split (dp's MNIST, without its off-by-one): train = the first `train` rows of the official
training file, valid = the next `valid` rows, test = the first `test` rows of the official
test file. The three sets never share a row (dp's valid set started one row before the end
of its train set, so one digit was in both).
"""
import json
from pathlib import Path

import h5py
import numpy as np

from .checksum import verify_file
from .hdf5 import atomic_h5
from .idx import IDXError, read_mnist_images, read_mnist_labels
from .preprocess import apply_pipeline

FILES = ("train_images", "train_labels", "test_images", "test_labels")
DEFAULT_SPLIT = {"train": 50000, "valid": 10000, "test": 10000}


def read_mnist_pair(images_path, labels_path):
    """Images (N, 1, rows, cols) uint8 and labels (N,) int64 from an IDX images/labels pair."""
    images = read_mnist_images(images_path)
    labels = read_mnist_labels(labels_path)
    if len(images) != len(labels):
        raise IDXError(f"{images_path} has {len(images)} images but {labels_path} has {len(labels)} "
                       f"labels: the two files do not belong together (or one is truncated)")
    return images[:, None, :, :], labels.astype(np.int64)


def split_mnist(train_x, train_y, test_x, test_y, split=None):
    """Cut the official train/test arrays into {"train", "valid", "test"}: (x, y), without overlap."""
    split = {**DEFAULT_SPLIT, **(split or {})}
    n_train, n_valid, n_test = split["train"], split["valid"], split["test"]
    if min(n_train, n_test) < 1 or n_valid < 0:
        raise ValueError(f"MNIST split {split}: train and test need at least 1 example, valid at least 0")
    if n_train + n_valid > len(train_x):
        raise ValueError(f"MNIST split: train ({n_train}) + valid ({n_valid}) = {n_train + n_valid} rows, "
                         f"but the training file has only {len(train_x)}; lower mnist.split.train or .valid")
    if n_test > len(test_x):
        raise ValueError(f"MNIST split: test ({n_test}) rows, but the test file has only {len(test_x)}; "
                         f"lower mnist.split.test")
    valid_end = n_train + n_valid
    return {
        "train": (train_x[:n_train], train_y[:n_train]),
        "valid": (train_x[n_train:valid_end], train_y[n_train:valid_end]),
        "test": (test_x[:n_test], test_y[:n_test]),
    }


def preprocess_mnist(files, checksums, out, split=None, preprocess=()):
    """Verify, parse, split and (optionally) preprocess MNIST; write `out` atomically.

    `files` and `checksums` map each of FILES to a path and to "md5:..."/"sha256:...".
    `preprocess` is a list of dp transforms (see nnlib.data.preprocess), fitted on train only;
    without it `x` stays uint8 (0..255), with it `x` is float32.
    """
    missing = [k for k in FILES if k not in files or k not in checksums]
    if missing:
        raise ValueError(f"preprocess_mnist: no file or checksum given for {missing}")
    sources = {}
    for key in FILES:
        sources[Path(files[key]).name] = verify_file(files[key], checksums[key])
    train_x, train_y = read_mnist_pair(files["train_images"], files["train_labels"])
    test_x, test_y = read_mnist_pair(files["test_images"], files["test_labels"])
    if train_x.shape[1:] != test_x.shape[1:]:
        raise IDXError(f"{files['train_images']} has images of shape {train_x.shape[2:]} but "
                       f"{files['test_images']} has {test_x.shape[2:]}")
    split = {**DEFAULT_SPLIT, **(split or {})}
    sets = split_mnist(train_x, train_y, test_x, test_y, split)
    names = ("train", "valid", "test")
    if preprocess:
        xs = apply_pipeline(list(preprocess), *(sets[n][0] for n in names), where="mnist.preprocess")
        sets = {n: (x, sets[n][1]) for n, x in zip(names, xs)}
    ranges = {
        "train": f"{Path(files['train_images']).name}[0:{split['train']}]",
        "valid": f"{Path(files['train_images']).name}[{split['train']}:{split['train'] + split['valid']}]",
        "test": f"{Path(files['test_images']).name}[0:{split['test']}]",
    }
    with atomic_h5(out) as f:
        f.attrs["source_checksums"] = json.dumps(sources, sort_keys=True)
        f.attrs["split"] = json.dumps(split, sort_keys=True)
        f.attrs["split_rows"] = json.dumps(ranges, sort_keys=True)
        f.attrs["preprocess"] = json.dumps(list(preprocess), sort_keys=True)
        for name in names:
            x, y = sets[name]
            g = f.create_group(name)
            g.create_dataset("x", data=x)
            g.create_dataset("y", data=y)
            g.attrs["rows"] = ranges[name]
    return {n: len(sets[n][1]) for n in names}


def load_mnist(path):
    """Read an MNIST HDF5 file into {"train"|"valid"|"test": (x, y)} numpy arrays."""
    with h5py.File(path, "r") as f:
        return {name: (f[name]["x"][()], f[name]["y"][()]) for name in ("train", "valid", "test")}
