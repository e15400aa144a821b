"""Figures of the study: one pure function per figure, returning a matplotlib Figure.

Importable without Snakemake; `main(snakemake)` at the bottom is the thin entry
point of the `figure_*` rules in `workflow/rules/report.smk`. Every figure has
a fixed size (`FIGSIZES`, inches, at `DPI`), so its PNG has a known pixel size
(`pixel_size`). Figures use `matplotlib.figure.Figure` directly: no pyplot
state, no GUI backend.
"""
import html
import logging
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter

import nnlib
from report_tables import best_row, bits, collect_runs, token_unit

DPI = 100
FIGSIZES = {
    "learning_curves": (10.0, 4.0),
    "depth_ablation": (10.0, 4.0),
    "confusion_matrix": (6.0, 5.5),
    "misclassified": (10.0, 6.0),
    "conv_filters": (8.0, 6.0),
    "seq10_nll": (10.0, 4.0),
    "lm_perplexity": (12.0, 5.0),
}
GALLERY_ROWS, GALLERY_COLS = 4, 8


def pixel_size(name):
    """(width, height) in pixels of the PNG written for figure `name`."""
    width, height = FIGSIZES[name]
    return round(width * DPI), round(height * DPI)


class PlainLogFormatter(LogFormatter):
    """Labels the ticks matplotlib's LogFormatter would label (every decade; minor ticks too when
    the axis spans few decades) as plain numbers: 0.05, 40, 200, 10000, never 1e-02, 10^2 or 2x10^2."""

    def __call__(self, x, pos=None):
        return np.format_float_positional(x, precision=6, trim="-") if super().__call__(x, pos) else ""


def plain_log_axis(ax):
    """Make the y axis log-scale, labelled with plain numbers (PlainLogFormatter)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(PlainLogFormatter(labelOnlyBase=False))
    ax.yaxis.set_minor_formatter(PlainLogFormatter(labelOnlyBase=False, minor_thresholds=(2, 0.5)))


def _figure(name):
    return Figure(figsize=FIGSIZES[name], dpi=DPI, layout="constrained")


def save(fig, path):
    """Write `fig` as a PNG of its fixed size (no tight bounding box, which would change it)."""
    fig.savefig(path, format="png", dpi=DPI)


def learning_curves_figure(metrics, experiment, title, unit="token"):
    """Train/valid/test accuracy and loss (classification, NLL per example) vs epoch; for `rnnlm`
    perplexity per `unit` and its cross-entropy in bits per `unit` (log2 perplexity), one
    definition: the mean NLL per predicted token, as in the tables (the runners' loss column
    sums over BPTT steps, so it is not plotted for language models)."""
    if experiment not in ("mlp", "depth", "cnn", "rnnlm"):
        raise ValueError(f"learning_curves_figure: experiment {experiment!r} has no epoch curves; "
                         "use one of mlp, depth, cnn, rnnlm (seq10 has seq10_nll_figure)")
    fig = _figure("learning_curves")
    ax_score, ax_loss = fig.subplots(1, 2)
    for split, style in (("train", "-"), ("valid", "--"), ("test", ":")):
        if experiment == "rnnlm":
            score = metrics[f"{split}_perplexity"]
            loss = bits(score)
        else:
            score = metrics[f"{split}_accuracy"] * 100.0
            loss = metrics[f"{split}_loss"]
        ax_score.plot(metrics["epoch"], score, style, marker="o", markersize=3, label=split)
        ax_loss.plot(metrics["epoch"], loss, style, marker="o", markersize=3, label=split)
    lm = experiment == "rnnlm"
    best = int(best_row(metrics, "valid_perplexity" if lm else "valid_accuracy", maximize=not lm)["epoch"])
    for ax in (ax_score, ax_loss):  # the saved model, whose test numbers the tables give
        ax.axvline(best, color="grey", linestyle=":", linewidth=1, label="best valid (saved)")
    if experiment == "rnnlm":
        plain_log_axis(ax_score)
        ax_score.set(xlabel="epoch", ylabel=f"perplexity per {unit} (log scale)", title="perplexity")
        ax_loss.set(xlabel="epoch", ylabel=f"cross-entropy (bits per {unit})", title="loss: log2 perplexity")
    else:
        ax_score.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
        ax_loss.set(xlabel="epoch", ylabel="loss (NLL per example, nats)", title="loss")
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
    plain_log_axis(ax_nll)
    ax_nll.set(xlabel="iteration", ylabel="NLL summed over the sequence (log scale)", title="training NLL")
    ax_acc.set(xlabel="iteration", ylabel="next-number accuracy (%)", title="accuracy", ylim=(-5, 105))
    for ax in (ax_nll, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("Predicting the next number of 1, 2, ..., 10")
    return fig


def lm_perplexity_figure(curves, units=None):
    """Validation (solid) and training (dashed) perplexity vs epoch, one panel per token unit
    (word and character perplexities do not share an axis); `curves` maps a label to rnnlm
    metrics, `units` a label to its unit ("token" when not given)."""
    units = units or {}
    groups = {}
    for label, metrics in curves.items():
        groups.setdefault(units.get(label, "token"), []).append((label, metrics))
    fig = _figure("lm_perplexity")
    axes = np.atleast_1d(fig.subplots(1, max(len(groups), 1), squeeze=False)[0])
    k = 0
    for ax, (unit, members) in zip(axes, sorted(groups.items())):
        for label, metrics in members:
            color = f"C{k % 10}"
            k += 1
            ax.plot(metrics["epoch"], metrics["valid_perplexity"], "-", marker="o", markersize=3, color=color,
                    label=label)
            ax.plot(metrics["epoch"], metrics["train_perplexity"], "--", color=color)
        plain_log_axis(ax)
        ax.set(xlabel="epoch", ylabel=f"perplexity per {unit} (log scale)", title=f"{unit}-level models")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    fig.suptitle("Language models: validation (solid) and training (dashed) perplexity")
    return fig


def text_samples_html(runs):
    """An HTML page with the text sampled by every one-direction language model, best (lowest
    validation perplexity per corpus) first, as preformatted text."""
    one_direction = [r for r in runs if r.experiment == "rnnlm" and not r.config["model"].get("bidirectional")]
    if not one_direction:
        raise ValueError("text_samples_html: no one-direction rnnlm runs given")
    one_direction.sort(key=lambda r: (r.config["dataset"], float(r.metrics["valid_perplexity"].min())))
    parts = []
    for r in one_direction:
        unit = token_unit(r.config)
        head = (f"{run_label(r)} ({r.config['dataset']}): best validation perplexity "
                f"{r.metrics['valid_perplexity'].min():.2f} per {unit}")
        parts.append(f"<h2>{html.escape(head)}</h2>\n<pre>{html.escape((r.path / 'samples.txt').read_text())}</pre>")
    style = "body{font-family:sans-serif;margin:1em} pre{white-space:pre-wrap;background:#f6f6f6;padding:0.5em}"
    return (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Sampled text</title><style>{style}</style>"
            f"</head><body>\n<h1>Text sampled from the language models</h1>\n" + "\n".join(parts) + "\n</body></html>\n")


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
    return learning_curves_figure(run.metrics, run.experiment, f"{run_label(run)} ({run.config['dataset']})",
                                  token_unit(run.config))


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
    runs = collect_runs(sm.params.runs)
    labels = {f"{r.config['dataset']}: {r.variant}": r for r in runs}
    return lm_perplexity_figure({label: r.metrics for label, r in labels.items()},
                                {label: token_unit(r.config) for label, r in labels.items()})


def _lm_samples(sm):
    return text_samples_html(collect_runs(sm.params.runs))


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
    if isinstance(fig, str):
        Path(snakemake.output[0]).write_text(fig)
    else:
        save(fig, snakemake.output[0])
    logging.info("wrote %s", snakemake.output[0])


if "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake's script directive)
