#!/usr/bin/env bash
# Set up a virtual environment in .venv (if missing) and run the whole study with Snakemake.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f Snakefile ]; then
    echo "The study workflow (Snakefile) has not landed yet; nothing to run." >&2
    exit 1
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/snakemake --cores "${CORES:-8}" "$@"
