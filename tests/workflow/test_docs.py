"""The documentation site (mkdocs.yml: the docs/ pages and the API from the docstrings) builds with
warnings as errors."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("mkdocstrings_handlers") is None,
                    reason="mkdocs and mkdocstrings-python are not installed (pip install -e '.[docs]')")
def test_the_docs_site_builds_strict(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                             str(ROOT / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-5000:]
    nn_page = (tmp_path / "site" / "api" / "nn" / "index.html").read_text()
    assert "SpatialConvolution" in nn_page and "LSTM" in nn_page
