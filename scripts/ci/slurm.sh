#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for testing the SLURM profile (tests/workflow/test_slurm.py).
#
#   bash scripts/ci/slurm.sh up [--no-install]   install the packages if missing (apt-get, as root), write the
#                                                configuration, start the daemons, wait until the node is idle
#   bash scripts/ci/slurm.sh down                stop the daemons this script started, remove its state folder
#   bash scripts/ci/slurm.sh status              exit 0 if the cluster answers (sinfo and sacct), 1 if not
#   bash scripts/ci/slurm.sh env                 print `export SLURM_CONF=...` for the clients
#
# Everything lives in one state folder ($NNLIB_SLURM_DIR, default /tmp/nnlib-slurm): the configuration
# (clients find it through SLURM_CONF), a munge key and socket of its own, a MariaDB data folder on
# 127.0.0.1:$NNLIB_SLURM_DB_PORT holding the accounting database, the daemons' pid files and logs.
# The one file outside it is a symlink /etc/slurm/slurm.conf -> $STATE/slurm.conf, made only where
# no slurm.conf is there and removed by `down`: inside a job, snakemake-executor-plugin-slurm-jobstep
# drops SLURM_* variables (SLURM_CONF too) before its `srun`, which then finds the configuration only
# at the default path, as on a real cluster. No system service is touched. Accounting runs as on real clusters
# (slurmctld -> slurmdbd -> MariaDB), since the executor plugin reads job states with sacct.
# The node is this machine (`hostname -s`, CPUs from nproc); ProctrackType=proctrack/linuxproc and
# TaskPlugin=task/none need no cgroups, so it runs in a container as root.
#
# Rerunning `up` is cheap: running daemons are left alone. Exit codes of `up`: 0 the cluster is up;
# 77 it cannot be had here (packages missing and not installable, or not root), with the reason on
# the last line of stderr (the test skips with it); anything else is a failure (see the logs named).
set -euo pipefail

STATE="${NNLIB_SLURM_DIR:-/tmp/nnlib-slurm}"
DB_PORT="${NNLIB_SLURM_DB_PORT:-3366}"
CLUSTER=nnlib
PACKAGES=(slurm-wlm slurmdbd munge mariadb-server)
export SLURM_CONF="$STATE/slurm.conf"
DEFAULT_CONF=/etc/slurm/slurm.conf
MUNGE_SOCKET="$STATE/munge/munge.socket.2"
DB_SOCKET="$STATE/mysqld.sock"

say() { echo "slurm.sh: $*" >&2; }
unavailable() { say "SLURM unavailable: $*"; exit 77; }
fail() {
    say "$1 (logs in $STATE/log)"
    tail -n 20 "$STATE"/log/*.log >&2 2>/dev/null || true
    exit 1
}

# alive NAME: the daemon NAME whose pid file is $STATE/NAME.pid is running (not a zombie, not
# another process that got its pid after it died)
alive() {
    local pid comm stat
    pid="$(cat "$STATE/$1.pid" 2>/dev/null)" || return 1
    [ -n "$pid" ] || return 1
    read -r comm stat < <(ps -o comm=,stat= -p "$pid") || return 1
    [ "$comm" = "$1" ] && [ "${stat:0:1}" != Z ]
}

# wait_for WHAT SECONDS COMMAND...: retry COMMAND every half second until it succeeds
wait_for() {
    local what="$1" seconds="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || fail "$what did not come up within ${seconds}s"
        sleep 0.5
    done
}

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || echo "$p"
    done
}

install_packages() {
    local missing
    missing="$(missing_packages | tr '\n' ' ')"
    [ -z "$missing" ] && return 0
    [ "${1:-}" = --no-install ] && unavailable "packages not installed: ${missing}(bash scripts/ci/slurm.sh up installs them as root)"
    command -v apt-get >/dev/null || unavailable "packages not installed: ${missing}and there is no apt-get"
    [ "$(id -u)" = 0 ] || unavailable "packages not installed: ${missing}and installing them needs root"
    local start=$SECONDS log="/tmp/nnlib-slurm-apt.log"
    say "installing ${missing}(once per machine; log in $log)"
    # the packages would start their system services (munge, mariadb, slurm*): a policy-rc.d
    # saying 101 keeps them off, where the machine has none of its own
    local policy=/usr/sbin/policy-rc.d ours=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && ours=1
    fi
    local status=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${PACKAGES[@]}"; } >"$log" 2>&1 || status=$?
    [ -z "$ours" ] || rm -f "$policy"
    if [ "$status" != 0 ]; then
        tail -n 5 "$log" >&2
        unavailable "apt-get could not install ${missing}(see $log)"
    fi
    say "installed in $((SECONDS - start))s"
}

write_config() {
    local host cpus memory
    host="$(hostname -s)"
    cpus="$(nproc)"
    # slurmd -C reports the memory slurmd will find; configuring more would drain the node
    memory="$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')"
    mkdir -p "$STATE"/{munge,ctld,spool,log}
    chmod 755 "$STATE/munge"  # munged wants its socket reachable; the key itself is 0600
    cat >"$STATE/slurm.conf" <<EOF
# Written by scripts/ci/slurm.sh: a one-node cluster for tests.
ClusterName=$CLUSTER
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=600
JobAcctGatherType=jobacct_gather/linux
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
# connections to slurmdbd take their munge socket from here, not from AuthInfo
AccountingStoragePass=$MUNGE_SOCKET
AccountingStorageEnforce=associations
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    if [ "$(readlink "$DEFAULT_CONF" 2>/dev/null)" != "$SLURM_CONF" ]; then
        if [ -e "$DEFAULT_CONF" ] || [ -L "$DEFAULT_CONF" ]; then
            unavailable "$DEFAULT_CONF exists: this machine has a SLURM configuration of its own"
        fi
        mkdir -p "$(dirname "$DEFAULT_CONF")"
        ln -s "$SLURM_CONF" "$DEFAULT_CONF"
    fi
    (
        umask 077
        cat >"$STATE/slurmdbd.conf" <<EOF
# Written by scripts/ci/slurm.sh: accounting for the one-node test cluster.
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
DbdHost=localhost
DbdAddr=127.0.0.1
SlurmUser=root
PidFile=$STATE/slurmdbd.pid
LogFile=$STATE/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=slurm
StorageLoc=slurm_acct_db
EOF
    )
}

start_munge() {
    alive munged && return 0
    [ -s "$STATE/munge/munge.key" ] || (umask 077 && dd if=/dev/urandom of="$STATE/munge/munge.key" bs=1024 count=1 status=none)
    munged --force --key-file="$STATE/munge/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$STATE/munged.pid" \
        --log-file="$STATE/log/munged.log" --seed-file="$STATE/munge/munged.seed"
    wait_for munged 20 bash -c "munge -n -S '$MUNGE_SOCKET' | unmunge -S '$MUNGE_SOCKET'"
}

db() { mariadb --no-defaults --socket="$DB_SOCKET" -u root "$@"; }

start_mariadb() {
    alive mariadbd && return 0
    if [ ! -d "$STATE/mysql" ]; then  # made aside and moved, so an interrupted `up` leaves no half of it
        rm -rf "$STATE/mysql.new"
        mariadb-install-db --no-defaults --user=root --datadir="$STATE/mysql.new" >"$STATE/log/mariadb-install.log" 2>&1 ||
            fail "mariadb-install-db failed"
        mv "$STATE/mysql.new" "$STATE/mysql"
    fi
    nohup mariadbd --no-defaults --user=root --datadir="$STATE/mysql" --socket="$DB_SOCKET" --port="$DB_PORT" \
        --bind-address=127.0.0.1 --pid-file="$STATE/mariadbd.pid" --log-error="$STATE/log/mariadbd.log" \
        --innodb-buffer-pool-size=64M --innodb-lock-wait-timeout=900 </dev/null >/dev/null 2>&1 &
    wait_for mariadbd 60 db -e "SELECT 1"
    db -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
           CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY 'slurm';
           CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurm';
           GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
           GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"
}

start_slurmdbd() {
    alive slurmdbd && return 0
    slurmdbd  # reads slurmdbd.conf beside $SLURM_CONF
    wait_for slurmdbd 60 sacctmgr -n show cluster
    # adding the cluster gives it the root account with root's association, which
    # AccountingStorageEnforce=associations asks of every job (tests submit as root)
    if [ -z "$(sacctmgr -n show cluster "$CLUSTER" format=cluster)" ]; then
        sacctmgr -i add cluster "$CLUSTER" >/dev/null
    fi
}

node_idle() {
    local host state
    host="$(hostname -s)"
    state="$(sinfo -h -n "$host" -o %t)"
    case "$state" in
        idle | mix | alloc) return 0 ;;
        down* | drain* | drng*) scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
    esac
    return 1
}

up() {
    install_packages "${1:-}"
    [ "$(id -u)" = 0 ] || unavailable "starting slurmctld, slurmd and munged as configured here needs root"
    write_config
    start_munge
    start_mariadb
    start_slurmdbd
    alive slurmctld || slurmctld -i
    wait_for slurmctld 60 scontrol ping
    alive slurmd || slurmd
    wait_for "the node (sinfo: idle)" 60 node_idle
    wait_for sacct 30 sacct -n -X
    say "up: $(sinfo -h -o '%P %D node(s) %c CPUs %m MB %t'); export SLURM_CONF=$SLURM_CONF"
}

stop() {
    local name="$1" pid
    pid="$(cat "$STATE/$name.pid" 2>/dev/null)" || return 0
    if alive "$name"; then
        kill "$pid"
        for _ in $(seq 60); do alive "$name" || return 0; sleep 0.5; done
        say "$name ($pid) did not stop in 30s; killing it"
        kill -9 "$pid" 2>/dev/null || true
    fi
}

down() {
    [ -d "$STATE" ] || return 0
    if alive slurmctld; then scancel --user=root 2>/dev/null || true; fi
    stop slurmd
    stop slurmctld
    stop slurmdbd
    stop mariadbd
    stop munged
    if [ "$(readlink "$DEFAULT_CONF" 2>/dev/null)" = "$SLURM_CONF" ]; then rm -f "$DEFAULT_CONF"; fi
    rm -rf "$STATE"
    say "down"
}

status() {
    [ -f "$SLURM_CONF" ] && alive slurmctld && alive slurmd && alive slurmdbd &&
        sinfo -h >/dev/null 2>&1 && sacct -n -X >/dev/null 2>&1
}

case "${1:-}" in
    up) up "${2:-}" ;;
    down) down ;;
    status) status ;;
    env) echo "export SLURM_CONF=$SLURM_CONF" ;;
    *) echo "usage: $0 up [--no-install] | down | status | env" >&2; exit 2 ;;
esac
