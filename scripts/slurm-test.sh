#!/usr/bin/env bash
# End-to-end scale-out test on a real single-node Slurm cluster (scripts/slurm-local.sh; root, as on CI):
#   1. a 4-task `ensemble correlators --slurm 4` merged equals one process (all streams as shard 0/1) to 1e-12;
#   2. a task cancelled mid-run (scancel JOB_2) is reported by index, and --slurm-resubmit-failed reruns only it;
#   3. a merge of a partial shard set is refused.
# Ends with "slurm-test: N passed, N failed"; stops the daemons it started (by PID) whatever happens.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh" || exit 1
command -v python3 >/dev/null && /usr/bin/python3 -c 'import numpy' 2>/dev/null || \
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-numpy >/dev/null
work=$(mktemp -d /tmp/nnphys-slurm-test.XXXXXX)
trap '"$root/scripts/slurm-local.sh" down "$work/cluster"; rm -rf "$work"' EXIT
eval "$("$root/scripts/slurm-local.sh" up "$work/cluster")" || { echo "slurm-test: 0 passed, 1 failed (cluster did not start)"; exit 1; }
export CI=true
nnphys() { dotnet "$root/artifacts/cli/NnPhys.Cli.dll" "$@"; }
passed=0; failed=0
check() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "ok: $2"; else failed=$((failed + 1)); echo "FAILED: $2"; fi; }
same_arrays() { # same_arrays RUN_A RUN_B: every array of A equals B's to 1e-12 of its scale (standard errors 1e-9)
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, os, numpy as np
a, b = sys.argv[1], sys.argv[2]
names = sorted(f for f in os.listdir(os.path.join(a, "arrays")) if f.endswith(".npy"))
assert "connected.npy" in names, names
worst = 0.0
for n in names:
    x, y = np.load(os.path.join(a, "arrays", n)), np.load(os.path.join(b, "arrays", n))
    scale = np.nanmax(np.abs(x)) or 1.0
    d = np.nanmax(np.abs(x - y)) / scale
    tol = 1e-9 if n.endswith("_se.npy") else 1e-12
    if not d <= tol: print(f"{n}: relative difference {d:.2e} > {tol}"); sys.exit(1)
    if not n.endswith("_se.npy"): worst = max(worst, d)
print(f"largest relative difference of the merged estimates: {worst:.1e}")
PY
}
opts=(--arch gauss-net --width 3 --samples 400000 --neuron-samples 2000 --seed 7)

# 1. merged array equals one process
t0=$(date +%s.%N)
nnphys ensemble correlators "${opts[@]}" --shard 0/1 --out "$work/single" >/dev/null 2>"$work/single.err" \
  && nnphys ensemble merge "$work/single/shard-0-of-1.json" --out "$work/single-merged" >/dev/null 2>>"$work/single.err"
t1=$(date +%s.%N)
nnphys ensemble correlators "${opts[@]}" --slurm 4 --slurm-poll 0.5 --out "$work/array" >/dev/null 2>"$work/array.err"
rc=$?; t2=$(date +%s.%N)
[ $rc -eq 0 ] && same_arrays "$work/single-merged" "$work/array"; check $? "4-task Slurm array merged equals one process"
echo "timing: one process $(echo "$t1 - $t0" | bc) s, 4-task array (submit, run, poll, merge) $(echo "$t2 - $t1" | bc) s"

# 2. a task cancelled mid-run is reported and resubmitted alone
big=(--arch gauss-net --width 3 --samples 8000000 --neuron-samples 2000 --seed 7)
nnphys ensemble correlators "${big[@]}" --slurm 4 --slurm-poll 0.5 --out "$work/killed" >"$work/killed.out" 2>"$work/killed.err" &
waiter=$!
job=""
for i in $(seq 1 300); do
  [ -s "$work/killed/scale-out/job.json" ] && job=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["submissions"][0]["job_id"])' "$work/killed/scale-out/job.json") && \
    squeue -h -r -j "$job" -o '%K %T' 2>/dev/null | grep -q '^2 RUNNING' && break
  sleep 0.2
done
sleep 1; scancel "${job}_2"
wait $waiter; rc=$?
[ $rc -eq 2 ] && grep -q "task 2: no exit code" "$work/killed.err" && grep -q -- "--slurm-resubmit-failed" "$work/killed.err"
check $? "cancelled task 2 reported by index with the resubmit command (exit $rc)"
nnphys ensemble correlators "${big[@]}" --slurm 4 --slurm-poll 0.5 --slurm-resubmit-failed --out "$work/killed" --json >"$work/resubmit.json" 2>"$work/resubmit.err"
rc=$?
[ $rc -eq 0 ] && /usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["scale_out_resubmitted_tasks"]==1 and m["samples"]==8000000, m' "$work/resubmit.json"
check $? "--slurm-resubmit-failed reran only task 2 and merged all 8000000 samples"

# 3. a partial shard set is not merged
nnphys ensemble merge "$work/array/shards/shard-0/shard-0-of-4.json" --out "$work/partial" >/dev/null 2>"$work/partial.err"
rc=$?
[ $rc -ne 0 ] && grep -qi "missing\|lacks\|partial" "$work/partial.err"; check $? "merge of shard 0 of 4 alone is refused (exit $rc: $(head -c 200 "$work/partial.err"))"

echo "slurm-test: $passed passed, $failed failed"
[ $failed -eq 0 ]
