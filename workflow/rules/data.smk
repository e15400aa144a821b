# Data stages: verified downloads into resources/, preprocessing into results/data/*.h5.

TARGETS.extend(f"results/data/{name}.h5" for name in selected_datasets(config))


wildcard_constraints:
    dataset="[A-Za-z][A-Za-z0-9_-]*",
    filename="[^/]+",
    corpus=corpus_names_regex(),


rule download:
    """Fetch one file from the dataset's mirrors (in order, with retries), checked against its
    checksum. The mirrors are read from the config by the script, not passed as params, so
    switching mirrors does not invalidate a file that is already verified."""
    output:
        "resources/{dataset}/{filename}",
    log:
        "logs/download/{dataset}/{filename}.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        downloads=1,
    params:
        checksum=remote_checksum,
    script:
        "../scripts/download.py"


rule preprocess_mnist:
    """Parse the four IDX files strictly, split 50,000/10,000/10,000 (by default), optionally apply
    dp preprocessing fitted on train, and write results/data/mnist.h5."""
    input:
        unpack(mnist_inputs),
    output:
        "results/data/mnist.h5",
    log:
        "logs/preprocess_mnist.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards: 2000 if config["mnist"]["preprocess"] else 1000,  # measured peak 1.1 GB (gcn+zca, full MNIST) / 0.26 GB
    params:
        checksums=mnist_checksums,
        split=config["mnist"]["split"],
        preprocess=config["mnist"]["preprocess"],
    script:
        "../scripts/preprocess_mnist.py"


rule preprocess_text:
    """Tokenize a corpus (word or character level), build the vocabulary on train, and write the
    vocabulary, counts and train/valid/test id arrays to results/data/<corpus>.h5 (format
    billionwords: the benchmark's archive streamed in bounded memory, dp's split and subsets)."""
    input:
        unpack(corpus_inputs),
    output:
        "results/data/{corpus}.h5",
    log:
        "logs/preprocess_text/{corpus}.log",
    conda:
        "../envs/nnlib.yaml"
    threads: 1
    resources:
        # billionwords: the word counts of the full benchmark (about 2.4 million distinct words) and
        # one chunk of ids per split, never the corpus (not measured on the full archive here)
        mem_mb=lambda wildcards: 4000 if config["corpora"][wildcards.corpus]["format"] == "billionwords" else 2000,
    params:
        settings=corpus_settings,
    script:
        "../scripts/preprocess_text.py"
