"""workflow/rules/common.smk's config checking, run directly (the file is plain Python)."""
import copy
import re
from pathlib import Path

import pytest
import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import update_config

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = str(ROOT / "workflow/schemas/config.schema.yaml")


@pytest.fixture(scope="module")
def common():
    namespace = {}
    exec(compile((ROOT / "workflow/rules/common.smk").read_text(), "common.smk", "exec"), namespace)
    return namespace


def _merged(name):
    """config/config.yaml with config/<name> merged in, as the workflow sees it."""
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    if name != "config.yaml":
        update_config(config, yaml.safe_load((ROOT / "config" / name).read_text()))
    return config


def _smoke():
    return _merged("smoke.yaml")


@pytest.mark.parametrize("name", ["config.yaml", "smoke.yaml", "local-mini.yaml", "demo.yaml"])
def test_shipped_configs_are_valid(common, name):
    common["check_config"](_merged(name), SCHEMA, ROOT)


@pytest.mark.parametrize("name", ["config.yaml", "smoke.yaml", "local-mini.yaml", "demo.yaml"])
def test_shipped_configs_name_no_absolute_path(name):
    text = (ROOT / "config" / name).read_text()
    assert "file:///" not in text and not re.search(r"path: */", text)


def test_local_paths_resolve_against_the_project(common, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = _merged("demo.yaml")
    common["check_config"](config, SCHEMA, ROOT)
    assert config["mnist"]["mirrors"] == [(ROOT / "data/mnist-mini").as_uri() + "/"]
    path = Path(config["corpora"]["shakespeare_words"]["files"]["all"]["path"])
    assert path == ROOT / "data/text/tinyshakespeare.txt" and path.is_file()
    assert config["corpora"]["ptb"]["mirrors"][0].startswith("https://")


def test_run_selects_the_runs_and_the_datasets_they_read(common):
    config = _merged("demo.yaml")
    common["check_config"](config, SCHEMA, ROOT)
    assert common["run_dirs"](config) == [
        "results/runs/mlp/relu", *[f"results/runs/depth/h{n}_{r}" for r in ("student", "modern") for n in (1, 4, 8)],
        "results/runs/cnn/k5", "results/runs/seq10/rnn", "results/runs/rnnlm/words_lstm",
        "results/runs/rnnlm/words_lstm_tree", "results/runs/rnnlm/chars_lstm"]
    # ptb and tinyshakespeare come from config/config.yaml but no selected run reads them
    assert common["selected_datasets"](config) == ["mnist", "shakespeare_chars", "shakespeare_words"]
    config["run"] = ["seq10", "data/t*"]
    assert common["run_dirs"](config) == ["results/runs/seq10/rnn"]
    assert common["selected_datasets"](config) == ["tinyshakespeare"]


def test_defaults_are_filled_in_everywhere(common):
    config = _smoke()
    del config["download"], config["mnist"]["split"], config["mnist"]["preprocess"]
    del config["corpora"]["ptb"]["level"], config["corpora"]["ptb"]["max_vocab"]
    common["check_config"](config, SCHEMA)
    assert config["download"] == {"timeout": 60, "retries": 3, "backoff": 2.0, "min_speed": 1024, "deadline": 3600}
    assert config["mnist"]["split"] == {"train": 50000, "valid": 10000, "test": 10000}
    assert config["mnist"]["preprocess"] == []
    ptb = config["corpora"]["ptb"]
    assert (ptb["level"], ptb["max_vocab"], ptb["min_count"], ptb["eos"], ptb["unk"]) == \
        ("word", None, 1, "<eos>", "<unk>")


def test_given_values_are_kept(common):
    config = _smoke()
    before = copy.deepcopy(config)
    common["check_config"](config, SCHEMA)
    assert config["mnist"]["split"] == before["mnist"]["split"]
    assert config["corpora"]["tinyshakespeare"]["level"] == "char"


@pytest.mark.parametrize("edit,message", [
    (lambda c: c.update(minst={}), "config (top level): unknown key(s) 'minst' (did you mean 'mnist'?); allowed"),
    (lambda c: c["mnist"].update(splt={}), "config.mnist: unknown key(s) 'splt' (did you mean 'split'?)"),
    (lambda c: c.update(run=["mpl/relu"]), "config.run.0: 'mpl/relu': no experiment 'mpl' (did you mean 'mlp'?)"),
    (lambda c: c.update(run=["mlp/rleu"]), "config.run.0: 'mlp/rleu' matches nothing configured (did you mean 'relu'?)"),
    (lambda c: c.update(run=["data/mnsit"]), "config.run.0: 'data/mnsit' matches nothing configured (did you mean 'mnist'?)"),
    (lambda c: c["download"].update(retries=0), "config.download.retries: 0 is less than the minimum of 1"),
    (lambda c: c["mnist"]["split"].update(train="all"), "config.mnist.split.train: 'all' is not of type 'integer'"),
    (lambda c: c["mnist"]["preprocess"].append({"name": "pca"}), "config.mnist.preprocess.0.name: 'pca' is not one of"),
    (lambda c: c["mnist"]["files"]["train_images"].pop("checksum"),
     "config.mnist.files.train_images: 'checksum' is a required property; add it"),
    (lambda c: c["mnist"].update(mirrors=["ftp://x/"]), "config.mnist.mirrors.0: 'ftp://x/' does not match"),
    (lambda c: c["corpora"].update(mnist=c["corpora"]["ptb"]), "config.corpora: 'mnist' should not be valid"),
    (lambda c: c["corpora"]["ptb"].update(level="byte"), "config.corpora.ptb.level: 'byte' is not one of"),
    (lambda c: c["corpora"]["tinyshakespeare"]["split"].update(test=0.5),
     "config.corpora.tinyshakespeare.split: fractions"),
    (lambda c: c["corpora"]["ptb"]["files"].pop("valid"),
     "config.corpora.ptb.files: give train, valid and test, or one 'all' file"),
])
def test_errors_name_the_key(common, edit, message):
    config = _smoke()
    edit(config)
    with pytest.raises(WorkflowError) as info:
        common["check_config"](config, SCHEMA)
    assert message in str(info.value)


def test_train_runs_merge_variant_overrides_into_the_settings(common):
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    common["check_config"](config, SCHEMA)
    mlp = common["train_runs"](config, "mlp")
    assert list(mlp) == ["relu", "tanh"]
    assert mlp["tanh"]["model"] == {"hidden_sizes": [200, 200], "activation": "tanh"}
    assert mlp["tanh"]["optimizer"]["batch_size"] == 20 and mlp["relu"]["model"]["activation"] == "relu"
    cnn = common["train_runs"](config, "cnn")
    assert cnn["k6"]["model"]["kernel_sizes"] == 6 and cnn["k6"]["model"]["channel_sizes"] == [32, 64]
    zaremba = common["train_runs"](config, "rnnlm")["ptb_zaremba"]
    assert zaremba["model"]["hidden_sizes"] == [200, 200] and zaremba["model"]["cell"] == "lstm"
    assert (zaremba["optimizer"]["rho"], zaremba["optimizer"]["cutoff_norm"], zaremba["optimizer"]["max_epoch"]) == \
        (20, 5, 13)


def test_depth_runs_are_hidden_layers_times_recipes(common):
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    depth = common["train_runs"](config, "depth")
    assert len(depth) == 2 * len(config["train"]["depth"]["hidden_layers"])
    assert depth["h30_modern"]["model"] == {"hidden_layers": 30, "recipe": "modern"}
    assert depth["h30_modern"]["optimizer"]["algorithm"] == "adam"
    assert depth["h6_student"]["optimizer"] == config["train"]["mlp"]["settings"]["optimizer"]


def test_run_dirs_list_every_configured_run(common):
    dirs = common["run_dirs"](_smoke())
    assert dirs == ["results/runs/mlp/relu", "results/runs/depth/h1_student", "results/runs/depth/h3_student",
                    "results/runs/depth/h1_modern", "results/runs/depth/h3_modern", "results/runs/cnn/k5",
                    "results/runs/seq10/rnn", "results/runs/rnnlm/ptb_lstm", "results/runs/rnnlm/ptb_bilstm_tree"]
    assert common["run_dirs"]({}) == []


@pytest.mark.parametrize("edit,message", [
    (lambda c: c["train"]["mlp"]["settings"]["optimizer"].update(learning_rte=0.1),
     "config.train.mlp.settings.optimizer: unknown key(s) 'learning_rte' (did you mean 'learning_rate'?)"),
    (lambda c: c["train"]["mlp"]["variants"].update(wide={"model": {"hiden_sizes": [400]}}),
     "config.train.mlp.variants.wide.model: unknown key(s) 'hiden_sizes'"),
    (lambda c: c["train"]["depth"]["recipes"].update(ancient={}), "config.train.depth.recipes: unknown key 'ancient'; allowed: student, modern"),
    (lambda c: c["train"]["rnnlm"]["variants"]["ptb_lstm"].update(model={"cell": "transformer"}),
     "config.train.rnnlm.variants.ptb_lstm.model.cell: 'transformer' is not one of"),
    (lambda c: c["train"]["mlp"]["variants"].update({"bad/name": {}}), "config.train.mlp.variants: 'bad/name' does not match"),
    (lambda c: c["train"]["rnnlm"]["variants"]["ptb_lstm"].update(corpus="wiki"),
     "config.train.rnnlm (variant 'ptb_lstm').corpus: 'wiki' is not a corpus of config.corpora"),
])
def test_train_errors_name_the_key(common, edit, message):
    config = _smoke()
    edit(config)
    with pytest.raises(WorkflowError) as info:
        common["check_config"](config, SCHEMA)
    assert message in str(info.value)


def test_config_readme_describes_every_key():
    schema = yaml.safe_load(Path(SCHEMA).read_text())
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    readme = (ROOT / "config/README.md").read_text()
    assert sorted(k for k in keys if f"`{k}`" not in readme and f"{k}`" not in readme) == []


def test_no_machine_paths_in_configs_examples_or_the_workflow():
    """Configs, examples, the workflow and the scripts name paths relative to the project."""
    files = [p for d in ("config", "examples", "workflow", "scripts", "profiles") for p in (ROOT / d).rglob("*")
             if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".smk", ".sh", ".md", "")]
    assert files
    offenders = [str(p.relative_to(ROOT)) for p in files if re.search(r"/work/|/home/|/Users/", p.read_text())]
    assert offenders == []
