#!/usr/bin/env bash
# Mutation testing with Stryker.NET, scoped to one library folder.
#
#   scripts/mutation-test.sh FOLDER [extra stryker args...]
#
# Mutates only src/NnPhys/FOLDER/**/*.cs, runs only the tests in namespace
# NnPhys.Tests.FOLDER (tests/NnPhys.Tests/FOLDER) against each mutant, with
# per-test coverage analysis (each mutant runs only the tests that reach it),
# and writes html + json reports to artifacts/mutation/FOLDER/.
# Prints "mutation score FOLDER: X%" at the end.
#
# Slices: MUTATION_SLICES=N splits the folder's files into N groups of about
# equal line count and runs Stryker once per group, one after another, into
# artifacts/mutation/FOLDER/slice-K/. The score printed at the end is computed
# over all slices together (the per-status counts of the slice reports summed),
# i.e. the same number one whole-folder run gives; slices only make the run
# resumable and give partial results early. With MUTATION_RESUME=1, slices whose
# report already exists (same file list) are not run again. MUTATION_MERGE_ONLY=1
# only merges the existing slice reports.
#
# Environment: STRYKER_VERSION (default 5.1.0), MUTATION_CONCURRENCY (default 2),
# MUTATION_FILTER to override the test-case filter (e.g. to use the whole suite),
# MUTATION_EXCLUDE: space-separated paths relative to src/NnPhys/FOLDER not to
# mutate (e.g. "OpenBlas.cs GemmBenchmark.cs"), MUTATION_SLICES, MUTATION_RESUME,
# MUTATION_MERGE_ONLY (see above).
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: $0 FOLDER [extra stryker args...]   (FOLDER under src/NnPhys, e.g. IO, Numerics)" >&2
  exit 2
fi
folder="${1%/}"; shift

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/src/NnPhys"
tests="$root/tests/NnPhys.Tests"
if [[ ! -d "$src/$folder" ]]; then
  echo "no such library folder: src/NnPhys/$folder" >&2
  exit 2
fi

export PATH="$PATH:$HOME/.dotnet/tools"
version="${STRYKER_VERSION:-5.1.0}"
if ! command -v dotnet-stryker >/dev/null 2>&1; then
  echo "installing dotnet-stryker $version (global tool)" >&2
  dotnet tool install -g dotnet-stryker --version "$version" >&2
fi

# Tests for folder X live in tests/NnPhys.Tests/X with namespace NnPhys.Tests.X[.*].
# If there is no such folder, fall back to the whole test project.
if [[ -n "${MUTATION_FILTER+x}" ]]; then
  filter="$MUTATION_FILTER"
elif [[ -d "$tests/$folder" ]]; then
  filter="FullyQualifiedName~NnPhys.Tests.${folder//\//.}."
else
  echo "warning: no tests/NnPhys.Tests/$folder; running the whole test project" >&2
  filter=""
fi

out="$root/artifacts/mutation/$folder"
mkdir -p "$out"
slices="${MUTATION_SLICES:-1}"
excludes=(${MUTATION_EXCLUDE:-})

# per-test coverage analysis (Stryker.NET's default, set explicitly; it is a config-file option only):
# each mutant runs only the tests that executed its code in the initial coverage run.
cat > "$out/stryker-config.json" <<'JSON'
{ "stryker-config": { "coverage-analysis": "perTest" } }
JSON
common=(
  --config-file "$out/stryker-config.json"
  --project NnPhys.csproj
  --concurrency "${MUTATION_CONCURRENCY:-2}"
  --reporter html --reporter json --reporter progress
  --skip-version-check
)
[[ -n "$filter" ]] && common+=(--test-case-filter "$filter")

rc=0
if [[ "$slices" -le 1 && ${#excludes[@]} -eq 0 && -z "${MUTATION_MERGE_ONLY:-}" ]]; then
  # one run over the whole folder, as before
  echo "stryker: mutate src/NnPhys/$folder/**/*.cs, tests filter '${filter:-<all>}', output $out" >&2
  echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/timing.txt"
  cd "$tests"
  set +e
  for attempt in 1 2 3; do # Buildalyzer sometimes fails with "Could not find build environment" under load: retry
    dotnet stryker "${common[@]}" --mutate "**/src/NnPhys/$folder/**/*.cs" --output "$out" "$@" 2>&1 | tee "$out/stryker.log"
    rc=${PIPESTATUS[0]}
    grep -q "Could not find build environment" "$out/stryker.log" || break
    echo "stryker: build environment not found (attempt $attempt); retrying" >&2
  done
  set -e
  echo "end   $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/timing.txt"
  reports=("$(find "$out" -maxdepth 3 -name 'mutation-report.json' -newer "$out/stryker.log" 2>/dev/null | head -n 1)")
else
  # slices: the folder's files (minus MUTATION_EXCLUDE), split greedily by line count
  mapfile -t plan < <(cd "$src/$folder" && python3 - "$slices" "${excludes[@]}" <<'PY'
import os, sys
n = int(sys.argv[1]); excl = set(sys.argv[2:])
files = []
for d, _, fs in os.walk("."):
    for f in fs:
        if f.endswith(".cs"):
            p = os.path.normpath(os.path.join(d, f))
            if p not in excl:
                files.append((sum(1 for _ in open(p, encoding="utf-8", errors="replace")), p))
for p in excl:
    if not os.path.exists(p): sys.stderr.write(f"warning: MUTATION_EXCLUDE {p} does not exist\n")
groups = [[0, []] for _ in range(max(1, n))]
for lines, p in sorted(files, reverse=True):
    g = min(groups, key=lambda g: g[0]); g[0] += lines; g[1].append(p)
for _, ps in groups:
    if ps: print(" ".join(sorted(ps)))
PY
)
  k=0
  for group in "${plan[@]}"; do
    k=$((k + 1))
    sdir="$out/slice-$k"
    mkdir -p "$sdir"
    if [[ -n "${MUTATION_MERGE_ONLY:-}" ]]; then continue; fi
    if [[ -n "${MUTATION_RESUME:-}" && -f "$sdir/files.txt" && "$(cat "$sdir/files.txt")" == "$group" ]] \
       && find "$sdir" -name 'mutation-report.json' -newer "$sdir/stryker.log" | grep -q .; then
      echo "slice $k/${#plan[@]}: report exists, skipped" >&2; continue
    fi
    echo "$group" > "$sdir/files.txt"
    margs=()
    for f in $group; do margs+=(--mutate "**/src/NnPhys/$folder/$f"); done
    echo "stryker slice $k/${#plan[@]}: $group; tests filter '${filter:-<all>}', output $sdir" >&2
    echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$sdir/timing.txt"
    (
      cd "$tests"
      set +e
      for attempt in 1 2 3; do # retry Buildalyzer's "Could not find build environment" (seen under load)
        dotnet stryker "${common[@]}" "${margs[@]}" --output "$sdir" "$@" > "$sdir/stryker.log" 2>&1
        echo $? > "$sdir/rc"
        grep -q "Could not find build environment" "$sdir/stryker.log" || break
      done
    )
    echo "end   $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$sdir/timing.txt"
    src_rc="$(cat "$sdir/rc")"; [[ "$src_rc" != 0 ]] && rc="$src_rc"
    grep -E 'final mutation score|mutants? (created|tested)' "$sdir/stryker.log" | tail -n 3 >&2 || true
  done
  reports=()
  for ((j = 1; j <= ${#plan[@]}; j++)); do
    r="$(find "$out/slice-$j" -name 'mutation-report.json' -newer "$out/slice-$j/stryker.log" 2>/dev/null | head -n 1 || true)"
    if [[ -n "$r" ]]; then reports+=("$r"); else echo "slice $j: no report (not run, or stopped)" >&2; fi
  done
fi

# Score from the json reports (mutation-testing-elements schema), as Stryker
# computes it: (Killed + Timeout) / (Killed + Timeout + Survived + NoCoverage);
# Ignored and CompileError mutants are not counted. Over slices, each mutant is
# taken from the slice that mutated it (in the others it is "Ignored: removed by
# mutate filter"), so the counts add up.
if [[ ${#reports[@]} -gt 0 && -n "${reports[0]}" ]]; then
  python3 - "$folder" "$out/survivors.txt" "${reports[@]}" <<'PY'
import json, sys
from collections import Counter, defaultdict
folder, survivors, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
def rel(path): return path.replace("\\", "/").split("src/NnPhys/", 1)[-1]
def score(c):
    detected = c["Killed"] + c["Timeout"]
    valid = detected + c["Survived"] + c["NoCoverage"]
    return 100.0 * detected / valid if valid else float("nan")
mutants, sources = {}, {}
for p in paths:
    r = json.load(open(p))
    for path, f in r["files"].items():
        sources.setdefault(rel(path), f.get("source", "").splitlines())
        for m in f["mutants"]:
            loc = m["location"]
            key = (rel(path), loc["start"]["line"], loc["start"]["column"], loc["end"]["line"], loc["end"]["column"],
                   m["mutatorName"], m.get("replacement", ""))
            if key not in mutants or mutants[key]["status"] == "Ignored":
                mutants[key] = m
c = Counter(m["status"] for m in mutants.values())
per, perfile, lines = defaultdict(Counter), defaultdict(Counter), []
for key in sorted(mutants, key=lambda k: (k[0], k[1], k[2])):
    m = mutants[key]; path, ln = key[0], key[1]
    top = path.split("/", 1)[0] if "/" in path else "."
    per[top][m["status"]] += 1
    perfile[path][m["status"]] += 1
    if m["status"] in ("Survived", "NoCoverage"):
        src = sources.get(path, [])
        code = src[ln - 1].strip() if 0 < ln <= len(src) else ""
        lines.append(f"{path}:{ln}\t{m['status']}\t{m['mutatorName']}\t{m.get('replacement', '')[:80]!r}\t{code[:100]}")
open(survivors, "w").write("\n".join(lines) + "\n")
print(f"reports merged: {len(paths)}")
print("mutants: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
for path, pc in sorted(perfile.items()):
    if pc["Survived"] + pc["NoCoverage"]:
        print(f"    {path}: killed {pc['Killed']}, timeout {pc['Timeout']}, survived {pc['Survived']}, no coverage {pc['NoCoverage']}")
for name, pc in sorted(per.items()):
    if pc["Killed"] + pc["Timeout"] + pc["Survived"] + pc["NoCoverage"]:
        print(f"  {name}: killed {pc['Killed']}, timeout {pc['Timeout']}, survived {pc['Survived']}, no coverage {pc['NoCoverage']}: {score(pc):.2f}%")
print(f"survivors and uncovered mutants listed in {survivors}")
print(f"mutation score {folder}: {score(c):.2f}%  (killed {c['Killed']}, timeout {c['Timeout']}, survived {c['Survived']}, no coverage {c['NoCoverage']})")
PY
else
  score="$(grep -hoE 'final mutation score is [0-9.]+ ?%' "$out"/stryker.log "$out"/slice-*/stryker.log 2>/dev/null | tail -n 1 | grep -oE '[0-9.]+' || true)"
  echo "mutation score $folder: ${score:-unknown (no report; stryker exit $rc)}%"
fi
exit "$rc"
