#!/usr/bin/env bash
# Runs every test: engine unit and fixture tests, and the integration tests that pack the real package and
# run real `dotnet build`s on consumer projects.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
dotnet build HardeningTasks.sln -c Release -nologo -tl:off -v:q
# The framework-dependent tool package's build (RID any), which the tool-package tests pack without building again.
# Before the native publish: its restore (no Native AOT for RID any) rewrites obj/project.assets.json without the ILCompiler
# package, and a later `pack -r linux-x64 --no-build` would then publish a self-contained JIT build instead of the binary.
dotnet build src/HardeningTasks.Cli/HardeningTasks.Cli.csproj -c Release -r any -nologo -tl:off -v:q
# The Native AOT CLI, once per run (minutes of CPU): the tests compare it with the JIT build and pack it as a tool, and
# the MSBuild package's pack (the integration tests) ships it as the native engine in tools/native/linux-x64/.
# Native AOT links with clang and zlib (.ci/run installs them on a machine that lacks them).
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  dotnet publish src/HardeningTasks.Cli/HardeningTasks.Cli.csproj -c Release -r linux-x64 -nologo -tl:off -v:q
fi
dotnet test HardeningTasks.sln -c Release --no-build -nologo -tl:off
