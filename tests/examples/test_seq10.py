import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_example_prints_the_summed_nll_per_iteration():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "seq10.py"), "--iterations", "1200"],
                            env=env, capture_output=True, text=True, timeout=300, check=True)
    lines = result.stdout.splitlines()
    assert len(lines) == 1201
    assert lines[0].startswith("Iteration 1 ; NLL err = ")
    assert float(lines[-2].split("= ")[1]) < 0.1
    assert "next-number accuracy 100%" in lines[-1]
