#!/usr/bin/env bash
# Mutation testing with Stryker.NET, scoped to one library folder.
#
#   scripts/mutation-test.sh FOLDER [extra stryker args...]
#
# Mutates only src/NnPhys/FOLDER/**/*.cs, runs only the tests in namespace
# NnPhys.Tests.FOLDER (tests/NnPhys.Tests/FOLDER) against each mutant, on two
# cores, and writes html + json reports to artifacts/mutation/FOLDER/.
# Prints "mutation score FOLDER: X%" at the end.
#
# Environment: STRYKER_VERSION (default 5.1.0), MUTATION_CONCURRENCY (default 2),
# MUTATION_FILTER to override the test-case filter (e.g. to use the whole suite).
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

args=(
  --project NnPhys.csproj
  --mutate "**/src/NnPhys/$folder/**/*.cs"
  --concurrency "${MUTATION_CONCURRENCY:-2}"
  --reporter html --reporter json --reporter progress
  --output "$out"
  --skip-version-check
)
[[ -n "$filter" ]] && args+=(--test-case-filter "$filter")

echo "stryker: mutate src/NnPhys/$folder/**/*.cs, tests filter '${filter:-<all>}', output $out" >&2
cd "$tests"
set +e
dotnet stryker "${args[@]}" "$@" 2>&1 | tee "$out/stryker.log"
rc=${PIPESTATUS[0]}
set -e

# Score from the json report (mutation-testing-elements schema), as Stryker
# computes it: (Killed + Timeout) / (Killed + Timeout + Survived + NoCoverage);
# Ignored and CompileError mutants are not counted.
json="$(find "$out" -name 'mutation-report.json' -newer "$out/stryker.log" 2>/dev/null | head -n 1)"
if [[ -n "$json" && -f "$json" ]]; then
  python3 - "$json" "$folder" "$out/survivors.txt" <<'PY'
import json, sys
from collections import Counter, defaultdict
r = json.load(open(sys.argv[1]))
def score(c):
    detected = c["Killed"] + c["Timeout"]
    valid = detected + c["Survived"] + c["NoCoverage"]
    return 100.0 * detected / valid if valid else float("nan")
def folder_of(path):
    rel = path.replace("\\", "/").split("src/NnPhys/", 1)[-1]
    return rel.split("/", 1)[0] if "/" in rel else "."
c = Counter(m["status"] for f in r["files"].values() for m in f["mutants"])
per = defaultdict(Counter)
lines = []
for path, f in sorted(r["files"].items()):
    src = f.get("source", "").splitlines()
    for m in f["mutants"]:
        per[folder_of(path)][m["status"]] += 1
        if m["status"] in ("Survived", "NoCoverage"):
            ln = m["location"]["start"]["line"]
            rel = path.replace("\\", "/").split("src/NnPhys/", 1)[-1]
            code = src[ln - 1].strip() if 0 < ln <= len(src) else ""
            lines.append(f"{rel}:{ln}\t{m['status']}\t{m['mutatorName']}\t{m.get('replacement', '')[:80]!r}\t{code[:100]}")
open(sys.argv[3], "w").write("\n".join(lines) + "\n")
print("mutants: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
# per top-level folder, when --mutate added other folders
for name, pc in sorted(per.items()):
    if pc["Killed"] + pc["Timeout"] + pc["Survived"] + pc["NoCoverage"]:
        print(f"  {name}: killed {pc['Killed']}, timeout {pc['Timeout']}, survived {pc['Survived']}, no coverage {pc['NoCoverage']}: {score(pc):.2f}%")
print(f"survivors and uncovered mutants listed in {sys.argv[3]}")
print(f"mutation score {sys.argv[2]}: {score(c):.2f}%")
PY
else
  score="$(grep -oE 'final mutation score is [0-9.]+ ?%' "$out/stryker.log" | tail -n 1 | grep -oE '[0-9.]+' || true)"
  echo "mutation score $folder: ${score:-unknown (no report; stryker exit $rc)}%"
fi
exit "$rc"
