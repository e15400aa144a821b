"""The data stages of config/smoke.yaml run through snakemake, against a local HTTP mirror."""
import copy
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
import yaml

from nnlib.data import file_digest, load_corpus, load_mnist

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("smoke_fixtures", Path(__file__).with_name("smoke_fixtures.py"))
smoke_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke_fixtures)

SMOKE_MIRROR = "http://127.0.0.1:8765/"


def snakemake(workdir, config, *args):
    """Run this checkout's workflow in `workdir` with `config` (a dict written to a file there);
    the result's .stdout holds stdout and stderr together."""
    workdir.mkdir(parents=True, exist_ok=True)
    configfile = workdir / "test-config.yaml"
    configfile.write_text(yaml.safe_dump(config, sort_keys=False))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--directory",
           str(workdir), "--configfile", str(configfile), "--cores", "2", *args]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, timeout=600)


def planned_rules(result):
    """Rule names in the 'Job stats' table of a (dry) run."""
    lines = result.stdout.splitlines()
    start = lines.index("Job stats:") + 3
    rules = []
    for line in lines[start:]:
        name = line.split()[0] if line.split() else "total"
        if name == "total":
            break
        rules.append(name)
    return sorted(rules)


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror")
    files = smoke_fixtures.write_fixtures(root)
    server = smoke_fixtures.serve(root)
    yield root, files, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def smoke_config(base_url):
    """config/smoke.yaml's data stages (no run selected: test_train_workflow.py runs them; its three
    datasets prepared) with their mirrors pointed at `base_url`."""
    config = yaml.safe_load((ROOT / "config/smoke.yaml").read_text())
    del config["train"]
    config["run"] = ["data/mnist", "data/ptb", "data/tinyshakespeare"]  # data/* would fetch billionwords too
    sections = [config["mnist"], *config["corpora"].values()]
    for section in sections:
        section["mirrors"] = [m.replace(SMOKE_MIRROR, base_url) for m in section["mirrors"]]
    return config


def test_smoke_checksums_match_the_fixtures(mirror):
    root, files, _ = mirror
    config = yaml.safe_load((ROOT / "config/smoke.yaml").read_text())
    listed = {f"mnist/{e['name']}": e["checksum"] for e in config["mnist"]["files"].values()}
    for corpus, spec in config["corpora"].items():
        listed.update({f"{corpus}/{e['name']}": e["checksum"] for e in spec["files"].values()})
    assert listed == {rel: "sha256:" + file_digest(p, "sha256") for rel, p in files.items()}


@pytest.mark.slow
def test_smoke_data_stages(mirror, tmp_path):
    root, files, base = mirror
    config = smoke_config(base)
    local = tmp_path / "my-corpus.txt"
    local.write_text(smoke_fixtures.sentences(120, offset=5000))
    config["corpora"]["mine"] = {"files": {"all": {"path": str(local)}},
                                 "split": {"train": 0.8, "valid": 0.1, "test": 0.1}, "min_count": 2}
    config["run"].append("data/mine")
    work = tmp_path / "work"
    run = snakemake(work, config)
    assert run.returncode == 0, run.stdout[-3000:]

    for rel, src in files.items():
        assert (work / "resources" / rel).read_bytes() == src.read_bytes()
    assert not list((work / "resources").rglob("*.part"))

    mnist = load_mnist(work / "results/data/mnist.h5")
    images, labels = smoke_fixtures.digits(300)
    assert mnist["train"][0].shape == (200, 1, 28, 28) and mnist["train"][0].dtype == np.uint8
    np.testing.assert_array_equal(mnist["valid"][0][:, 0], images[200:300])
    np.testing.assert_array_equal(mnist["valid"][1], labels[200:300])
    assert mnist["test"][1].dtype == np.int64 and len(mnist["test"][1]) == 100
    with h5py.File(work / "results/data/mnist.h5", "r") as f:
        assert "train-images-idx3-ubyte" in f.attrs["source_checksums"]

    ptb = load_corpus(work / "results/data/ptb.h5")
    assert len(ptb["vocab"]) == 20 and ptb["vocab"][:2] == ["<unk>", "<eos>"]
    assert ptb["train"].dtype == np.uint16 and int(ptb["train"].max()) < 20
    words = (root / "ptb/ptb.valid.txt").read_text().replace("\n", " <eos> ").split()
    assert len(ptb["valid"]) == len(words)
    shakespeare = load_corpus(work / "results/data/tinyshakespeare.h5")
    assert shakespeare["attrs"]["level"] == "char" and "\n" in shakespeare["vocab"]
    mine = load_corpus(work / "results/data/mine.h5")
    assert mine["attrs"]["min_count"] == 2 and len(mine["train"]) > len(mine["valid"]) > 0

    again = snakemake(work, config, "--dry-run")
    assert "Nothing to be done" in again.stdout

    config["mnist"]["split"]["valid"] = 50  # one dataset's settings: only its stage reruns
    assert planned_rules(snakemake(work, config, "--dry-run")) == ["all", "preprocess_mnist"]
    config["mnist"]["split"]["valid"] = 100
    config["corpora"]["ptb"]["max_vocab"] = 15
    dry = snakemake(work, config, "--dry-run")
    assert planned_rules(dry) == ["all", "preprocess_text"] and "output: results/data/ptb.h5" in dry.stdout


def test_offline_from_prefilled_resources(mirror, tmp_path):
    root, files, _ = mirror
    config = smoke_config("http://127.0.0.1:9/")  # nothing listens there
    for section in [config["mnist"], *config["corpora"].values()]:
        section["mirrors"] = []
    work = tmp_path / "work"
    shutil.copytree(root / "ptb", work / "resources/ptb")
    run = snakemake(work, config, "results/data/ptb.h5")
    assert run.returncode == 0, run.stdout[-3000:]
    assert load_corpus(work / "results/data/ptb.h5")["attrs"]["vocab_size"] == 20


def test_all_mirrors_down_names_urls_and_the_fix(mirror, tmp_path):
    _, _, base = mirror
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    refused = f"http://127.0.0.1:{s.getsockname()[1]}/"
    s.close()
    config = smoke_config(base)
    config["download"] = {"timeout": 2, "retries": 1, "backoff": 0}
    config["mnist"]["mirrors"] = [refused, base + "no-such-folder/"]
    work = tmp_path / "work"
    run = snakemake(work, config, "resources/mnist/train-labels-idx1-ubyte")
    assert run.returncode != 0
    assert f"{refused}train-labels-idx1-ubyte: connection refused" in run.stdout
    assert f"{base}no-such-folder/train-labels-idx1-ubyte: HTTP 404" in run.stdout
    assert "put the file by hand at resources/mnist/train-labels-idx1-ubyte" in run.stdout
    assert not (work / "resources/mnist/train-labels-idx1-ubyte").exists()


def test_corrupt_input_leaves_no_output(mirror, tmp_path):
    root, _, base = mirror
    config = smoke_config(base)
    work = tmp_path / "work"
    # The labels file served as the images file, with a matching checksum: wrong IDX magic.
    (work / "resources/mnist").mkdir(parents=True)
    for role, entry in config["mnist"]["files"].items():
        src = root / "mnist" / entry["name"].replace("images-idx3", "labels-idx1")
        shutil.copy(src, work / "resources/mnist" / entry["name"])
        entry["checksum"] = "sha256:" + file_digest(src, "sha256")
    run = snakemake(work, config, "results/data/mnist.h5")
    assert run.returncode != 0
    assert "train-images-idx3-ubyte: IDX magic number is 0x00000801" in run.stdout
    assert not (work / "results/data/mnist.h5").exists()


def test_bad_config_lists_every_wrong_key(tmp_path):
    config = smoke_config(SMOKE_MIRROR)
    config["mnist"]["splt"] = {"train": 10}
    config["corpora"]["ptb"]["max_vocab"] = "many"
    config["mnist"]["files"]["test_labels"]["checksum"] = "md5:123"
    run = snakemake(tmp_path, config, "--dry-run")
    assert run.returncode != 0
    for message in [
        "config.mnist: unknown key(s) 'splt' (did you mean 'split'?); allowed keys here: files, mirrors, preprocess, split",
        "config.corpora.ptb.max_vocab: 'many' is not of type 'integer', 'null'",
        "config.mnist.files.test_labels.checksum: 'md5:123' is not a checksum; write 'md5:<32 hex digits>'",
    ]:
        assert message in run.stdout, run.stdout[-2000:]


def test_config_rules_beyond_the_schema_name_the_key(tmp_path):
    config = smoke_config(SMOKE_MIRROR)
    config["corpora"]["mine"] = {"files": {"all": {"path": "my/corpus.txt"}}}
    config["corpora"]["ptb"]["files"]["test"] = {"name": "ptb.test.txt", "path": "my/test.txt"}
    run = snakemake(tmp_path, config, "--dry-run")
    assert run.returncode != 0
    assert "config.corpora.mine.split: one 'all' file needs split fractions" in run.stdout
    assert "config.corpora.ptb.files.test: give either 'name'" in run.stdout


def test_snakefiles_are_snakefmt_clean():
    """The root Snakefile, workflow/Snakefile and workflow/rules/*.smk as `snakefmt` writes them
    (line length from pyproject.toml)."""
    files = [ROOT / "Snakefile", ROOT / "workflow" / "Snakefile", *sorted((ROOT / "workflow" / "rules").glob("*.smk"))]
    run = subprocess.run([sys.executable, "-m", "snakefmt", "--check", *map(str, files)], cwd=ROOT, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]


def test_snakemake_lint_passes():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "snakemake", "--lint"], cwd=ROOT, env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert run.returncode == 0 and "Congratulations" in run.stdout, run.stdout[-3000:]


def test_a_partial_config_overrides_only_the_keys_it_names(tmp_path):
    """--configfile and --config merge into config/config.yaml: here only `run` (a list, replaced
    whole) changes: the dry run plans the seq10 run alone, with no dataset to prepare."""
    partial = tmp_path / "partial.yaml"
    partial.write_text("run: [seq10]\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for how in (["--configfile", str(partial)], ["--config", "run=[seq10]"]):
        dry = subprocess.run([sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--directory",
                              str(tmp_path / "work"), *how, "--cores", "2", "--dry-run", "--printshellcmds"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, timeout=300)
        assert dry.returncode == 0, dry.stdout[-3000:]
        assert planned_rules(dry) == ["all", "figure_seq10_nll", "table_classification", "table_depth_ablation",
                                      "table_language_models", "table_seq10", "table_summary", "train_seq10"]


def test_a_misspelled_key_in_a_partial_config_names_the_nearest(tmp_path):
    config = {"mnist": {"splt": {"valid": 10}}, "train": {"cnn": {"settings": {"optimizer": {"max_epoc": 1}}}}}
    run = snakemake(tmp_path, config, "--dry-run")
    assert run.returncode != 0
    assert "config.mnist: unknown key(s) 'splt' (did you mean 'split'?)" in run.stdout
    assert "config.train.cnn.settings.optimizer: unknown key(s) 'max_epoc' (did you mean 'max_epoch'?)" in run.stdout


@pytest.mark.slow
def test_a_billionwords_corpus_downloads_and_streams_through_the_workflow(tmp_path):
    """format: billionwords from a local mirror serving an archive in the benchmark's layout: the
    download rule fetches and checks it, preprocess_text streams it as nnlib.data does directly."""
    from nnlib.data import preprocess_billionwords
    root = tmp_path / "mirror"
    root.mkdir()
    archive = root / "benchmark.tar.gz"
    smoke_fixtures.billionwords_archive(archive)
    checksum = "sha256:" + file_digest(archive, "sha256")
    server = smoke_fixtures.serve(root)
    try:
        config = {"run": ["data/bw"], "corpora": {"bw": {
            "format": "billionwords", "mirrors": [f"http://127.0.0.1:{server.server_port}/"],
            "files": {"archive": {"name": archive.name, "checksum": checksum}},
            "subset": "small", "min_count": 3, "eos": "</S>", "unk": "<UNK>", "sentence_start": "<S>"}}}
        work = tmp_path / "work"
        assert "download" in planned_rules(snakemake(work, config, "--dry-run"))
        run = snakemake(work, config)
    finally:
        server.shutdown()
        server.server_close()
    assert run.returncode == 0, run.stdout[-3000:]
    assert (work / "resources/bw/benchmark.tar.gz").read_bytes() == archive.read_bytes()
    preprocess_billionwords(archive, tmp_path / "direct.h5", checksum, subset="small", sentence_start="<S>")
    made, direct = load_corpus(work / "results/data/bw.h5"), load_corpus(tmp_path / "direct.h5")
    assert made["vocab"] == direct["vocab"] and "<S>" in made["vocab"] and "</S>" in made["vocab"]
    for split in ("train", "valid", "test"):
        assert made[split].tolist() == direct[split].tolist(), split
    assert made["attrs"]["format"] == "billionwords" and len(made["train"]) < len(made["valid"])  # every 30th


def test_billionwords_is_configured_but_off_by_default_and_checked():
    namespace = {}
    exec(compile((ROOT / "workflow/rules/common.smk").read_text(), "common.smk", "exec"), namespace)
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    namespace["check_config"](config, str(ROOT / "workflow/schemas/config.schema.yaml"), ROOT)
    assert config["corpora"]["billionwords"]["format"] == "billionwords"
    assert "billionwords" not in namespace["selected_datasets"](config)  # nothing downloads it by default
    bad = copy.deepcopy(yaml.safe_load((ROOT / "config/config.yaml").read_text()))
    bad["corpora"]["billionwords"]["split"] = {"train": 0.8, "valid": 0.1, "test": 0.1}
    bad["corpora"]["ptb"]["subset"] = "tiny"
    with pytest.raises(Exception) as error:
        namespace["check_config"](bad, str(ROOT / "workflow/schemas/config.schema.yaml"), ROOT)
    assert "config.corpora.billionwords.split: a billionwords corpus is split as dp did" in str(error.value)
    assert "config.corpora.ptb: subset, sentence_start and an 'archive' file belong to format" in str(error.value)
