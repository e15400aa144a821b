#!/usr/bin/env bash
# Set up a virtual environment in .venv (if missing) with the project and its workflow extra, then
# run the study with Snakemake (profiles/default: all cores). Arguments go to snakemake, e.g.
#   bash scripts/study.sh --configfile config/demo.yaml     # the small offline demo (minutes)
#   bash scripts/study.sh -n                                 # dry run of the full study
#   CORES=2 bash scripts/study.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet -e '.[workflow]'
exec .venv/bin/snakemake ${CORES:+--cores "$CORES"} "$@"
