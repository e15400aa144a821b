"""Tables, figures and the HTML report, built from the run folders of RUNS_CONTRACT.md.

`report_targets()` lists every output (for `rule all`); `rule report_outputs`
builds them alone. `snakemake --report results/report.html` then collects the
outputs declared with `report(...)`, captioned by `workflow/report/*.rst`.
"""
from pathlib import Path

REPORT_EXPERIMENTS = ("mlp", "depth", "cnn", "seq10", "rnnlm")
REPORT_TABLES = ("classification", "depth_ablation", "language_models", "seq10")
REPORT_MNIST = "results/data/mnist.h5"


report: "../report/workflow.rst"


def report_runs():
    """Run folders `results/runs/<experiment>/<variant>` that the tables and figures cover.

    When `run_dirs(config)` is defined (common.smk: the runs the training rules
    produce), those; otherwise (report.smk used on its own) the run folders
    already on disk, so finished runs can be reported without their rules.
    """
    if "run_dirs" in globals():
        return [str(d) for d in run_dirs(config)]
    return sorted(str(p.parent) for p in Path("results/runs").glob("*/*/config.yaml"))


def runs_of(*experiments):
    """The report runs of the given experiments."""
    unknown = set(experiments) - set(REPORT_EXPERIMENTS)
    if unknown:
        raise ValueError(f"report.smk: unknown experiments {sorted(unknown)}; expected {REPORT_EXPERIMENTS}")
    return [d for d in report_runs() if Path(d).parent.name in experiments]


def run_files(experiments, names=("config.yaml", "metrics.csv")):
    """Input function: files `names` of every run of `experiments`."""
    return lambda wildcards: [f"{d}/{name}" for d in runs_of(*experiments) for name in names]


def report_targets():
    """Every table and figure of the report, for the runs `report_runs()` lists."""
    targets = [f"results/tables/{name}.{ext}" for name in REPORT_TABLES for ext in ("csv", "md", "html")]
    targets += ["results/tables/summary.md", "results/tables/summary.html"]
    for d in runs_of("mlp", "depth", "cnn", "rnnlm"):
        targets.append(f"results/figures/learning_curves/{Path(d).parent.name}/{Path(d).name}.png")
    for d in runs_of("cnn"):
        targets += [f"results/figures/cnn/{Path(d).name}/{name}.png"
                    for name in ("confusion_matrix", "misclassified", "conv_filters")]
    if runs_of("depth"):
        targets.append("results/figures/depth_ablation.png")
    if runs_of("seq10"):
        targets.append("results/figures/seq10_nll.png")
    if runs_of("rnnlm"):
        targets += ["results/figures/lm_perplexity.png", "results/figures/lm_samples.png"]
    return targets


localrules: report_outputs, table_classification, table_depth_ablation, table_language_models, table_seq10, table_summary, figure_learning_curves, figure_depth_ablation, figure_confusion_matrix, figure_misclassified, figure_conv_filters, figure_seq10_nll, figure_lm_perplexity, figure_lm_samples


rule report_outputs:
    input:
        lambda wildcards: report_targets(),
    threads: 1
    resources:
        mem_mb=100,
        runtime=1,


rule table_classification:
    input:
        run_files(("mlp", "depth", "cnn")),
    output:
        csv="results/tables/classification.csv",
        md="results/tables/classification.md",
        html=report("results/tables/classification.html", caption="../report/classification.rst", category="Tables",
                    labels={"table": "MNIST classification"}),
    params:
        table="classification",
        title="MNIST classification",
        runs=lambda wildcards: runs_of("mlp", "depth", "cnn"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_tables.py"


rule table_depth_ablation:
    input:
        run_files(("depth",)),
    output:
        csv="results/tables/depth_ablation.csv",
        md="results/tables/depth_ablation.md",
        html=report("results/tables/depth_ablation.html", caption="../report/depth_ablation.rst", category="Tables",
                    labels={"table": "MLP depth ablation"}),
    params:
        table="depth_ablation",
        title="MLP depth ablation",
        runs=lambda wildcards: runs_of("depth"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_tables.py"


rule table_language_models:
    input:
        run_files(("rnnlm",)),
    output:
        csv="results/tables/language_models.csv",
        md="results/tables/language_models.md",
        html=report("results/tables/language_models.html", caption="../report/language_models.rst", category="Tables",
                    labels={"table": "Language models"}),
    params:
        table="language_models",
        title="Language models",
        runs=lambda wildcards: runs_of("rnnlm"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_tables.py"


rule table_seq10:
    input:
        run_files(("seq10",)),
    output:
        csv="results/tables/seq10.csv",
        md="results/tables/seq10.md",
        html=report("results/tables/seq10.html", caption="../report/seq10.rst", category="Tables",
                    labels={"table": "Sequence 1..10"}),
    params:
        table="seq10",
        title="Sequence 1..10",
        runs=lambda wildcards: runs_of("seq10"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_tables.py"


rule table_summary:
    input:
        classification="results/tables/classification.csv",
        depth_ablation="results/tables/depth_ablation.csv",
        language_models="results/tables/language_models.csv",
        seq10="results/tables/seq10.csv",
    output:
        md="results/tables/summary.md",
        html=report("results/tables/summary.html", caption="../report/summary.rst", category="Summary",
                    labels={"page": "Study summary"}),
    params:
        table="summary",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_tables.py"


rule figure_learning_curves:
    input:
        "results/runs/{experiment}/{variant}/config.yaml",
        "results/runs/{experiment}/{variant}/metrics.csv",
    output:
        report("results/figures/learning_curves/{experiment}/{variant}.png", caption="../report/learning_curves.rst",
               category="Learning curves", subcategory="{experiment}",
               labels={"experiment": "{experiment}", "variant": "{variant}"}),
    params:
        figure="learning_curves",
        run="results/runs/{experiment}/{variant}",
    wildcard_constraints:
        experiment="mlp|depth|cnn|rnnlm",
        variant="[^/]+",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_depth_ablation:
    input:
        table="results/tables/depth_ablation.csv",
    output:
        report("results/figures/depth_ablation.png", caption="../report/depth_ablation_figure.rst",
               category="MNIST", subcategory="depth ablation"),
    params:
        figure="depth_ablation",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_confusion_matrix:
    input:
        predictions="results/runs/cnn/{variant}/predictions.csv",
    output:
        report("results/figures/cnn/{variant}/confusion_matrix.png", caption="../report/confusion_matrix.rst",
               category="MNIST", subcategory="CNN", labels={"variant": "{variant}", "figure": "confusion matrix"}),
    params:
        figure="confusion_matrix",
    wildcard_constraints:
        variant="[^/]+",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_misclassified:
    input:
        predictions="results/runs/cnn/{variant}/predictions.csv",
        data=REPORT_MNIST,
    output:
        report("results/figures/cnn/{variant}/misclassified.png", caption="../report/misclassified.rst",
               category="MNIST", subcategory="CNN", labels={"variant": "{variant}", "figure": "misclassified digits"}),
    params:
        figure="misclassified",
    wildcard_constraints:
        variant="[^/]+",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_conv_filters:
    input:
        model="results/runs/cnn/{variant}/model.h5",
    output:
        report("results/figures/cnn/{variant}/conv_filters.png", caption="../report/conv_filters.rst",
               category="MNIST", subcategory="CNN", labels={"variant": "{variant}", "figure": "first-layer filters"}),
    params:
        figure="conv_filters",
    wildcard_constraints:
        variant="[^/]+",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_seq10_nll:
    input:
        run_files(("seq10",)),
    output:
        report("results/figures/seq10_nll.png", caption="../report/seq10_nll.rst", category="Sequence 1..10"),
    params:
        figure="seq10_nll",
        runs=lambda wildcards: runs_of("seq10"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_lm_perplexity:
    input:
        run_files(("rnnlm",)),
    output:
        report("results/figures/lm_perplexity.png", caption="../report/lm_perplexity.rst",
               category="Language models"),
    params:
        figure="lm_perplexity",
        runs=lambda wildcards: runs_of("rnnlm"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"


rule figure_lm_samples:
    input:
        run_files(("rnnlm",), names=("config.yaml", "metrics.csv", "samples.txt")),
    output:
        report("results/figures/lm_samples.png", caption="../report/lm_samples.rst", category="Language models"),
    params:
        figure="lm_samples",
        runs=lambda wildcards: runs_of("rnnlm"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/report_figures.py"
