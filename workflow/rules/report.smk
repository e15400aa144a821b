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


rule table_classification:
    """One row per MNIST run (mlp, depth, cnn) with the student's numbers."""
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
    log:
        "logs/report/table_classification.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_tables.py"


rule table_depth_ablation:
    """Hidden layers x recipe -> accuracy and seconds per epoch."""
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
    log:
        "logs/report/table_depth_ablation.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_tables.py"


rule table_language_models:
    """Corpus x cell x output layer -> perplexities and tokens per second."""
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
    log:
        "logs/report/table_language_models.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_tables.py"


rule table_seq10:
    """Iterations to 100% accuracy and summed NLL of the 1..10 sequence runs."""
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
    log:
        "logs/report/table_seq10.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
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
        html=report("results/tables/summary.html", caption="../report/summary.rst", category="Summary",
                    labels={"page": "Study summary"}),
    params:
        table="summary",
    log:
        "logs/report/table_summary.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_tables.py"


rule figure_learning_curves:
    """Accuracy or perplexity and loss per epoch of one run."""
    input:
        config="results/runs/{experiment}/{variant}/config.yaml",
        metrics="results/runs/{experiment}/{variant}/metrics.csv",
    output:
        report("results/figures/learning_curves/{experiment}/{variant}.png", caption="../report/learning_curves.rst",
               category="Learning curves", subcategory="{experiment}",
               labels={"experiment": "{experiment}", "variant": "{variant}"}),
    params:
        figure="learning_curves",
    wildcard_constraints:
        experiment="mlp|depth|cnn|rnnlm",
        variant="[^/]+",
    log:
        "logs/report/learning_curves/{experiment}/{variant}.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_depth_ablation:
    """Accuracy and time against depth, one line per recipe."""
    input:
        table="results/tables/depth_ablation.csv",
    output:
        report("results/figures/depth_ablation.png", caption="../report/depth_ablation_figure.rst",
               category="MNIST", subcategory="depth ablation"),
    params:
        figure="depth_ablation",
    log:
        "logs/report/figure_depth_ablation.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_confusion_matrix:
    """Confusion matrix of a CNN run on the test set."""
    input:
        predictions="results/runs/cnn/{variant}/predictions.csv",
    output:
        report("results/figures/cnn/{variant}/confusion_matrix.png", caption="../report/confusion_matrix.rst",
               category="MNIST", subcategory="CNN", labels={"variant": "{variant}", "figure": "confusion matrix"}),
    params:
        figure="confusion_matrix",
    wildcard_constraints:
        variant="[^/]+",
    log:
        "logs/report/cnn/{variant}/confusion_matrix.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_misclassified:
    """Gallery of misclassified test digits of a CNN run."""
    input:
        predictions="results/runs/cnn/{variant}/predictions.csv",
        data="results/data/mnist.h5",
    output:
        report("results/figures/cnn/{variant}/misclassified.png", caption="../report/misclassified.rst",
               category="MNIST", subcategory="CNN", labels={"variant": "{variant}", "figure": "misclassified digits"}),
    params:
        figure="misclassified",
    wildcard_constraints:
        variant="[^/]+",
    log:
        "logs/report/cnn/{variant}/misclassified.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_conv_filters:
    """First-layer convolution filters of a CNN run."""
    input:
        model="results/runs/cnn/{variant}/model.h5",
    output:
        report("results/figures/cnn/{variant}/conv_filters.png", caption="../report/conv_filters.rst",
               category="MNIST", subcategory="CNN", labels={"variant": "{variant}", "figure": "first-layer filters"}),
    params:
        figure="conv_filters",
    wildcard_constraints:
        variant="[^/]+",
    log:
        "logs/report/cnn/{variant}/conv_filters.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_seq10_nll:
    """Summed NLL and accuracy against iteration of the seq10 runs."""
    input:
        run_files(("seq10",)),
    output:
        report("results/figures/seq10_nll.png", caption="../report/seq10_nll.rst", category="Sequence 1..10"),
    params:
        figure="seq10_nll",
        runs=lambda wildcards: runs_of("seq10"),
    log:
        "logs/report/figure_seq10_nll.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_lm_perplexity:
    """Perplexity curves of every language model."""
    input:
        run_files(("rnnlm",)),
    output:
        report("results/figures/lm_perplexity.png", caption="../report/lm_perplexity.rst",
               category="Language models"),
    params:
        figure="lm_perplexity",
        runs=lambda wildcards: runs_of("rnnlm"),
    log:
        "logs/report/figure_lm_perplexity.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"


rule figure_lm_samples:
    """Text generated by the language model with the lowest validation perplexity."""
    input:
        run_files(("rnnlm",), names=("config.yaml", "metrics.csv", "samples.txt")),
    output:
        report("results/figures/lm_samples.png", caption="../report/lm_samples.rst", category="Language models"),
    params:
        figure="lm_samples",
        runs=lambda wildcards: runs_of("rnnlm"),
    log:
        "logs/report/figure_lm_samples.log",
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/report_figures.py"
