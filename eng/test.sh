#!/usr/bin/env bash
# Runs every test: engine unit and fixture tests, and the integration tests that pack the real package and
# run real `dotnet build`s on consumer projects.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
dotnet build HardeningTasks.sln -c Release -nologo -tl:off -v:q
dotnet test HardeningTasks.sln -c Release --no-build -nologo -tl:off
