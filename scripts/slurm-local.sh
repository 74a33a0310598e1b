#!/usr/bin/env bash
# A single-node Slurm cluster for tests, in a folder of its own: its own munge key and socket, its own slurm.conf,
# state and spool, ports 6917/6918. Needs root (as on CI) and Debian's slurm-wlm and munge (installed if missing).
#   scripts/slurm-local.sh up DIR     start munged, slurmctld, slurmd; print "export SLURM_CONF=DIR/slurm.conf"
#   scripts/slurm-local.sh down DIR   stop exactly the daemons started in DIR (by their PID files)
set -euo pipefail
cmd=${1:?usage: slurm-local.sh up|down DIR}; dir=${2:?usage: slurm-local.sh up|down DIR}
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)

stop() { # kill the daemons whose PID files are in $dir
  for f in slurmd slurmctld munged; do
    if [ -s "$dir/$f.pid" ]; then kill "$(cat "$dir/$f.pid")" 2>/dev/null || true; fi
  done
  for i in $(seq 1 50); do
    alive=0
    for f in slurmd slurmctld munged; do
      [ -s "$dir/$f.pid" ] && kill -0 "$(cat "$dir/$f.pid")" 2>/dev/null && alive=1
    done
    [ $alive -eq 0 ] && break; sleep 0.1
  done
  for f in slurmd slurmctld munged; do
    [ -s "$dir/$f.pid" ] && kill -9 "$(cat "$dir/$f.pid")" 2>/dev/null || true; rm -f "$dir/$f.pid"
  done
}

if [ "$cmd" = down ]; then stop; exit 0; fi
[ "$cmd" = up ] || { echo "usage: slurm-local.sh up|down DIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "slurm-local.sh: needs root (slurmd runs jobs as their user)" >&2; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null
fi

host=$(hostname -s)
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
chmod 700 "$dir/munge"
[ -s "$dir/munge/munge.key" ] || { dd if=/dev/urandom of="$dir/munge/munge.key" bs=1 count=1024 status=none; chmod 400 "$dir/munge/munge.key"; }
munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"

cat > "$dir/slurm.conf" <<CONF
ClusterName=nnphys-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6917
SlurmdPort=6918
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MaxArraySize=10001
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for i in $(seq 1 100); do
  state=$(sinfo -h -o '%t' 2>/dev/null | head -1 || true)
  case "$state" in idle*|mix*|alloc*) break ;; down*|drain*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;; esac
  sleep 0.2
done
state=$(sinfo -h -o '%t' 2>/dev/null | head -1 || true)
case "$state" in idle*|mix*|alloc*) ;; *) echo "slurm-local.sh: the node did not come up (state '$state'); logs in $dir" >&2; stop; exit 1 ;; esac
echo "export SLURM_CONF=$dir/slurm.conf"
