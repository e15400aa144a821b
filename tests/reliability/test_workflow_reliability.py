"""The workflow under attack: a forced download rerun with every mirror down keeps the verified data
(issue 23, finding 2), and a second snakemake in the same folder is refused by the lock while the
first one finishes its work intact."""
import functools
import http.server
import importlib.util
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from nnlib.data import file_digest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("smoke_fixtures", ROOT / "tests/workflow/smoke_fixtures.py")
smoke_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke_fixtures)
_spec = importlib.util.spec_from_file_location("data_workflow", ROOT / "tests/workflow/test_data_workflow.py")
data_workflow = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(data_workflow)

TARGET = "resources/mnist/train-labels-idx1-ubyte"


class _HeldHandler(http.server.SimpleHTTPRequestHandler):
    """Answers once `release` is set (so a first snakemake holds its lock while a second one starts)."""

    release = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.release.wait(120)
        super().do_GET()


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror")
    files = smoke_fixtures.write_fixtures(root)
    release = threading.Event()
    release.set()
    handler = type("Handler", (_HeldHandler,), {"release": release})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield files, f"http://127.0.0.1:{server.server_port}/", release
    release.set()
    server.shutdown()
    server.server_close()


def _start(workdir, config, *args):
    configfile = workdir / "test-config.yaml"
    configfile.write_text(yaml.safe_dump(config, sort_keys=False))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--directory", str(workdir),
           "--configfile", str(configfile), "--cores", "2", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


@pytest.mark.slow
def test_a_forced_download_rerun_with_every_mirror_down_keeps_the_verified_file(mirror, tmp_path):
    files, base, _ = mirror
    config = data_workflow.smoke_config(base)
    run = data_workflow.snakemake(tmp_path, config, TARGET)
    assert run.returncode == 0, run.stdout
    for section in [config["mnist"], *config["corpora"].values()]:
        section["mirrors"] = ["http://127.0.0.1:9/"]  # nothing listens there
    again = data_workflow.snakemake(tmp_path, config, TARGET, "--forcerun", "download")
    assert again.returncode == 0, again.stdout
    assert "Forced execution" in again.stdout or "forcerun" in again.stdout.lower(), again.stdout
    expected = file_digest(files["mnist/train-labels-idx1-ubyte"])
    assert file_digest(tmp_path / TARGET) == expected


@pytest.mark.slow
def test_a_second_snakemake_in_the_same_folder_is_refused_by_the_lock(mirror, tmp_path):
    files, base, release = mirror
    config = data_workflow.smoke_config(base)
    config["download"] = {**config["download"], "timeout": 120}  # the held mirror is not a stalled one
    release.clear()
    try:
        first = _start(tmp_path, config, TARGET)
        locks, deadline = tmp_path / ".snakemake" / "locks", time.monotonic() + 120
        while not (locks.exists() and any(locks.iterdir())):
            assert first.poll() is None and time.monotonic() < deadline, first.stdout.read()
            time.sleep(0.05)
        second = _start(tmp_path, config, TARGET)
        out, _ = second.communicate(timeout=300)
        assert second.returncode != 0 and "cannot be locked" in out, out
        assert first.poll() is None  # still holding its lock, its download waiting on the mirror
    finally:
        release.set()
    out, _ = first.communicate(timeout=300)
    assert first.returncode == 0, out
    assert file_digest(tmp_path / TARGET) == file_digest(files["mnist/train-labels-idx1-ubyte"])
