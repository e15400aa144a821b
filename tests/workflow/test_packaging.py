"""The package as users get it: a wheel that `twine check` accepts, a bare install that needs no
Snakemake, and a library that imports none of the workflow's packages."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW_ONLY = ("pandas", "matplotlib", "snakemake", "yaml", "tqdm", "jsonschema", "tabulate", "torch")


def test_importing_the_library_loads_no_workflow_package():
    # numba itself imports yaml when it is installed (for .numba_config.yaml), so the check is
    # which of these modules nnlib's own import adds on top of numba's.
    code = textwrap.dedent(f"""
        import sys
        import numba
        before = set(sys.modules)
        import nnlib
        from nnlib import nn, optim, models, experiment, data, torch7
        added = {{m.split(".")[0] for m in set(sys.modules) - before}}
        print(sorted(added & set({WORKFLOW_ONLY!r})))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from this checkout (the installed setuptools, no network)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=300)
    wheels = list(dist.glob("nnlib-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_the_wheel_passes_twine_check(wheel):
    out = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "PASSED" in out.stdout, out.stdout + out.stderr


@pytest.mark.slow
def test_a_bare_install_imports_without_the_workflow_packages(wheel, tmp_path):
    """`pip install nnlib` into a fresh venv: numpy, numba, h5py, threadpoolctl only (from pip's
    cache or index), then the library works and nothing of the workflow came along. pip runs
    outside the checkout and without PYTHONPATH: it would take the checkout's nnlib.egg-info for an
    installed nnlib."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                              str(wheel)], capture_output=True, text=True, timeout=540, cwd=tmp_path, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    code = textwrap.dedent(f"""
        import importlib.util, numpy as np
        import nnlib
        from nnlib import nn
        model = nn.Sequential(nn.Linear(3, 2), nn.LogSoftMax())
        out = model.forward(np.ones((4, 3), np.float32))
        assert out.shape == (4, 2)
        print([m for m in {WORKFLOW_ONLY!r} if importlib.util.find_spec(m) is not None])
    """)
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
