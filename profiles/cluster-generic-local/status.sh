#!/usr/bin/env bash
# Status command of the cluster-generic executor: print running, success or failed for a
# job id from submit.sh.
set -euo pipefail
jobs_dir=".snakemake/local-cluster"
job="$jobs_dir/$1"
exit_status() {
    if [ "$(cat "$job.exit")" = 0 ]; then echo success; else echo failed; fi
}
if [ -f "$job.exit" ]; then
    exit_status
elif kill -0 "$(cat "$job.pid")" 2>/dev/null; then
    echo running
elif [ -f "$job.exit" ]; then  # finished between the two checks above
    exit_status
else
    echo failed  # gone without an exit status: killed
fi
