# Tables, figures and the HTML report, built from the run folders of RUNS_CONTRACT.md
# (`report_runs()` and friends in common.smk). `snakemake --report results/report.html` then
# collects the outputs declared with `report(...)`, captioned by workflow/report/*.rst.
# Tables and figures are quick: they run as localrules (on the login node of a cluster).

TARGETS.extend(report_targets())


report: "../report/workflow.rst"


localrules:
    table_classification,
    table_depth_ablation,
    table_language_models,
    table_seq10,
    table_summary,
    figure_learning_curves,
    figure_depth_ablation,
    figure_confusion_matrix,
    figure_misclassified,
    figure_conv_filters,
    figure_seq10_nll,
    figure_lm_perplexity,
    figure_lm_samples,


# The four tables of run folders (table_classification, table_depth_ablation, table_language_models,
# table_seq10), from one definition: name -> (the experiments whose runs it lists, its title).
# classification: one row per MNIST run with the student's numbers; depth_ablation: hidden layers x
# recipe -> accuracy and seconds per epoch; language_models: corpus x cell x output layer ->
# perplexities and tokens per second; seq10: iterations to 100% accuracy and summed NLL.
RUN_TABLES = {
    "classification": (("mlp", "depth", "cnn"), "MNIST classification"),
    "depth_ablation": (("depth",), "MLP depth ablation"),
    "language_models": (("rnnlm",), "Language models"),
    "seq10": (("seq10",), "Sequence 1..10"),
}

for _table, (_experiments, _title) in RUN_TABLES.items():

    rule:
        name:
            f"table_{_table}"
        input:
            run_files(_experiments),
        output:
            csv=f"results/tables/{_table}.csv",
            md=f"results/tables/{_table}.md",
            html=report(
                f"results/tables/{_table}.html",
                caption=f"../report/{_table}.rst",
                category="Tables",
                labels={"table": _title},
            ),
        log:
            f"logs/report/table_{_table}.log",
        conda:
            "../envs/nnlib.yaml"
        threads: 1
        resources:
            mem_mb=1000,
            runtime=10,
        params:
            table=_table,
            title=_title,
            runs=runs_of_function(_experiments),
        script:
            "../scripts/report_tables.py"


rule table_summary:
    """The one-page summary: best run of each experiment next to the student's."""
    input:
        classification="results/tables/classification.csv",
        depth_ablation="results/tables/depth_ablation.csv",
        language_models="results/tables/language_models.csv",
        seq10="results/tables/seq10.csv",
    output:
        md="results/tables/summary.md",
        html=report(
            "results/tables/summary.html",
            caption="../report/summary.rst",
            category="Summary",
            labels={"page": "Study summary"},
        ),
    log:
        "logs/report/table_summary.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        table="summary",
    script:
        "../scripts/report_tables.py"


rule figure_learning_curves:
    """Accuracy or perplexity and loss per epoch of one run."""
    input:
        config="results/runs/{experiment}/{variant}/config.yaml",
        metrics="results/runs/{experiment}/{variant}/metrics.csv",
    output:
        report(
            "results/figures/learning_curves/{experiment}/{variant}.png",
            caption="../report/learning_curves.rst",
            category="Learning curves",
            subcategory="{experiment}",
            labels={"experiment": "{experiment}", "variant": "{variant}"},
        ),
    log:
        "logs/report/learning_curves/{experiment}/{variant}.log",
    wildcard_constraints:
        experiment="mlp|depth|cnn|rnnlm",
        variant="[^/]+",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="learning_curves",
    script:
        "../scripts/report_figures.py"


rule figure_depth_ablation:
    """Accuracy and time against depth, one line per recipe."""
    input:
        table="results/tables/depth_ablation.csv",
    output:
        report(
            "results/figures/depth_ablation.png",
            caption="../report/depth_ablation_figure.rst",
            category="MNIST",
            subcategory="depth ablation",
        ),
    log:
        "logs/report/figure_depth_ablation.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="depth_ablation",
    script:
        "../scripts/report_figures.py"


rule figure_confusion_matrix:
    """Confusion matrix of a CNN run on the test set."""
    input:
        predictions="results/runs/cnn/{variant}/predictions.csv",
    output:
        report(
            "results/figures/cnn/{variant}/confusion_matrix.png",
            caption="../report/confusion_matrix.rst",
            category="MNIST",
            subcategory="CNN",
            labels={"variant": "{variant}", "figure": "confusion matrix"},
        ),
    log:
        "logs/report/cnn/{variant}/confusion_matrix.log",
    wildcard_constraints:
        variant="[^/]+",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="confusion_matrix",
    script:
        "../scripts/report_figures.py"


rule figure_misclassified:
    """Gallery of misclassified test digits of a CNN run."""
    input:
        predictions="results/runs/cnn/{variant}/predictions.csv",
        data="results/data/mnist.h5",
    output:
        report(
            "results/figures/cnn/{variant}/misclassified.png",
            caption="../report/misclassified.rst",
            category="MNIST",
            subcategory="CNN",
            labels={"variant": "{variant}", "figure": "misclassified digits"},
        ),
    log:
        "logs/report/cnn/{variant}/misclassified.log",
    wildcard_constraints:
        variant="[^/]+",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="misclassified",
    script:
        "../scripts/report_figures.py"


rule figure_conv_filters:
    """First-layer convolution filters of a CNN run."""
    input:
        model="results/runs/cnn/{variant}/model.h5",
    output:
        report(
            "results/figures/cnn/{variant}/conv_filters.png",
            caption="../report/conv_filters.rst",
            category="MNIST",
            subcategory="CNN",
            labels={"variant": "{variant}", "figure": "first-layer filters"},
        ),
    log:
        "logs/report/cnn/{variant}/conv_filters.log",
    wildcard_constraints:
        variant="[^/]+",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="conv_filters",
    script:
        "../scripts/report_figures.py"


rule figure_seq10_nll:
    """Summed NLL and accuracy against iteration of the seq10 runs."""
    input:
        run_files(("seq10",)),
    output:
        report("results/figures/seq10_nll.png", caption="../report/seq10_nll.rst", category="Sequence 1..10"),
    log:
        "logs/report/figure_seq10_nll.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="seq10_nll",
        runs=lambda wildcards: runs_of("seq10"),
    script:
        "../scripts/report_figures.py"


rule figure_lm_perplexity:
    """Perplexity curves of every language model."""
    input:
        run_files(("rnnlm",)),
    output:
        report("results/figures/lm_perplexity.png", caption="../report/lm_perplexity.rst", category="Language models"),
    log:
        "logs/report/figure_lm_perplexity.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="lm_perplexity",
        runs=lambda wildcards: runs_of("rnnlm"),
    script:
        "../scripts/report_figures.py"


rule figure_lm_samples:
    """Text generated by the language model with the lowest validation perplexity."""
    input:
        run_files(("rnnlm",), names=("config.yaml", "metrics.csv", "samples.txt")),
    output:
        report("results/figures/lm_samples.html", caption="../report/lm_samples.rst", category="Language models"),
    log:
        "logs/report/figure_lm_samples.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        figure="lm_samples",
        runs=lambda wildcards: runs_of("rnnlm"),
    script:
        "../scripts/report_figures.py"
