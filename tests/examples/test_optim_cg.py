import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_example_runs_and_prints_the_evaluations():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "optim_cg.py")], env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("function evaluations: ")
    assert 0 < int(lines[0].split(": ")[1]) <= 125
    assert lines[1] == "x = [1. 1.]"
    assert float(lines[-1].split()[1]) < 1e-12
