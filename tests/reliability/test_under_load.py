"""Under load: the smoke workflow's training runs with --cores 8 on a 2-core machine (jobs side by
side, threads oversubscribed) end with the same metrics and weights as a quiet --cores 2 run
(rules get the same thread counts: min(declared, --cores))."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("train_workflow", ROOT / "tests/workflow/test_train_workflow.py")
train_workflow = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_workflow)

RUNS = ("mlp/relu", "depth/h1_student", "seq10/rnn", "rnnlm/ptb_lstm")


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror")
    train_workflow.smoke_fixtures.write_fixtures(root)
    server = train_workflow.smoke_fixtures.serve(root)
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_eight_cores_on_two_give_the_same_results_as_a_quiet_run(mirror, tmp_path):
    config = train_workflow.smoke_config(mirror)
    targets = [f"results/runs/{run}/model.h5" for run in RUNS]
    train_workflow.snakemake(tmp_path / "quiet", config, "--cores", "2", *targets)
    train_workflow.snakemake(tmp_path / "loaded", config, "--cores", "8", *targets)
    for run in RUNS:
        train_workflow.assert_same_run(tmp_path / "quiet/results/runs" / run, tmp_path / "loaded/results/runs" / run)
