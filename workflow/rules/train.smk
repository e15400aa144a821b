# Training stages: one job per run, writing results/runs/<experiment>/<variant>/ (model.h5,
# metrics.csv, config.yaml, train.log, benchmark.tsv; predictions.csv for MNIST classifiers,
# samples.txt for language models). Runs and their settings come from config.train (see
# run_settings in common.smk); a settings change reruns exactly the runs it touches. A killed
# job leaves checkpoint.h5 behind, and its rerun resumes from it. Threads and memory are declared
# here; profiles (profiles/) adapt them.
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


# The MNIST classifiers: one rule per experiment (train_mlp, train_depth, train_cnn: stable names
# for --forcerun and profiles' set-resources), all made from this one definition; what differs
# between them is config (the runs' settings) and the runtime they declare.
# mlp: MNISTex.lua's MLP (784 -> 200 -> 200 -> 10), dp's SGD, early stopping on validation accuracy;
# depth: one point of the depth ablation (h<n> hidden layers, the student's recipe or a modern one:
# He init, batch norm, Adam); cnn: CNN.lua's convolutional network.
CLASSIFIER_RULES = {
    "mlp": {"threads": 1, "mem_mb": 1500, "runtime": 120},
    "depth": {"threads": 1, "mem_mb": 1500, "runtime": 240},
    "cnn": {"threads": 2, "mem_mb": 2000, "runtime": 360},
}

for _experiment, _spec in CLASSIFIER_RULES.items():

    rule:
        name:
            f"train_{_experiment}"
        input:
            data="results/data/mnist.h5",
        output:
            model=f"results/runs/{_experiment}/{{variant}}/model.h5",
            metrics=f"results/runs/{_experiment}/{{variant}}/metrics.csv",
            predictions=f"results/runs/{_experiment}/{{variant}}/predictions.csv",
            config=f"results/runs/{_experiment}/{{variant}}/config.yaml",
        log:
            f"results/runs/{_experiment}/{{variant}}/train.log",
        benchmark:
            f"results/runs/{_experiment}/{{variant}}/benchmark.tsv"
        conda:
            "../envs/nnlib.yaml"
        threads: _spec["threads"]
        resources:
            mem_mb=_spec["mem_mb"],
            runtime=_spec["runtime"],
        params:
            experiment=_experiment,
            settings=settings_of(_experiment),
        script:
            "../scripts/train_classifier.py"


rule train_seq10:
    """SimpleRNN.lua: a simple RNN learning to predict the next number of 1..10. Warms the seq10 family's
    kernels first, under the kernel lock."""
    output:
        model="results/runs/seq10/{variant}/model.h5",
        metrics="results/runs/seq10/{variant}/metrics.csv",
        config="results/runs/seq10/{variant}/config.yaml",
    log:
        "results/runs/seq10/{variant}/train.log",
    benchmark:
        "results/runs/seq10/{variant}/benchmark.tsv"
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=60,
    params:
        settings=settings_of("seq10"),
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
    log:
        "results/runs/rnnlm/{variant}/train.log",
    benchmark:
        "results/runs/rnnlm/{variant}/benchmark.tsv"
    conda:
        "../envs/nnlib.yaml"
    threads: 2
    resources:
        mem_mb=3000,
        runtime=1440,
    params:
        settings=settings_of("rnnlm"),
    script:
        "../scripts/train_lm.py"
