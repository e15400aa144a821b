"""profiles/cluster-generic-local runs a toy workflow with every job as its own process."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "cluster-generic-local"

TOY_SNAKEFILE = """
import os

localrules: gather


rule gather:
    input:
        expand("parts/{n}.txt", n=range(3)),
    output:
        "all.txt",
    threads: 1
    resources:
        mem_mb=100,
        runtime=1,
    shell:
        "cat {input} > {output}"


rule part:
    output:
        "parts/{n}.txt",
    threads: 1
    resources:
        mem_mb=100,
        runtime=1,
    run:
        with open(output[0], "w") as f:
            f.write(f"{wildcards.n} {os.getsid(0)}\\n")


rule fails:
    output:
        "never.txt",
    threads: 1
    resources:
        mem_mb=100,
        runtime=1,
    shell:
        "exit 3"
"""

needs_plugin = pytest.mark.skipif(
    importlib.util.find_spec("snakemake_executor_plugin_cluster_generic") is None,
    reason="snakemake-executor-plugin-cluster-generic is not installed (pyproject.toml lists it; pip install -e .)")


def run_profile(workdir, *targets):
    return subprocess.run([sys.executable, "-m", "snakemake", "--profile", str(PROFILE), *targets],
                          cwd=workdir, capture_output=True, text=True, timeout=300)


@needs_plugin
@pytest.mark.slow
def test_cluster_generic_local_profile_runs_each_job_as_a_separate_process(tmp_path):
    (tmp_path / "Snakefile").write_text(TOY_SNAKEFILE)
    result = run_profile(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    parts = [line.split() for line in (tmp_path / "all.txt").read_text().splitlines()]
    assert [n for n, _ in parts] == ["0", "1", "2"]
    sessions = {int(sid) for _, sid in parts}  # submit.sh starts each job in a session of its own,
    assert len(sessions) == 3 and os.getsid(0) not in sessions  # detached from Snakemake like a batch job
    jobs = sorted((tmp_path / ".snakemake" / "local-cluster").glob("*.exit"))
    assert len(jobs) == 3 and all(job.read_text().strip() == "0" for job in jobs)  # gather is a localrule
    log = result.stdout + result.stderr
    assert log.count("with external jobid") == 3


@needs_plugin
@pytest.mark.slow
def test_cluster_generic_local_profile_reports_a_failed_job(tmp_path):
    (tmp_path / "Snakefile").write_text(TOY_SNAKEFILE)
    result = run_profile(tmp_path, "never.txt")
    assert result.returncode != 0
    (exit_file,) = (tmp_path / ".snakemake" / "local-cluster").glob("*.exit")
    assert exit_file.read_text().strip() != "0"
    assert "Error in rule fails" in result.stdout + result.stderr
