"""Result tables of the study, built from run folders (see RUNS_CONTRACT.md).

Pure functions from run folders to pandas DataFrames, rendered as CSV,
Markdown and HTML (the Snakemake report shows HTML inline), importable without
Snakemake; `main(snakemake)` at the bottom is the thin entry point of the
`table_*` rules in `workflow/rules/report.smk`.

A run folder is `results/runs/<experiment>/<variant>/` with `config.yaml` and
`metrics.csv`. Accuracies in the tables are percentages; "seconds per epoch"
is the median epoch wall time (the first epoch carries the JIT compilation).
Test numbers are those of the best validation epoch (`best_epoch`): the model the
run saved (early stopping keeps it), whose predictions the figures show.
"""
import logging
from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

CLASSIFICATION_EXPERIMENTS = ("mlp", "depth", "cnn")
METRIC_COLUMNS = {
    "classification": ["epoch", "lr", "seconds", "train_loss", "train_accuracy", "valid_loss",
                       "valid_accuracy", "test_loss", "test_accuracy"],
    "rnnlm": ["epoch", "lr", "seconds", "tokens_per_second", "train_loss", "train_perplexity",
              "valid_loss", "valid_perplexity", "test_loss", "test_perplexity"],
    "seq10": ["iteration", "lr", "seconds", "nll", "accuracy"],
}
CONFIG_KEYS = ("experiment", "variant", "dataset", "seed", "threads", "n_parameters", "model", "optimizer")

# What the student reported for the original Torch7 study, shown next to our numbers.
STUDENT = {
    "mlp": "90-95% test accuracy",
    "cnn": "about 99% test accuracy",
    "rnnlm": "no result after 24 h",
    "seq10": "summed NLL from about 15 to below 0.1",
}

CLASSIFICATION_COLUMNS = ["model", "experiment", "variant", "epochs", "best_epoch", "best_valid_accuracy",
                          "test_accuracy", "seconds_per_epoch", "parameters", "student"]
DEPTH_COLUMNS = ["hidden_layers", "recipe", "variant", "epochs", "best_epoch", "best_valid_accuracy",
                 "test_accuracy", "seconds_per_epoch", "parameters"]
LANGUAGE_MODEL_COLUMNS = ["corpus", "unit", "cell", "bidirectional", "output", "hidden_sizes", "variant", "epochs",
                          "best_epoch",
                          "best_valid_perplexity", "best_valid_bits", "test_perplexity", "test_bits",
                          "tokens_per_second", "seconds_per_epoch", "parameters", "student"]
UNITS = {"word": "word", "char": "character"}
SEQ10_COLUMNS = ["variant", "iterations", "iterations_to_100", "initial_nll", "final_nll",
                 "final_accuracy", "seconds", "parameters", "student"]


@dataclass
class Run:
    """One training run: its folder, resolved config and per-epoch (or per-interval) metrics."""
    path: Path
    config: dict
    metrics: pd.DataFrame

    @property
    def experiment(self):
        return self.config["experiment"]

    @property
    def variant(self):
        return self.config["variant"]


def token_unit(config):
    """What one token of a language-model run is ("word", "character"; "token" when its
    config.yaml does not say): perplexities and bits are per such unit."""
    return UNITS.get(config.get("level"), "token")


def bits(perplexity):
    """Cross-entropy in bits per token, log2(perplexity): the figures' loss axis and the tables' bits columns."""
    return np.log2(perplexity)


def _metric_kind(experiment):
    return "classification" if experiment in CLASSIFICATION_EXPERIMENTS else experiment


def load_run(run_dir):
    """Read `config.yaml` and `metrics.csv` of one run folder, checking them against the contract."""
    run_dir = Path(run_dir)
    config_path, metrics_path = run_dir / "config.yaml", run_dir / "metrics.csv"
    for path in (config_path, metrics_path):
        if not path.is_file():
            raise ValueError(f"load_run: {path} is missing; every run folder needs config.yaml and metrics.csv (RUNS_CONTRACT.md)")
    config = yaml.safe_load(config_path.read_text())
    missing = [k for k in CONFIG_KEYS if not isinstance(config, dict) or k not in config]
    if missing:
        raise ValueError(f"load_run: {config_path} lacks keys {missing}; the training rule must write all of {list(CONFIG_KEYS)}")
    kind = _metric_kind(config["experiment"])
    if kind not in METRIC_COLUMNS:
        raise ValueError(f"load_run: {config_path} has experiment {config['experiment']!r}; expected one of "
                         f"{list(CLASSIFICATION_EXPERIMENTS) + ['rnnlm', 'seq10']}")
    metrics = pd.read_csv(metrics_path)
    missing = [c for c in METRIC_COLUMNS[kind] if c not in metrics.columns]
    if missing:
        raise ValueError(f"load_run: {metrics_path} has columns {list(metrics.columns)}, without {missing}; "
                         f"a {config['experiment']} run must write {METRIC_COLUMNS[kind]} (any order)")
    if metrics.empty:
        raise ValueError(f"load_run: {metrics_path} has no rows; the run wrote no epoch")
    return Run(run_dir, config, metrics)


def collect_runs(run_dirs):
    """Load every run folder in `run_dirs` (in the given order)."""
    return [load_run(d) for d in run_dirs]


def _select(runs, *experiments):
    return [r for r in runs if r.experiment in experiments]


def _percent(fraction):
    return round(100.0 * float(fraction), 2)


def best_row(metrics, key, maximize):
    """The metrics row of the best validation epoch: the first with the highest (`maximize`) or lowest
    value of `key`, as the runs' EarlyStopper chose the model they saved."""
    return metrics.loc[metrics[key].idxmax() if maximize else metrics[key].idxmin()]


def _classification_stats(run):
    m = run.metrics
    best = best_row(m, "valid_accuracy", maximize=True)
    return {
        "variant": run.variant,
        "epochs": int(m["epoch"].iloc[-1]),
        "best_epoch": int(best["epoch"]),
        "best_valid_accuracy": _percent(best["valid_accuracy"]),
        "test_accuracy": _percent(best["test_accuracy"]),
        "seconds_per_epoch": round(float(m["seconds"].median()), 3),
        "parameters": int(run.config["n_parameters"]),
    }


def _model_label(run):
    if run.experiment == "cnn":
        return "CNN"
    activation = run.config["model"].get("activation")
    if run.experiment == "depth":
        return f"MLP, {run.config['model']['hidden_layers']} hidden ({run.config['model']['recipe']})"
    return f"MLP ({activation})" if activation else "MLP"


def classification_table(runs):
    """One row per MNIST run (mlp, depth, cnn): best valid accuracy (%) and the test accuracy of that epoch's
    (saved) model, speed, size, the student's numbers."""
    selected = _select(runs, *CLASSIFICATION_EXPERIMENTS)
    rank = {name: k for k, name in enumerate(CLASSIFICATION_EXPERIMENTS)}
    # experiments in study order; depth runs by number of hidden layers (not "h10" before "h2")
    selected.sort(key=lambda r: (rank[r.experiment], r.config["model"].get("hidden_layers", 0)
                                 if r.experiment == "depth" else 0, r.variant))
    rows = [{"model": _model_label(r), "experiment": r.experiment, **_classification_stats(r),
             "student": STUDENT.get(r.experiment, "")} for r in selected]
    return pd.DataFrame(rows, columns=CLASSIFICATION_COLUMNS)


def depth_ablation_table(runs):
    """Hidden layers x recipe -> accuracy (%) and seconds per epoch, sorted by recipe then depth."""
    rows = [{"hidden_layers": int(r.config["model"]["hidden_layers"]), "recipe": r.config["model"]["recipe"],
             **_classification_stats(r)} for r in _select(runs, "depth")]
    table = pd.DataFrame(rows, columns=DEPTH_COLUMNS)
    return table.sort_values(["recipe", "hidden_layers"], kind="stable").reset_index(drop=True)


def _cell_label(model):
    cell = str(model["cell"]).upper()
    return f"Bi{cell}" if model.get("bidirectional") else cell


def language_model_table(runs):
    """Corpus x cell x output layer -> best valid perplexity, the test perplexity of that epoch's (saved)
    model, and bits (log2 perplexity)
    per the corpus's unit (word or character), tokens per second."""
    rows = []
    for r in _select(runs, "rnnlm"):
        m, model = r.metrics, r.config["model"]
        best = best_row(m, "valid_perplexity", maximize=False)
        best_valid, test = float(best["valid_perplexity"]), float(best["test_perplexity"])
        rows.append({
            "corpus": r.config["dataset"],
            "unit": token_unit(r.config),
            "cell": _cell_label(model),
            "bidirectional": bool(model.get("bidirectional")),
            "output": model["output"],
            "hidden_sizes": "x".join(str(h) for h in model["hidden_sizes"]),
            "variant": r.variant,
            "epochs": int(m["epoch"].iloc[-1]),
            "best_epoch": int(best["epoch"]),
            "best_valid_perplexity": round(best_valid, 2),
            "best_valid_bits": round(float(bits(best_valid)), 3),
            "test_perplexity": round(test, 2),
            "test_bits": round(float(bits(test)), 3),
            "tokens_per_second": round(float(m["tokens_per_second"].median()), 1),
            "seconds_per_epoch": round(float(m["seconds"].median()), 3),
            "parameters": int(r.config["n_parameters"]),
            "student": STUDENT["rnnlm"],
        })
    table = pd.DataFrame(rows, columns=LANGUAGE_MODEL_COLUMNS)
    return table.sort_values(["corpus", "cell", "output"], kind="stable").reset_index(drop=True)


def seq10_table(runs):
    """Iterations until the logged batch accuracy first reaches 100%, first and final summed NLL."""
    rows = []
    for r in _select(runs, "seq10"):
        m = r.metrics
        perfect = m.loc[m["accuracy"] >= 1.0, "iteration"]
        rows.append({
            "variant": r.variant,
            "iterations": int(m["iteration"].iloc[-1]),
            "iterations_to_100": int(perfect.iloc[0]) if len(perfect) else np.nan,
            "initial_nll": round(float(m["nll"].iloc[0]), 4),
            "final_nll": round(float(m["nll"].iloc[-1]), 4),
            "final_accuracy": _percent(m["accuracy"].iloc[-1]),
            "seconds": round(float(m["seconds"].iloc[-1]), 2),
            "parameters": int(r.config["n_parameters"]),
            "student": STUDENT["seq10"],
        })
    table = pd.DataFrame(rows, columns=SEQ10_COLUMNS)
    return table.astype({"iterations_to_100": "Int64"})


TABLES = {
    "classification": classification_table,
    "depth_ablation": depth_ablation_table,
    "language_models": language_model_table,
    "seq10": seq10_table,
}


NO_RUNS = "No runs of this kind in this configuration."
NOTE = ("Accuracies in %. Test numbers are those of the best validation epoch (best_epoch), the model each run "
        "saved; seconds per epoch = median epoch wall time. "
        "Language models: perplexity and bits (log2 perplexity: the cross-entropy in bits, as on the loss axes "
        "of the figures) per the unit of the row: bits per character for character models, bits per word for "
        "word models. "
        "BiLSTM perplexities measure predicting each token from both sides: not comparable with one-direction models.")
HTML_STYLE = ("body{font-family:sans-serif;margin:1em} table{border-collapse:collapse;margin-bottom:1.5em} "
              "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right} th{background:#eee}")


def to_markdown(table):
    """A GitHub Markdown rendering of `table` (a note instead of an empty table)."""
    if table.empty:
        return f"_{NO_RUNS}_\n"
    return table.to_markdown(index=False) + "\n"


def _html_table(table):
    if table.empty:
        return f"<p><em>{NO_RUNS}</em></p>"
    return table.to_html(index=False, na_rep="", border=0)


def to_html(sections, title):
    """A standalone HTML page of `sections`, a list of (heading or None, DataFrame), for the Snakemake report."""
    body = [f"<h1>{escape(title)}</h1>"]
    for heading, table in sections:
        if heading:
            body.append(f"<h2>{escape(heading)}</h2>")
        body.append(_html_table(table))
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{HTML_STYLE}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_table(table, csv_path, md_path, html_path, title):
    """Write `table` as CSV, as Markdown and as an HTML page titled `title`."""
    table.to_csv(csv_path, index=False)
    Path(md_path).write_text(to_markdown(table))
    Path(html_path).write_text(to_html([(None, table)], title))


def _best(table, column, largest=True):
    """The row with the best value of `column`, or None for an empty table."""
    if table.empty or table[column].isna().all():
        return None
    return table.loc[table[column].idxmax() if largest else table[column].idxmin()]


def headline_table(classification, depth, language_models, seq10):
    """The best run of each experiment, its result and the student's.

    The best run is chosen on validation data (accuracy, perplexity) and reported on test data.
    """
    rows = []
    for experiment, name in (("mlp", "MLP on MNIST"), ("cnn", "CNN on MNIST")):
        best = _best(classification[classification["experiment"] == experiment], "best_valid_accuracy")
        if best is not None:
            rows.append((name, best["variant"], f"{best['test_accuracy']:.2f}% test accuracy, "
                         f"{best['seconds_per_epoch']:.1f} s/epoch", STUDENT[experiment]))
    best = _best(depth, "best_valid_accuracy")
    if best is not None:
        rows.append(("Depth ablation", f"{best['hidden_layers']} hidden, {best['recipe']}",
                     f"{best['test_accuracy']:.2f}% test accuracy", ""))
    # per corpus (perplexities of different vocabularies do not compare), one-direction models only
    # (a bidirectional model predicts each token from both sides)
    one_direction = language_models[~language_models["bidirectional"].astype(bool)]
    for corpus in sorted(one_direction["corpus"].unique()):
        best = _best(one_direction[one_direction["corpus"] == corpus], "best_valid_perplexity", largest=False)
        rows.append((f"Language model ({corpus})", f"{best['cell']} {best['output']} ({best['variant']})",
                     f"{best['test_perplexity']:.1f} test perplexity per {best['unit']} "
                     f"({best['test_bits']:.2f} bits per {best['unit']}), {best['tokens_per_second']:.0f} tokens/s",
                     STUDENT["rnnlm"]))
    best = _best(seq10, "final_nll", largest=False)
    if best is not None:
        reached = ("never reached 100%" if pd.isna(best["iterations_to_100"])
                   else f"100% after {int(best['iterations_to_100'])} iterations")
        rows.append(("Sequence 1..10", best["variant"], f"summed NLL {best['initial_nll']:.2f} -> "
                     f"{best['final_nll']:.3f}, {reached}", STUDENT["seq10"]))
    return pd.DataFrame(rows, columns=["experiment", "best run", "result", "student"])


def summary_sections(classification, depth, language_models, seq10):
    """(heading, table) of the one-page summary: the headline, then compact versions of the tables."""
    return [
        ("Best runs", headline_table(classification, depth, language_models, seq10)),
        ("MNIST classification", classification.drop(columns=["experiment", "student"])),
        ("Depth ablation", depth.drop(columns=["variant"])),
        ("Language models", language_models.drop(columns=["student"])),
        ("Sequence 1..10", seq10.drop(columns=["student"])),
    ]


def summary_markdown(classification, depth, language_models, seq10):
    """The one-page summary in Markdown."""
    lines = ["# Study summary"]
    for heading, table in summary_sections(classification, depth, language_models, seq10):
        lines += ["", f"## {heading}", "", to_markdown(table).rstrip("\n")]
    return "\n".join(lines + ["", NOTE, ""])


def summary_html(classification, depth, language_models, seq10):
    """The one-page summary as an HTML page."""
    page = to_html(summary_sections(classification, depth, language_models, seq10), "Study summary")
    return page.replace("</body>", f"<p>{escape(NOTE)}</p>\n</body>")


def main(snakemake):
    """Entry point of the `table_*` rules: `params.table` names the table, or "summary"."""
    logging.basicConfig(filename=snakemake.log[0], filemode="w", level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(message)s")
    name = snakemake.params.table
    try:
        if name == "summary":
            tables = [pd.read_csv(snakemake.input[key]) for key in ("classification", "depth_ablation",
                                                                    "language_models", "seq10")]
            Path(snakemake.output.md).write_text(summary_markdown(*tables))
            Path(snakemake.output.html).write_text(summary_html(*tables))
            logging.info("wrote %s and %s", snakemake.output.md, snakemake.output.html)
            return
        table = TABLES[name](collect_runs(snakemake.params.runs))
    except ValueError as e:
        logging.error("%s", e)
        raise SystemExit(f"rule {snakemake.rule}: {e}")
    write_table(table, snakemake.output.csv, snakemake.output.md, snakemake.output.html, snakemake.params.title)
    logging.info("wrote %s (%d rows from %d runs)", snakemake.output.csv, len(table), len(snakemake.params.runs))


if "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake's script directive)
