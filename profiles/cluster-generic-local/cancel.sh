#!/usr/bin/env bash
# Cancel command of the cluster-generic executor: terminate the process groups of the
# given job ids from submit.sh (each job runs in its own session).
jobs_dir=".snakemake/local-cluster"
for jobid in "$@"; do
    kill -TERM -- "-$(cat "$jobs_dir/$jobid.pid")" 2>/dev/null || true
done
