"""Figures of the study: one pure function per figure, returning a matplotlib Figure.

Importable without Snakemake; `main(snakemake)` at the bottom is the thin entry
point of the `figure_*` rules in `workflow/rules/report.smk`. Every figure has
a fixed size (`FIGSIZES`, inches, at `DPI`), so its PNG has a known pixel size
(`pixel_size`). Figures use `matplotlib.figure.Figure` directly: no pyplot
state, no GUI backend.
"""
import logging
import textwrap
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import nnlib
from report_tables import collect_runs

DPI = 100
FIGSIZES = {
    "learning_curves": (10.0, 4.0),
    "depth_ablation": (10.0, 4.0),
    "confusion_matrix": (6.0, 5.5),
    "misclassified": (10.0, 6.0),
    "conv_filters": (8.0, 6.0),
    "seq10_nll": (10.0, 4.0),
    "lm_perplexity": (8.0, 5.0),
    "text_samples": (10.0, 6.0),
}
GALLERY_ROWS, GALLERY_COLS = 4, 8
SAMPLE_LINES, SAMPLE_WIDTH = 28, 110


def pixel_size(name):
    """(width, height) in pixels of the PNG written for figure `name`."""
    width, height = FIGSIZES[name]
    return round(width * DPI), round(height * DPI)


def _figure(name):
    return Figure(figsize=FIGSIZES[name], dpi=DPI, layout="constrained")


def save(fig, path):
    """Write `fig` as a PNG of its fixed size (no tight bounding box, which would change it)."""
    fig.savefig(path, format="png", dpi=DPI)


def learning_curves_figure(metrics, experiment, title):
    """Train/valid/test accuracy (classification) or perplexity (`rnnlm`) and loss vs epoch."""
    if experiment == "rnnlm":
        score, label, log = "perplexity", "perplexity (log scale)", True
    elif experiment in ("mlp", "depth", "cnn"):
        score, label, log = "accuracy", "accuracy (%)", False
    else:
        raise ValueError(f"learning_curves_figure: experiment {experiment!r} has no epoch curves; "
                         "use one of mlp, depth, cnn, rnnlm (seq10 has seq10_nll_figure)")
    fig = _figure("learning_curves")
    ax_score, ax_loss = fig.subplots(1, 2)
    for split, style in (("train", "-"), ("valid", "--"), ("test", ":")):
        values = metrics[f"{split}_{score}"] * (100.0 if score == "accuracy" else 1.0)
        ax_score.plot(metrics["epoch"], values, style, marker="o", markersize=3, label=split)
        ax_loss.plot(metrics["epoch"], metrics[f"{split}_loss"], style, marker="o", markersize=3, label=split)
    if log:
        ax_score.set_yscale("log")
    ax_score.set(xlabel="epoch", ylabel=label, title=score)
    ax_loss.set(xlabel="epoch", ylabel="loss (NLL per token)" if log else "loss (NLL per example)", title="loss")
    for ax in (ax_score, ax_loss):
        ax.grid(alpha=0.3)
        ax.legend()
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title)
    return fig


def depth_ablation_figure(table):
    """Test accuracy and seconds per epoch against the number of hidden layers, one line per recipe."""
    fig = _figure("depth_ablation")
    ax_acc, ax_time = fig.subplots(1, 2)
    for recipe, rows in table.groupby("recipe", sort=True):
        rows = rows.sort_values("hidden_layers")
        ax_acc.plot(rows["hidden_layers"], rows["test_accuracy"], marker="o", label=recipe)
        ax_time.plot(rows["hidden_layers"], rows["seconds_per_epoch"], marker="o", label=recipe)
    ax_acc.set(xlabel="hidden layers", ylabel="test accuracy (%)", title="accuracy vs depth")
    ax_time.set(xlabel="hidden layers", ylabel="seconds per epoch (s)", title="time vs depth")
    for ax in (ax_acc, ax_time):
        ax.grid(alpha=0.3)
        ax.legend(title="recipe")
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle("MLP depth ablation on MNIST")
    return fig


def confusion_counts(targets, predictions, n_classes=10):
    """counts[t, p] = number of test examples of class t predicted as p."""
    targets, predictions = np.asarray(targets), np.asarray(predictions)
    if targets.shape != predictions.shape:
        raise ValueError(f"confusion_counts: targets {targets.shape} and predictions {predictions.shape} differ in shape")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (targets, predictions), 1)
    return counts


def confusion_matrix_figure(targets, predictions, title, n_classes=10):
    """Counts of true vs predicted class, coloured by the fraction of each true class."""
    counts = confusion_counts(targets, predictions, n_classes)
    fractions = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig = _figure("confusion_matrix")
    ax = fig.subplots()
    image = ax.imshow(fractions, cmap="Blues", vmin=0.0, vmax=1.0)
    for t in range(n_classes):
        for p in range(n_classes):
            if counts[t, p]:
                ax.text(p, t, str(counts[t, p]), ha="center", va="center", fontsize=7,
                        color="white" if fractions[t, p] > 0.5 else "black")
    ax.set(xticks=range(n_classes), yticks=range(n_classes), xlabel="predicted digit", ylabel="true digit")
    accuracy = 100.0 * np.trace(counts) / max(counts.sum(), 1)
    ax.set_title(f"{title}: {accuracy:.2f}% of {counts.sum()} test digits correct")
    fig.colorbar(image, ax=ax, label="fraction of the true digit")
    return fig


def misclassified_indices(targets, predictions, limit=GALLERY_ROWS * GALLERY_COLS):
    """Positions of the first `limit` misclassified examples, in test-set order."""
    wrong = np.flatnonzero(np.asarray(targets) != np.asarray(predictions))
    return wrong[:limit]


def read_images(h5_path, indices, group="test"):
    """Images `indices` (increasing) of `<group>/x` in an HDF5 dataset file, as (n, 28, 28)."""
    indices = np.asarray(indices, dtype=np.int64)
    with h5py.File(h5_path, "r") as f:
        x = f[group]["x"]
        if len(indices) and indices.max() >= x.shape[0]:
            raise ValueError(f"read_images: index {indices.max()} out of range for {h5_path}:{group}/x with {x.shape[0]} images")
        images = x[indices] if len(indices) else np.zeros((0,) + x.shape[1:], dtype=x.dtype)
    return images.reshape(len(indices), images.shape[-2], images.shape[-1])


def misclassified_figure(images, targets, predictions, title):
    """A gallery of misclassified digits, each titled with its true and predicted label."""
    fig = _figure("misclassified")
    axes = fig.subplots(GALLERY_ROWS, GALLERY_COLS).ravel()
    for k, ax in enumerate(axes):
        ax.set_axis_off()
        if k < len(images):
            ax.imshow(images[k], cmap="gray_r")
            ax.set_title(f"true {targets[k]}, pred {predictions[k]}", fontsize=8)
    if len(images) == 0:
        axes[0].text(0.0, 0.5, "no misclassified digits", fontsize=12)
    fig.suptitle(title)
    return fig


def first_conv_weight(model):
    """The weight (out x in x kH x kW) of the first module of `model` holding a 4-D weight."""
    for module in model.list_modules():
        weight = getattr(module, "weight", None)
        if isinstance(weight, np.ndarray) and weight.ndim == 4:
            return weight
    names = [type(m).__name__ for m in model.list_modules()]
    raise ValueError(f"first_conv_weight: no module with a 4-D weight (a convolution) among {names}")


def conv_filters_figure(weight, title):
    """Every (output, input) kernel of a convolution weight as a tile, on a symmetric colour scale."""
    weight = np.asarray(weight, dtype=np.float64)
    if weight.ndim != 4:
        raise ValueError(f"conv_filters_figure: weight must be out x in x kH x kW, got shape {weight.shape}")
    n_out, n_in = weight.shape[:2]
    tiles = weight.reshape(n_out * n_in, *weight.shape[2:])
    cols = int(np.ceil(np.sqrt(len(tiles))))
    rows = int(np.ceil(len(tiles) / cols))
    fig = _figure("conv_filters")
    axes = np.asarray(fig.subplots(rows, cols)).ravel()
    limit = float(np.abs(tiles).max()) or 1.0
    for k, ax in enumerate(axes):
        ax.set_axis_off()
        if k < len(tiles):
            image = ax.imshow(tiles[k], cmap="RdBu_r", vmin=-limit, vmax=limit)
    fig.colorbar(image, ax=list(axes), shrink=0.8, label="weight")
    fig.suptitle(f"{title}: {n_out} filters x {n_in} input channel(s), "
                 f"{weight.shape[2]}x{weight.shape[3]} pixels")
    return fig


def seq10_nll_figure(curves):
    """Summed NLL (log scale) and batch accuracy vs iteration; `curves` maps a label to seq10 metrics."""
    fig = _figure("seq10_nll")
    ax_nll, ax_acc = fig.subplots(1, 2)
    for label, metrics in curves.items():
        ax_nll.plot(metrics["iteration"], metrics["nll"], label=label)
        ax_acc.plot(metrics["iteration"], 100.0 * metrics["accuracy"], label=label)
    ax_nll.axhline(0.1, color="grey", linestyle=":", label="student: below 0.1")
    ax_nll.set_yscale("log")
    ax_nll.set(xlabel="iteration", ylabel="NLL summed over the sequence (log scale)", title="training NLL")
    ax_acc.set(xlabel="iteration", ylabel="next-number accuracy (%)", title="accuracy", ylim=(-5, 105))
    for ax in (ax_nll, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("Predicting the next number of 1, 2, ..., 10")
    return fig


def lm_perplexity_figure(curves):
    """Validation (solid) and training (dashed) perplexity vs epoch; `curves` maps a label to rnnlm metrics."""
    fig = _figure("lm_perplexity")
    ax = fig.subplots()
    for k, (label, metrics) in enumerate(curves.items()):
        color = f"C{k % 10}"
        ax.plot(metrics["epoch"], metrics["valid_perplexity"], "-", marker="o", markersize=3, color=color, label=label)
        ax.plot(metrics["epoch"], metrics["train_perplexity"], "--", color=color)
    ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="perplexity (log scale)",
           title="Language models: validation (solid) and training (dashed) perplexity")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def text_samples_figure(text, title):
    """Generated text in a monospace font, wrapped and cut to fit one figure."""
    lines = []
    for line in text.splitlines():
        lines.extend(textwrap.wrap(line, SAMPLE_WIDTH) or [""])
    if len(lines) > SAMPLE_LINES:
        lines = lines[:SAMPLE_LINES - 1] + ["[...]"]
    fig = _figure("text_samples")
    ax = fig.subplots()
    ax.set_axis_off()
    ax.text(0.0, 1.0, "\n".join(lines), family="monospace", fontsize=10, va="top", ha="left",
            transform=ax.transAxes)
    ax.set_title(title)
    return fig


def run_label(run):
    """A short legend label for a run: `<experiment>/<variant>`."""
    return f"{run.experiment}/{run.variant}"


def best_language_model(runs):
    """The one-direction rnnlm run with the lowest validation perplexity.

    Bidirectional runs are left out: they predict each token from both sides
    (a lower perplexity, not comparable) and generate text only one-sidedly.
    """
    runs = [r for r in runs if r.experiment == "rnnlm" and not r.config["model"].get("bidirectional")]
    if not runs:
        raise ValueError("best_language_model: no one-direction rnnlm runs given")
    return min(runs, key=lambda r: float(r.metrics["valid_perplexity"].min()))


def _learning_curves(sm):
    (run,) = collect_runs([Path(sm.input.metrics).parent])
    return learning_curves_figure(run.metrics, run.experiment, f"{run_label(run)} ({run.config['dataset']})")


def _depth_ablation(sm):
    return depth_ablation_figure(pd.read_csv(sm.input.table))


def _predictions(sm):
    return pd.read_csv(sm.input.predictions)


def _confusion_matrix(sm):
    p = _predictions(sm)
    return confusion_matrix_figure(p["target"], p["prediction"], f"cnn/{sm.wildcards.variant}")


def _misclassified(sm):
    p = _predictions(sm)
    wrong = misclassified_indices(p["target"], p["prediction"])
    images = read_images(sm.input.data, p["index"].to_numpy()[wrong])
    return misclassified_figure(images, p["target"].to_numpy()[wrong], p["prediction"].to_numpy()[wrong],
                                f"cnn/{sm.wildcards.variant}: misclassified test digits (first {len(wrong)})")


def _conv_filters(sm):
    return conv_filters_figure(first_conv_weight(nnlib.load(sm.input.model)),
                               f"cnn/{sm.wildcards.variant} first-layer filters")


def _seq10_nll(sm):
    return seq10_nll_figure({run_label(r): r.metrics for r in collect_runs(sm.params.runs)})


def _lm_perplexity(sm):
    return lm_perplexity_figure({f"{r.config['dataset']}: {r.variant}": r.metrics
                                 for r in collect_runs(sm.params.runs)})


def _lm_samples(sm):
    best = best_language_model(collect_runs(sm.params.runs))
    text = (best.path / "samples.txt").read_text()
    return text_samples_figure(text, f"Text generated by the best language model, {run_label(best)} "
                                     f"({best.config['dataset']}, valid perplexity "
                                     f"{best.metrics['valid_perplexity'].min():.1f})")


ENTRIES = {
    "learning_curves": _learning_curves,
    "depth_ablation": _depth_ablation,
    "confusion_matrix": _confusion_matrix,
    "misclassified": _misclassified,
    "conv_filters": _conv_filters,
    "seq10_nll": _seq10_nll,
    "lm_perplexity": _lm_perplexity,
    "lm_samples": _lm_samples,
}


def main(snakemake):
    """Entry point of the `figure_*` rules: `params.figure` names the figure."""
    logging.basicConfig(filename=snakemake.log[0], filemode="w", level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    try:
        fig = ENTRIES[snakemake.params.figure](snakemake)
    except ValueError as e:
        logging.error("%s", e)
        raise SystemExit(f"rule {snakemake.rule}: {e}")
    save(fig, snakemake.output[0])
    logging.info("wrote %s", snakemake.output[0])


if "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake's script directive)
