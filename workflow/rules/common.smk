# Shared helpers: config checking, the target list, and lookups used by the rules' input/params.
import copy
import difflib
import fnmatch
from pathlib import Path
import re

import jsonschema
from snakemake.exceptions import WorkflowError
import yaml

# Every topic file (data.smk, later train.smk and report.smk) appends its final outputs here;
# `rule all` in the Snakefile asks for all of them.
TARGETS = []


def check_config(config, schema_path, project=None):
    """Validate `config` (the merged result of config/config.yaml, --configfile and --config)
    against the JSON schema, listing every problem by dotted key with its fix, then fill in the
    schema's defaults (also inside corpora), check what the schema cannot express, and resolve
    local paths (corpus `path`s, mirrors given as folders) against `project` (default: the
    working directory)."""
    with open(schema_path) as f:
        schema = yaml.safe_load(f)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: [str(p) for p in e.absolute_path])
    problems = [f"  - {_config_key(e.absolute_path)}: {_explain(e)}" for e in errors]
    if not problems:
        _fill_defaults(config, schema, schema)
        problems = [f"  - {p}" for p in _semantic_problems(config)]
    if problems:
        listing = "\n".join(problems)
        raise WorkflowError(
            f"invalid config (schema: {schema_path}):\n{listing}\n"
            f"Fix these keys in your config file (or --config/--configfile values) and rerun."
        )
    _resolve_paths(config, Path(project) if project is not None else Path.cwd())


def _resolve_paths(config, project):
    """Make local corpus files and folder mirrors absolute, relative to `project`, so a config in
    the repository names no machine's paths and works from any working directory."""
    sections = [config["mnist"], *config["corpora"].values()]
    for section in sections:
        section["mirrors"] = [
            m if "://" in m else f"{(project / m).resolve().as_uri()}/" for m in section.get("mirrors", [])
        ]
    for spec in config["corpora"].values():
        for entry in spec["files"].values():
            if "path" in entry:
                entry["path"] = str((project / entry["path"]).resolve())


def _nearest(word, candidates):
    """ " (did you mean 'x'?)" for the closest of `candidates`, or ""."""
    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _config_key(path):
    return "config." + ".".join(str(p) for p in path) if len(path) else "config (top level)"


def _explain(error):
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        if allowed:
            named = ", ".join(f"{key!r}{_nearest(key, allowed)}" for key in unknown)
            return f"unknown key(s) {named}; allowed keys here: {', '.join(allowed)}"
    if error.validator == "enum" and "propertyNames" in error.absolute_schema_path:
        allowed = error.validator_value
        return f"unknown key {error.instance!r}{_nearest(error.instance, allowed)}; allowed: {', '.join(allowed)}"
    if error.validator == "required":
        return f"{error.message}; add it"
    if error.validator == "pattern" and "checksum" in [str(p) for p in error.absolute_path]:
        return f"{error.instance!r} is not a checksum; write 'md5:<32 hex digits>' or 'sha256:<64 hex digits>'"
    return error.message


def _deref(node, root):
    """Follow local "$ref": "#/..." pointers."""
    while isinstance(node, dict) and "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _fill_defaults(value, node, root):
    """Set schema defaults for missing keys, recursing through properties and additionalProperties."""
    node = _deref(node, root)
    if not isinstance(value, dict) or not isinstance(node, dict):
        return
    props = node.get("properties", {})
    for key, sub in props.items():
        sub = _deref(sub, root)
        if key not in value and "default" in sub:
            value[key] = copy.deepcopy(sub["default"])
        if key in value:
            _fill_defaults(value[key], sub, root)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        for key in value:
            if key not in props:
                _fill_defaults(value[key], extra, root)


def _semantic_problems(config):
    problems = _run_problems(config)
    for variant, settings in selected_runs(config).get("rnnlm", {}).items():
        corpus = settings.get("corpus")
        if corpus not in config["corpora"]:
            problems.append(
                f"config.train.rnnlm (variant {variant!r}).corpus: {corpus!r} is not a corpus of "
                f"config.corpora ({', '.join(config['corpora']) or 'none'}); add it there or fix the name"
            )
    for corpus, spec in config["corpora"].items():
        key = f"config.corpora.{corpus}"
        roles = set(spec["files"])
        if spec["format"] == "billionwords":
            problems += _billionwords_problems(key, spec)
        elif "subset" in spec or "sentence_start" in spec or "archive" in roles:
            problems.append(
                f"{key}: subset, sentence_start and an 'archive' file belong to format: billionwords; "
                f"add it, or drop them for a plain-text corpus"
            )
        elif roles == {"all"}:
            if "split" not in spec:
                problems.append(
                    f"{key}.split: one 'all' file needs split fractions "
                    f"{{train: .., valid: .., test: ..}}; add them"
                )
            elif abs(sum(spec["split"].values()) - 1) > 1e-6:
                problems.append(f"{key}.split: fractions {spec['split']} must sum to 1")
        elif roles != {"train", "valid", "test"}:
            problems.append(
                f"{key}.files: give train, valid and test, or one 'all' file with a " f"split; got {sorted(roles)}"
            )
        for role, entry in spec["files"].items():
            where = f"{key}.files.{role}"
            if ("name" in entry) == ("path" in entry):
                problems.append(
                    f"{where}: give either 'name' (downloaded from {key}.mirrors) "
                    f"or 'path' (a local file), not both or neither"
                )
            elif "name" in entry and "checksum" not in entry:
                problems.append(f"{where}: a downloaded file needs a 'checksum' (md5:... or sha256:...)")
    return problems


def _billionwords_problems(key, spec):
    """What a billionwords corpus (dp's BillionWords from the benchmark's archive) cannot have."""
    problems = []
    if set(spec["files"]) != {"archive"}:
        problems.append(
            f"{key}.files: a billionwords corpus reads one 'archive' (the benchmark's tar.gz); "
            f"got {sorted(spec['files'])}"
        )
    if "split" in spec:
        problems.append(f"{key}.split: a billionwords corpus is split as dp did (held-out parts); drop split")
    if spec["level"] != "word" or spec["lowercase"]:
        problems.append(f"{key}: a billionwords corpus is word level, as tokenized (level: word, lowercase: false)")
    return problems


def dataset_config(dataset):
    """The config section of a dataset: "mnist" or a corpus name."""
    return config["mnist"] if dataset == "mnist" else config["corpora"][dataset]


def remote_checksum(wildcards):
    """The configured checksum of resources/<dataset>/<filename>."""
    files = dataset_config(wildcards.dataset)["files"]
    for entry in files.values():
        if entry.get("name") == wildcards.filename:
            return entry["checksum"]
    raise WorkflowError(
        f"resources/{wildcards.dataset}/{wildcards.filename} is not a file of "
        f"dataset {wildcards.dataset!r} in the config"
    )


def mnist_inputs(wildcards):
    return {role: f"resources/mnist/{entry['name']}" for role, entry in config["mnist"]["files"].items()}


def mnist_checksums(wildcards):
    return {role: entry["checksum"] for role, entry in config["mnist"]["files"].items()}


def corpus_inputs(wildcards):
    """role -> path: resources/<corpus>/<name> for downloaded files, the path itself for local ones."""
    files = config["corpora"][wildcards.corpus]["files"]
    return {
        role: e["path"] if "path" in e else f"resources/{wildcards.corpus}/{e['name']}" for role, e in files.items()
    }


def corpus_settings(wildcards):
    """Everything that shapes results/data/<corpus>.h5 (not the mirrors: where the verified bytes
    came from does not matter)."""
    spec = config["corpora"][wildcards.corpus]
    settings = {
        "checksums": {role: e["checksum"] for role, e in spec["files"].items() if "checksum" in e},
        "split": spec.get("split"),
        **{k: spec[k] for k in ("level", "max_vocab", "min_count", "lowercase", "eos", "unk")},
    }
    if spec["format"] == "billionwords":  # only here, so the params of text corpora stay as they were
        settings.update(
            format="billionwords", subset=spec.get("subset", "full"), sentence_start=spec.get("sentence_start")
        )
    return settings


def corpus_names_regex():
    names = [re.escape(c) for c in config["corpora"]]
    return "|".join(names) if names else "(?!)"


# Training (train.smk): one run folder per configured experiment and variant.
TRAIN_EXPERIMENTS = ("mlp", "depth", "cnn", "seq10", "rnnlm")


def merge_settings(base, override):
    """`base` with `override` merged in key by key (nested mappings merged, everything else replaced)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_settings(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def train_runs(config, experiment):
    """variant -> settings (the experiment's `settings` with the variant's overrides merged in) of
    every configured run of `experiment`; depth runs are hidden_layers x recipes, named h<n>_<recipe>."""
    section = config.get("train", {}).get(experiment)
    if not section:
        return {}
    if experiment == "depth":
        runs = {}
        for recipe, override in section["recipes"].items():
            for n in section["hidden_layers"]:
                settings = merge_settings(section.get("settings", {}), override)
                settings["model"] = {"hidden_layers": n, "recipe": recipe}
                runs[f"h{n}_{recipe}"] = settings
        return runs
    return {
        name: merge_settings(section.get("settings", {}), override) for name, override in section["variants"].items()
    }


def _run_entry(entry):
    """A `run:` entry "experiment" or "experiment/variant-pattern" -> (experiment, pattern)."""
    experiment, _, pattern = entry.partition("/")
    return experiment, pattern or "*"


def _run_problems(config):
    """Every `run:` entry must name an experiment (or `data`) and match at least one configured
    variant (or dataset); the error names the nearest."""
    problems = []
    for i, entry in enumerate(config.get("run", [])):
        experiment, pattern = _run_entry(entry)
        if experiment == "data":
            names = dataset_names(config)
        elif experiment in TRAIN_EXPERIMENTS:
            names = list(train_runs(config, experiment))
        else:
            problems.append(
                f"config.run.{i}: {entry!r}: no experiment {experiment!r}"
                f"{_nearest(experiment, (*TRAIN_EXPERIMENTS, 'data'))}; "
                f"experiments: {', '.join(TRAIN_EXPERIMENTS)}, or data/<dataset>"
            )
            continue
        if not fnmatch.filter(names, pattern):
            problems.append(
                f"config.run.{i}: {entry!r} matches nothing configured"
                f"{_nearest(pattern, names)}; {experiment}: {', '.join(names) or 'none configured'}"
            )
    return problems


def selected_runs(config):
    """experiment -> {variant: settings} of the runs that `config.run` selects (all configured
    runs when the config has no `run` key)."""
    entries = [_run_entry(e) for e in config.get("run", list(TRAIN_EXPERIMENTS))]
    selected = {}
    for experiment in TRAIN_EXPERIMENTS:
        patterns = [p for e, p in entries if e == experiment]
        runs = {
            v: s for v, s in train_runs(config, experiment).items() if any(fnmatch.fnmatchcase(v, p) for p in patterns)
        }
        if runs:
            selected[experiment] = runs
    return selected


def dataset_names(config):
    return ["mnist", *config.get("corpora", {})]


def selected_datasets(config):
    """The datasets to prepare: those the selected runs read, and those `run: [data/<name>]` names."""
    runs = selected_runs(config)
    names = {"mnist"} if runs.keys() & {"mlp", "depth", "cnn"} else set()
    names |= {settings["corpus"] for settings in runs.get("rnnlm", {}).values()}
    for entry in config.get("run", []):
        experiment, pattern = _run_entry(entry)
        if experiment == "data":
            names |= set(fnmatch.filter(dataset_names(config), pattern))
    return [n for n in dataset_names(config) if n in names]


def run_dirs(config):
    """`results/runs/<experiment>/<variant>` of every selected training run."""
    return [
        f"results/runs/{experiment}/{variant}" for experiment, runs in selected_runs(config).items() for variant in runs
    ]


def run_settings(experiment, variant):
    """The resolved settings of one run, as its rule's params (a change reruns the run)."""
    runs = train_runs(config, experiment)
    if variant not in runs:
        raise WorkflowError(
            f"results/runs/{experiment}/{variant}: no variant {variant!r} in config.train.{experiment}; "
            f"configured: {', '.join(runs) or 'none'}"
        )
    return runs[variant]


def settings_of(experiment):
    """A params function: the resolved settings of the run results/runs/<experiment>/{variant}."""
    return lambda wildcards: run_settings(experiment, wildcards.variant)


def variant_regex(experiment):
    """Wildcard constraint matching exactly the configured variants of `experiment`."""
    names = [re.escape(v) for v in train_runs(config, experiment)]
    return "|".join(names) if names else "(?!)"


def lm_corpus(wildcards):
    """results/data/<corpus>.h5 of a language-model run."""
    return f"results/data/{run_settings('rnnlm', wildcards.variant)['corpus']}.h5"


# Report (report.smk): which run folders the tables and figures cover, and what they produce.
REPORT_EXPERIMENTS = ("mlp", "depth", "cnn", "seq10", "rnnlm")
REPORT_TABLES = ("classification", "depth_ablation", "language_models", "seq10")


def report_runs():
    """Run folders `results/runs/<experiment>/<variant>` that the tables and figures cover: every
    configured training run (`run_dirs`), so a fresh `snakemake` trains, then reports. A config
    without a `train` section (a report-only workflow) reports the finished runs on disk."""
    if config.get("train"):
        return sorted(run_dirs(config))
    return sorted(
        f"results/runs/{p.parent.parent.name}/{p.parent.name}" for p in Path("results/runs").glob("*/*/config.yaml")
    )


def runs_of(*experiments):
    """The report runs of the given experiments."""
    unknown = set(experiments) - set(REPORT_EXPERIMENTS)
    if unknown:
        raise WorkflowError(f"runs_of: unknown experiments {sorted(unknown)}; expected some of {REPORT_EXPERIMENTS}")
    return [d for d in report_runs() if Path(d).parent.name in experiments]


def runs_of_function(experiments):
    """A params function: the report runs of `experiments`."""
    return lambda wildcards: runs_of(*experiments)


def run_files(experiments, names=("config.yaml", "metrics.csv")):
    """Input function: the files `names` of every report run of `experiments`."""
    return lambda wildcards: [f"{d}/{name}" for d in runs_of(*experiments) for name in names]


def report_targets():
    """Every table and figure of the report, for the runs `report_runs()` lists."""
    targets = [f"results/tables/{name}.{ext}" for name in REPORT_TABLES for ext in ("csv", "md", "html")]
    targets += ["results/tables/summary.md", "results/tables/summary.html"]
    for d in runs_of("mlp", "depth", "cnn", "rnnlm"):
        targets.append(f"results/figures/learning_curves/{Path(d).parent.name}/{Path(d).name}.png")
    for d in runs_of("cnn"):
        targets += [
            f"results/figures/cnn/{Path(d).name}/{name}.png"
            for name in ("confusion_matrix", "misclassified", "conv_filters")
        ]
    if runs_of("depth"):
        targets.append("results/figures/depth_ablation.png")
    if runs_of("seq10"):
        targets.append("results/figures/seq10_nll.png")
    if runs_of("rnnlm"):
        targets += ["results/figures/lm_perplexity.png", "results/figures/lm_samples.html"]
    return targets
