#!/usr/bin/env bash
# Packs HardeningTasks into nuget/ and builds the sample infra project (samples/platform-stack) with it
# through an ordinary PackageReference. The build output is the product's output: one line per finding.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# A fresh version each time: NuGet caches packages by version, so re-packing 1.0.0 would run stale code.
version="1.0.0-local.$(date +%Y%m%d%H%M%S)"
rm -f "$root"/nuget/HardeningTasks.*-local.*.nupkg
echo "Packing HardeningTasks $version into nuget/ ..."
dotnet pack "$root/src/HardeningTasks/HardeningTasks.csproj" -c Release -p:Version="$version" -o "$root/nuget" -nologo -v:q -tl:off >/dev/null
echo "Building samples/platform-stack/Infra.proj ..."
cd "$root/samples/platform-stack"
dotnet build Infra.proj -p:HardeningTasksVersion="$version" -nologo -tl:off -v:m "$@"
