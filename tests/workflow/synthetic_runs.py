"""Synthetic run folders following RUNS_CONTRACT.md, for testing tables, figures and report rules.

`make_study(root)` writes under `root/results/` a small study: runs of every
experiment with made-up metrics, the CNN's predictions and `results/data/mnist.h5`
(a tiny test group), plus `samples.txt` for the language models. Model files
(`model.h5`) are written only by `write_cnn_model`, which needs `nnlib.save`.
`png_size` reads a PNG's pixel size for the figure checks.
"""
import struct
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import yaml

N_TEST = 37
CNN_WEIGHT_SHAPE = (6, 1, 5, 5)

CLASSIFICATION_RUNS = {
    ("mlp", "relu"): {"activation": "relu", "hidden_sizes": [20, 20]},
    ("mlp", "tanh"): {"activation": "tanh", "hidden_sizes": [20, 20]},
    ("depth", "h1_student"): {"hidden_layers": 1, "recipe": "student"},
    ("depth", "h3_student"): {"hidden_layers": 3, "recipe": "student"},
    ("depth", "h1_modern"): {"hidden_layers": 1, "recipe": "modern"},
    ("depth", "h3_modern"): {"hidden_layers": 3, "recipe": "modern"},
    ("cnn", "lenet"): {"channels": [6, 16]},
}
LANGUAGE_MODEL_RUNS = {
    ("rnnlm", "ptb_lstm"): {"dataset": "ptb", "cell": "lstm", "bidirectional": False, "output": "softmax",
                            "hidden_sizes": [32]},
    ("rnnlm", "ptb_bilstm_tree"): {"dataset": "ptb", "cell": "lstm", "bidirectional": True,
                                   "output": "softmaxtree", "hidden_sizes": [32, 32]},
    ("rnnlm", "shakespeare_gru"): {"dataset": "tinyshakespeare", "cell": "gru", "bidirectional": False,
                                   "output": "softmax", "hidden_sizes": [16]},
}
SEQ10_RUNS = {("seq10", "rnn"): {"hidden_size": 10}}
N_RUNS = len(CLASSIFICATION_RUNS) + len(LANGUAGE_MODEL_RUNS) + len(SEQ10_RUNS)


def _config(experiment, variant, dataset, model, n_parameters):
    return {"experiment": experiment, "variant": variant, "dataset": dataset, "seed": 1, "threads": 1,
            "n_parameters": n_parameters, "model": model, "optimizer": {"name": "sgd", "learning_rate": 0.1}}


def write_run(root, config, metrics):
    """Write one run folder `root/results/runs/<experiment>/<variant>/` and return its path."""
    run = Path(root) / "results" / "runs" / config["experiment"] / config["variant"]
    run.mkdir(parents=True, exist_ok=True)
    (run / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    metrics.to_csv(run / "metrics.csv", index=False)
    return run


def classification_metrics(epochs, final_accuracy, seconds=2.0):
    """Per-epoch metrics rising to `final_accuracy` (a fraction) at the last epoch."""
    epoch = np.arange(1, epochs + 1)
    accuracy = final_accuracy - 0.3 / epoch + 0.3 / epochs
    return pd.DataFrame({
        "epoch": epoch, "lr": 0.1, "seconds": seconds + 0.5 * (epoch == 1),
        "train_loss": 1.0 / epoch, "train_accuracy": np.minimum(accuracy + 0.01, 1.0),
        "valid_loss": 1.1 / epoch, "valid_accuracy": accuracy,
        "test_loss": 1.2 / epoch, "test_accuracy": accuracy - 0.005,
    })


def language_model_metrics(epochs, final_perplexity):
    epoch = np.arange(1, epochs + 1)
    valid = final_perplexity * (1.0 + 2.0 / epoch - 2.0 / epochs)
    return pd.DataFrame({
        "epoch": epoch, "lr": 1.0, "seconds": 3.0, "tokens_per_second": 1000.0 + epoch,
        "train_loss": np.log(valid * 0.9), "train_perplexity": valid * 0.9,
        "valid_loss": np.log(valid), "valid_perplexity": valid,
        "test_loss": np.log(valid * 1.05), "test_perplexity": valid * 1.05,
    })


def seq10_metrics(intervals, perfect_from):
    """Logged every 100 iterations; accuracy 1.0 from interval `perfect_from` (0-based) on."""
    k = np.arange(intervals)
    return pd.DataFrame({
        "iteration": 100 * (k + 1), "lr": 0.05, "seconds": 0.5 * (k + 1),
        "nll": 15.0 * np.exp(-k), "accuracy": np.where(k >= perfect_from, 1.0, 0.5 + 0.05 * k),
    })


def make_study(root):
    """Write every synthetic run folder, the CNN predictions and a tiny mnist.h5 under `root/results/`."""
    root = Path(root)
    for k, ((experiment, variant), model) in enumerate(CLASSIFICATION_RUNS.items()):
        final = 0.99 if experiment == "cnn" else 0.95 + 0.005 * k
        write_run(root, _config(experiment, variant, "mnist", model, 1000 + k),
                  classification_metrics(3 + k % 2, final, seconds=1.0 + k))
    for k, ((experiment, variant), settings) in enumerate(LANGUAGE_MODEL_RUNS.items()):
        model = {key: value for key, value in settings.items() if key != "dataset"}
        run = write_run(root, _config(experiment, variant, settings["dataset"], model, 5000 + k),
                        language_model_metrics(4, 120.0 - 10 * k))
        (run / "samples.txt").write_text(f"the sample of {variant} says hello\n" + "word " * 300 + "\n")
    for (experiment, variant), model in SEQ10_RUNS.items():
        write_run(root, _config(experiment, variant, "seq10", model, 321), seq10_metrics(8, perfect_from=5))
    rng = np.random.default_rng(0)
    targets = rng.integers(0, 10, N_TEST)
    predictions = targets.copy()
    predictions[::4] = (targets[::4] + 1) % 10
    pd.DataFrame({"index": np.arange(N_TEST), "target": targets, "prediction": predictions}).to_csv(
        root / "results" / "runs" / "cnn" / "lenet" / "predictions.csv", index=False)
    data = root / "results" / "data"
    data.mkdir(parents=True, exist_ok=True)
    with h5py.File(data / "mnist.h5", "w") as f:
        f.create_dataset("test/x", data=rng.integers(0, 256, (N_TEST, 1, 28, 28), dtype=np.uint8))
        f.create_dataset("test/y", data=targets.astype(np.int64))
    return root / "results" / "runs"


def run_dirs(root):
    """Every synthetic run folder under `root`, sorted."""
    return sorted(p.parent for p in (Path(root) / "results" / "runs").glob("*/*/config.yaml"))


def write_cnn_model(root, weight):
    """Save a model whose first 4-D weight is `weight` as the CNN run's model.h5 (needs nnlib.save).

    The base `Module` with a registered 4-D `weight` stands in for a convolution:
    the filters figure only looks for the first module holding a 4-D weight.
    """
    import nnlib
    from nnlib import nn

    conv = nn.Module()
    conv.register_parameter("weight", weight)
    model = nn.Sequential(conv, nn.ReLU())
    nnlib.save(Path(root) / "results" / "runs" / "cnn" / "lenet" / "model.h5", model)


def png_size(path):
    """(width, height) from a PNG's IHDR chunk, checking the signature."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])
