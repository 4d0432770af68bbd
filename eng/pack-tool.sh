#!/usr/bin/env bash
# Packs the CLI as .NET 10 RID-specific tool packages into nuget/ (or $OUT):
#   HardeningTasks.Cli.linux-x64.<v>.nupkg   the Native AOT binary (packed on a linux-x64 machine: AOT does not cross-compile)
#   HardeningTasks.Cli.any.<v>.nupkg         the framework-dependent build, for every other platform
#   HardeningTasks.Cli.<v>.nupkg             the pointer package `dotnet tool install HardeningTasks.Cli` reads
#   eng/pack-tool.sh [version]               # default: the version of Directory.Build.props
# A win-x64 or osx-arm64 package is packed the same way on a machine of that kind (`dotnet pack -r win-x64`), after
# adding its RID to ToolPackageRuntimeIdentifiers in src/HardeningTasks.Cli/HardeningTasks.Cli.csproj.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${OUT:-$root/nuget}
project=$root/src/HardeningTasks.Cli/HardeningTasks.Cli.csproj
version=()
[ $# -gt 0 ] && version=("-p:Version=$1")
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  dotnet pack "$project" -c Release -r linux-x64 ${version[@]+"${version[@]}"} -o "$out" -nologo -tl:off -v:q
else
  echo "not a linux-x64 machine: no HardeningTasks.Cli.linux-x64 package (the pointer's 'any' package serves this machine)" >&2
fi
dotnet pack "$project" -c Release -r any ${version[@]+"${version[@]}"} -o "$out" -nologo -tl:off -v:q
dotnet pack "$project" -c Release ${version[@]+"${version[@]}"} -o "$out" -nologo -tl:off -v:q
ls -1 "$out"/HardeningTasks.Cli.*nupkg
