#!/usr/bin/env bash
# Packs the VS Code extension (editors/vscode) into a .vsix with @vscode/vsce, in a copy of the folder so the
# repository stays clean. Usage: eng/package-vscode.sh [output directory]   (default: artifacts/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(cd "${1:-$root/artifacts}" 2>/dev/null || { mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}"; } && pwd)
tools="${TMPDIR:-/tmp}/hardening-tools/vsce-3.9.2"
if [ ! -x "$tools/node_modules/.bin/vsce" ]; then
  npm install --no-audit --no-fund --no-save --prefix "$tools" @vscode/vsce@3.9.2 >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$root/editors/vscode/." "$work/"
(cd "$work" && npm install --omit=dev --no-audit --no-fund >/dev/null && "$tools/node_modules/.bin/vsce" package --skip-license --out "$out/")
ls "$out"/*.vsix
