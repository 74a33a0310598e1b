#!/usr/bin/env bash
# Packs the NnPhys library, checks what the package holds, then builds and runs a fresh console project outside the
# solution that references the package from a local folder and runs the README's library example (the code block
# between the "library-example" markers). Ends with "package-test: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/nnphys-package-test.XXXXXX); trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "ok: $2"; else failed=$((failed + 1)); echo "FAILED: $2"; fi; }

dotnet pack "$root/src/NnPhys/NnPhys.csproj" -c Release -o "$work/feed" -v q -nologo >"$work/pack.log" 2>&1
check $? "dotnet pack"
pkg=$(ls "$work"/feed/NnPhys.*.nupkg 2>/dev/null | grep -v snupkg | head -1)
[ -n "$pkg" ] && [ -n "$(ls "$work"/feed/NnPhys.*.snupkg 2>/dev/null)" ]; check $? "a package and a symbols package"
version=$(basename "$pkg" .nupkg | sed 's/^NnPhys\.//')
listing=$(unzip -l "$pkg" 2>/dev/null)
for f in README.md LICENSE lib/net10.0/NnPhys.dll lib/net10.0/NnPhys.xml interactive-extensions/dotnet/extension.dib; do
  grep -q " $f\$" <<<"$listing"; check $? "package holds $f"
done
unzip -p "$pkg" NnPhys.nuspec | grep -q '<license type="expression">MIT</license>'; check $? "licence expression MIT in the nuspec"
unzip -p "$pkg" NnPhys.nuspec | grep -q 'OpenBLAS'; check $? "the nuspec states the optional OpenBLAS dependency"

# a fresh console project, its own package cache (a stale NnPhys of the same version can't be picked up)
mkdir -p "$work/app"; cd "$work/app"
cat > app.csproj <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup><PackageReference Include="NnPhys" Version="$version" /></ItemGroup>
</Project>
CSPROJ
cat > nuget.config <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="nnphys-local" value="$work/feed" /></packageSources></configuration>
CONFIG
awk '/<!-- library-example -->/{f=1; next} /<!-- \/library-example -->/{f=0} f' "$root/README.md" | sed '/^```/d' > Program.cs
[ -s Program.cs ]; check $? "README has a library example"
NUGET_PACKAGES="$work/packages" dotnet run -c Release -v q >"$work/run.out" 2>"$work/run.err"
rc=$?; check $rc "the example builds and runs against the package (exit $rc)"
[ $rc -eq 0 ] || tail -20 "$work/run.err"
cat "$work/run.out"
grep -q "E\[relu(u) relu(v)\] = 0.304" "$work/run.out" && grep -q "E\[Z^4\] = 3.000000" "$work/run.out"
check $? "the example prints the arc-cosine value and the Gauss–Hermite moment"
echo "package-test: $passed passed, $failed failed"
[ $failed -eq 0 ]
