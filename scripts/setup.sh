#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: OpenBLAS (optional, faster) and a Release build of nnphys.
# Called by ./nnphys and ./run-tests; safe to run by hand.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# True when the dynamic loader can find libopenblas.so.0. No pipe into `grep -q`: under pipefail, grep exiting at the
# first match sends ldconfig SIGPIPE and the whole check fails (issue 12 item 12). The cache listing is captured whole
# and matched by the shell; the usual library folders are looked at too (a stale or missing ld.so.cache).
have_openblas() {
  local cache
  cache=$(ldconfig -p 2>/dev/null) || cache=""
  [[ $cache == *libopenblas.so.0* ]] && return 0
  local f
  for f in /usr/lib/*/libopenblas.so.0 /usr/lib/libopenblas.so.0 /usr/lib64/libopenblas.so.0 /usr/local/lib/libopenblas.so.0; do
    [ -e "$f" ] && return 0
  done
  return 1
}
if [ "${1-}" = "--check-openblas" ]; then have_openblas; exit; fi
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
