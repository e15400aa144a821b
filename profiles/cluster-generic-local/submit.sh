#!/usr/bin/env bash
# Submit command of the cluster-generic executor, without a cluster: start the job script
# as a separate background process in its own session (as a batch system would start it on
# a node; the job re-reads the Snakefile) and print a job id. Job state lives in
# .snakemake/local-cluster/<id>.{pid,log,exit} under the working directory.
set -euo pipefail
jobscript="$1"
jobs_dir=".snakemake/local-cluster"
mkdir -p "$jobs_dir"
jobid="$(date +%s%N)-$$"
nohup setsid bash -c '/bin/sh "$1"; echo $? > "$2.exit.tmp"; mv "$2.exit.tmp" "$2.exit"' \
    local-job "$jobscript" "$jobs_dir/$jobid" > "$jobs_dir/$jobid.log" 2>&1 < /dev/null &
echo $! > "$jobs_dir/$jobid.pid"
echo "$jobid"
