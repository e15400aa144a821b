#!/usr/bin/env bash
# Set up a virtual environment in .venv (if missing) with the project and its test extra (the
# workflow extra, PyTorch CPU for the reference tests, pytest), then run the whole test suite.
# Arguments go to pytest, e.g. `bash scripts/test.sh tests/nn -x`. The tests run in parallel, one pytest-xdist
# worker per core up to four (`-n 0` runs them in this process).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
# torch==2.13.0 resolves to the CPU build (2.13.0+cpu) where pip finds it (index or --find-links);
# refuse a CUDA build rather than pull gigabytes of GPU libraries into CI.
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/python -c 'import torch, sys; sys.exit(f"torch {torch.__version__} is a CUDA build; install the CPU one (torch==2.13.0+cpu)" if torch.version.cuda else 0)'
exec .venv/bin/python -m pytest -n auto --maxprocesses 4 --dist worksteal "$@"
