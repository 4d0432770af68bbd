#!/usr/bin/env bash
# Latency and memory of `hardening lsp` on a workspace holding the whole corpus (../shared/corpus or $HARDENING_CORPUS):
# p50/p95 of didChange -> publishDiagnostics over $EDITS edits (default 60), and the server's memory before and after
# $MEMORY_EDITS more (default 1000). $DEBOUNCE sets the server's debounce (default 30 ms, its default). A driver, not a
# timed test: it prints the figures (docs/performance.md has them). $HARDENING_DLL runs that build of hardening.dll instead of
# building this one: to compare two builds under the same load, run them alternately.
#   eng/bench-lsp.sh [compose file relative to the corpus]
#   HARDENING_DLL=/tmp/before/hardening.dll eng/bench-lsp.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${HARDENING_CORPUS:-$root/../shared/corpus}
file=${1:-docker__awesome-compose/gitea-postgres/compose.yaml}
tools="${TMPDIR:-/tmp}/hardening-tools/lsp-client-vscode-jsonrpc_10.0.0+vscode-languageserver-protocol_3.18.5"
if [ ! -d "$tools/node_modules/vscode-languageserver-protocol" ]; then
  npm install --no-audit --no-fund --no-save --prefix "$tools" vscode-jsonrpc@10.0.0 vscode-languageserver-protocol@3.18.5 >/dev/null
fi
cd "$root"
dll=${HARDENING_DLL:-}
if [ -z "$dll" ]; then
  dotnet build src/HardeningTasks.Cli -c Release -nologo -tl:off -v:q >/dev/null
  dll="$root/src/HardeningTasks.Cli/bin/Release/net8.0/hardening.dll"
fi
echo "== hardening lsp ($dll) on $(cd "$corpus" && pwd) ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)); edited: $file"
NODE_PATH="$tools/node_modules" node "$root/eng/lsp/bench-lsp.js" "$(cd "$(dirname "$dll")" && pwd)/$(basename "$dll")" \
  "$(cd "$corpus" && pwd)" "$file" "${EDITS:-60}" "${MEMORY_EDITS:-1000}" "${DEBOUNCE:-30}"
