#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: OpenBLAS (optional, faster) and a Release build of nnphys.
# Called by ./nnphys and ./run-tests; safe to run by hand.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

have_openblas() { ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0'; }
if ! have_openblas; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "nnphys setup: installing OpenBLAS (libopenblas0-pthread) with apt-get ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread) >/dev/null 2>&1 \
      || echo "nnphys setup: apt-get could not install libopenblas0-pthread; using the slower managed backend." >&2
  else
    echo "nnphys setup: OpenBLAS not found and not root; using the slower managed backend (install libopenblas0-pthread for speed)." >&2
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "nnphys setup: the .NET 10 SDK ('dotnet') is required and was not found on PATH." >&2
  exit 1
fi

# Rebuild the CLI only when a source or project file is newer than the built program.
out="$root/artifacts/cli"
stamp="$out/NnPhys.Cli.dll"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/src" "$root/Directory.Build.props" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$stamp" -print -quit)" ]; then
  echo "nnphys setup: building (Release) ..." >&2
  dotnet build "$root/src/NnPhys.Cli/NnPhys.Cli.csproj" -c Release -o "$out" -v q -nologo >&2
  touch "$stamp"
fi
