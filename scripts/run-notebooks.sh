#!/usr/bin/env bash
# Executes every examples/*.ipynb headless with the .NET Interactive C# kernel against the freshly packed NnPhys
# package, saving executed copies (with outputs) in artifacts/notebooks/. Fails on any cell error, and on a notebook
# whose outputs hold no figure. Installs what it lacks: the Microsoft.dotnet-interactive dotnet tool (NuGet) and
# Jupyter's nbconvert + ipykernel (Debian, as root); fetches MNIST for the Fokker–Planck notebook.
# Ends with "notebooks: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$PATH:$HOME/.dotnet/tools" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
if ! command -v jupyter-nbconvert >/dev/null || ! /usr/bin/python3 -c 'import ipykernel, nbformat' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q jupyter-nbconvert jupyter-client python3-ipykernel python3-nbformat >/dev/null \
    || { echo "run-notebooks: could not install jupyter-nbconvert (needs root and Debian's apt)"; exit 1; }
fi
if ! command -v dotnet-interactive >/dev/null; then
  dotnet tool install -g Microsoft.dotnet-interactive >/dev/null || { echo "run-notebooks: could not install Microsoft.dotnet-interactive"; exit 1; }
fi
if ! jupyter kernelspec list 2>/dev/null | grep -q '\.net-csharp'; then
  mkdir -p "$HOME/.local/share/jupyter/kernels"
  dotnet interactive jupyter install >/dev/null || { echo "run-notebooks: could not register the .NET kernels with Jupyter"; exit 1; }
fi
"$root/scripts/setup.sh" || exit 1
./nnphys data fetch mnist >/dev/null 2>&1 || echo "run-notebooks: MNIST not fetched; the Fokker–Planck notebook will fail"

# the package the notebooks load; drop any cached NnPhys so a rebuilt package of the same version is used
rm -rf artifacts/nuget "$HOME/.nuget/packages/nnphys"
dotnet pack src/NnPhys/NnPhys.csproj -c Release -o artifacts/nuget -v q -nologo >/dev/null || { echo "run-notebooks: dotnet pack failed"; exit 1; }

mkdir -p artifacts/notebooks
passed=0; failed=0
for nb in examples/*.ipynb; do
  name=$(basename "$nb")
  start=$(date +%s)
  if (cd examples && jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.startup_timeout=300 \
        --ExecutePreprocessor.kernel_name=.net-csharp --output-dir "$root/artifacts/notebooks" "$name") >"artifacts/notebooks/$name.log" 2>&1 \
     && grep -q 'data:image/png;base64\|"image/png"' "artifacts/notebooks/$name"; then
    passed=$((passed + 1)); echo "ok: $name ($(( $(date +%s) - start )) s)"
  else
    failed=$((failed + 1)); echo "FAILED: $name ($(( $(date +%s) - start )) s); log: artifacts/notebooks/$name.log"; tail -25 "artifacts/notebooks/$name.log"
  fi
done
echo "notebooks: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
