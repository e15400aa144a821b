# Training stages: one job per run, writing results/runs/<experiment>/<variant>/ (model.h5,
# metrics.csv, config.yaml, train.log, benchmark.tsv; predictions.csv for MNIST classifiers,
# samples.txt for language models). Runs and their settings come from config.train (see
# run_settings in common.smk); a settings change reruns exactly the runs it touches. A killed
# job leaves checkpoint.h5 behind, and its rerun resumes from it. Threads and memory are declared
# here; profiles (config/profiles/) adapt them.
#
# Kernel warm-up: each training script first calls kernel_warmup.warm(<experiment>), which holds
# an exclusive file lock in numba's cache folder while it compiles the family's kernels with tiny
# runs, then leaves a stamp keyed on nnlib's sources. So jobs started side by side on a cold cache,
# or after nnlib changed, compile each kernel once: the first compiles, the others wait on the
# lock, find the stamp and load the kernels from the cache. No rule and no flag file: warming
# never makes Snakemake rerun a training job.

TARGETS.extend(f"{d}/config.yaml" for d in run_dirs(config))



wildcard_constraints:
    variant="[A-Za-z0-9][A-Za-z0-9_.-]*",


rule train_mlp:
    """MNISTex.lua's MLP (784 -> 200 -> 200 -> 10) on MNIST, dp's SGD, early stopping on validation accuracy.
    Like every training rule, warms numba's cache for its family first, under the kernel lock (above)."""
    input:
        data="results/data/mnist.h5",
    output:
        model="results/runs/mlp/{variant}/model.h5",
        metrics="results/runs/mlp/{variant}/metrics.csv",
        predictions="results/runs/mlp/{variant}/predictions.csv",
        config="results/runs/mlp/{variant}/config.yaml",
    params:
        experiment="mlp",
        settings=lambda wildcards: run_settings("mlp", wildcards.variant),
    log:
        "results/runs/mlp/{variant}/train.log",
    benchmark:
        "results/runs/mlp/{variant}/benchmark.tsv"
    threads: 1
    resources:
        mem_mb=1500,
        runtime=120,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/train_classifier.py"


rule train_depth:
    """One point of the depth ablation: an MLP with h<n> hidden layers, the student's recipe or a
    modern one (He init, batch norm, Adam). Warms the depth family's kernels first, under the kernel lock."""
    input:
        data="results/data/mnist.h5",
    output:
        model="results/runs/depth/{variant}/model.h5",
        metrics="results/runs/depth/{variant}/metrics.csv",
        predictions="results/runs/depth/{variant}/predictions.csv",
        config="results/runs/depth/{variant}/config.yaml",
    params:
        experiment="depth",
        settings=lambda wildcards: run_settings("depth", wildcards.variant),
    log:
        "results/runs/depth/{variant}/train.log",
    benchmark:
        "results/runs/depth/{variant}/benchmark.tsv"
    threads: 1
    resources:
        mem_mb=1500,
        runtime=240,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/train_classifier.py"


rule train_cnn:
    """CNN.lua's convolutional network on MNIST. Warms the cnn family's kernels first, under the kernel lock."""
    input:
        data="results/data/mnist.h5",
    output:
        model="results/runs/cnn/{variant}/model.h5",
        metrics="results/runs/cnn/{variant}/metrics.csv",
        predictions="results/runs/cnn/{variant}/predictions.csv",
        config="results/runs/cnn/{variant}/config.yaml",
    params:
        experiment="cnn",
        settings=lambda wildcards: run_settings("cnn", wildcards.variant),
    log:
        "results/runs/cnn/{variant}/train.log",
    benchmark:
        "results/runs/cnn/{variant}/benchmark.tsv"
    threads: 2
    resources:
        mem_mb=2000,
        runtime=360,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/train_classifier.py"


rule train_seq10:
    """SimpleRNN.lua: a simple RNN learning to predict the next number of 1..10. Warms the seq10 family's
    kernels first, under the kernel lock."""
    output:
        model="results/runs/seq10/{variant}/model.h5",
        metrics="results/runs/seq10/{variant}/metrics.csv",
        config="results/runs/seq10/{variant}/config.yaml",
    params:
        settings=lambda wildcards: run_settings("seq10", wildcards.variant),
    log:
        "results/runs/seq10/{variant}/train.log",
    benchmark:
        "results/runs/seq10/{variant}/benchmark.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=60,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/train_seq10.py"


rule train_rnnlm:
    """RNN.lua's language model (simple RNN, LSTM or BiLSTM; softmax or SoftMaxTree output) on a
    corpus, early stopping on validation perplexity, then text samples. Warms the rnnlm family's kernels
    first, under the kernel lock."""
    input:
        data=lm_corpus,
    output:
        model="results/runs/rnnlm/{variant}/model.h5",
        metrics="results/runs/rnnlm/{variant}/metrics.csv",
        samples="results/runs/rnnlm/{variant}/samples.txt",
        config="results/runs/rnnlm/{variant}/config.yaml",
    params:
        settings=lambda wildcards: run_settings("rnnlm", wildcards.variant),
    log:
        "results/runs/rnnlm/{variant}/train.log",
    benchmark:
        "results/runs/rnnlm/{variant}/benchmark.tsv"
    threads: 2
    resources:
        mem_mb=3000,
        runtime=1440,
    conda:
        "../envs/nnlib.yaml"
    script:
        "../scripts/train_lm.py"
