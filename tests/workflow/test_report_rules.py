"""workflow/rules/report.smk end to end on synthetic run folders: every table, figure and the HTML report."""
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nnlib

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))
import report_figures as rf  # noqa: E402
import report_tables as rt  # noqa: E402
from synthetic_runs import (CLASSIFICATION_RUNS, CNN_WEIGHT_SHAPE, LANGUAGE_MODEL_RUNS, N_RUNS,  # noqa: E402
                            SEQ10_RUNS, make_study, png_size, write_cnn_model)

FIGURES = {
    "learning_curves/mlp/relu.png": "learning_curves",
    "learning_curves/depth/h3_student.png": "learning_curves",
    "learning_curves/cnn/lenet.png": "learning_curves",
    "learning_curves/rnnlm/ptb_bilstm_tree.png": "learning_curves",
    "depth_ablation.png": "depth_ablation",
    "cnn/lenet/confusion_matrix.png": "confusion_matrix",
    "cnn/lenet/misclassified.png": "misclassified",
    "cnn/lenet/conv_filters.png": "conv_filters",
    "seq10_nll.png": "seq10_nll",
    "lm_perplexity.png": "lm_perplexity",
}


def write_snakefile(workdir, between=""):
    """A Snakefile like the study's: common.smk, then `between`, then report.smk, and `rule all`."""
    rules = Path(os.path.relpath(ROOT / "workflow" / "rules", workdir))
    (workdir / "Snakefile").write_text(
        f'include: "{rules / "common.smk"}"\n\n{between}\n'
        f'include: "{rules / "report.smk"}"\n\n\n'
        'rule all:\n    input:\n        TARGETS,\n    default_target: True\n')


def snakemake(workdir, *args):
    """Run Snakemake in `workdir` with this repository's nnlib importable; fail with its output."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", *args], cwd=workdir, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"snakemake {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(nnlib, "save"), reason="the CNN's model.h5 needs nnlib.save (branch optim-io)")
def test_report_rules_build_every_table_figure_and_the_html_report(tmp_path):
    make_study(tmp_path)
    write_cnn_model(tmp_path, np.random.default_rng(0).normal(size=CNN_WEIGHT_SHAPE).astype(np.float32))
    write_snakefile(tmp_path)
    snakemake(tmp_path)

    tables = tmp_path / "results" / "tables"
    expected_rows = {"classification": 7, "depth_ablation": 4, "language_models": 3, "seq10": len(SEQ10_RUNS)}
    columns = {"classification": rt.CLASSIFICATION_COLUMNS, "depth_ablation": rt.DEPTH_COLUMNS,
               "language_models": rt.LANGUAGE_MODEL_COLUMNS, "seq10": rt.SEQ10_COLUMNS}
    assert sum(expected_rows.values()) == N_RUNS + 4  # depth runs appear in both MNIST tables
    for name, rows in expected_rows.items():
        table = pd.read_csv(tables / f"{name}.csv")
        assert list(table.columns) == columns[name] and len(table) == rows, name
        assert (tables / f"{name}.md").read_text().startswith("|"), name
        assert (tables / f"{name}.html").read_text().count("<tr") == 1 + rows, name
    assert (tables / "summary.md").read_text().startswith("# Study summary")
    assert "<h1>Study summary</h1>" in (tables / "summary.html").read_text()

    figures = tmp_path / "results" / "figures"
    made = {str(p.relative_to(figures)) for p in figures.rglob("*.png")}
    curves = {f"learning_curves/{e}/{v}.png" for e, v in [*CLASSIFICATION_RUNS, *LANGUAGE_MODEL_RUNS]}
    assert made == curves | set(FIGURES)
    for path, name in FIGURES.items():
        assert (figures / path).stat().st_size > 1000, path
        assert png_size(figures / path) == rf.pixel_size(name), path

    assert "<pre>the sample of shakespeare_gru says hello" in (figures / "lm_samples.html").read_text()

    snakemake(tmp_path, "--report", "results/report.html")
    html = (tmp_path / "results" / "report.html").read_text()
    assert len(html) > 10_000 and "summary.html" in html and "conv_filters.png" in html


def test_report_rules_cover_the_runs_report_runs_lists(tmp_path):
    make_study(tmp_path)  # folders on disk that report_runs leaves out are not reported
    write_snakefile(tmp_path, 'def report_runs():\n    return ["results/runs/mlp/relu", "results/runs/cnn/lenet"]\n')
    (tmp_path / "results" / "runs" / "cnn" / "lenet" / "model.h5").write_bytes(b"")
    dry_run = snakemake(tmp_path, "--dry-run").stdout
    jobs = dict(re.findall(r"^(\w+)\s+(\d+)$", dry_run, re.M))
    assert jobs["figure_learning_curves"] == "2" and jobs["figure_conv_filters"] == "1"
    assert "figure_lm_perplexity" not in jobs and "figure_depth_ablation" not in jobs


def test_report_rules_pass_snakemake_lint(tmp_path):
    write_snakefile(tmp_path)
    result = subprocess.run([sys.executable, "-m", "snakemake", "--lint"], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert result.returncode == 0 and "Congratulations" in result.stdout, result.stdout[-3000:]


def test_a_run_folder_breaking_the_contract_fails_its_table_rule_with_the_reason(tmp_path):
    make_study(tmp_path)
    metrics = tmp_path / "results" / "runs" / "seq10" / "rnn" / "metrics.csv"
    metrics.write_text(metrics.read_text().replace("nll", "loss", 1))
    write_snakefile(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "1", "results/tables/seq10.csv"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "rule table_seq10: load_run:" in result.stdout + result.stderr
    log = (tmp_path / "logs" / "report" / "table_seq10.log").read_text()
    assert "seq10/rnn/metrics.csv has columns" in log and "must write" in log
