#!/usr/bin/env bash
# Packs HardeningTasks (the MSBuild package) and HardeningTasks.Cli (the `hardening` tool) into nuget/ at the
# repository's version (VersionPrefix in Directory.Build.props, the one the README's Quick start names), then builds
# the sample infra project (samples/platform-stack) with the package through an ordinary PackageReference. The build
# output is the product's output: one line per finding. Arguments go to that build (e.g. -p:HardeningAnalysisMode=Minimum).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(dotnet msbuild "$root/src/HardeningTasks/HardeningTasks.csproj" -getProperty:Version -nologo)
echo "Packing HardeningTasks $version and HardeningTasks.Cli $version into nuget/ ..."
# The tool is a pointer package plus its RID-specific packages (the Native AOT binary for linux-x64, a framework-dependent
# `any`): packing only the pointer would leave `dotnet tool install` nothing to install. Packed first: its native
# binary is also the engine the MSBuild package ships (tools/native/<rid>/) and its scan task runs out of process.
OUT="$root/nuget" "$root/eng/pack-tool.sh" >/dev/null
dotnet pack "$root/src/HardeningTasks/HardeningTasks.csproj" -c Release -o "$root/nuget" -nologo -v:q -tl:off >/dev/null
echo "Building samples/platform-stack/Infra.proj ..."
# NuGet caches a package by version: the sample restores into its own folder, emptied of HardeningTasks first, so a
# second run after a code change uses the package just packed, never a stale copy of the same version.
export NUGET_PACKAGES="$root/artifacts/sample-packages"
rm -rf "$NUGET_PACKAGES/hardeningtasks"
cd "$root/samples/platform-stack"
dotnet restore Infra.proj --force -nologo -v:q -tl:off >/dev/null
dotnet build Infra.proj --no-restore -nologo -tl:off -v:m "$@"
