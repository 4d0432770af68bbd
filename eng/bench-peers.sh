#!/usr/bin/env bash
# The command-line front end against the peers users would otherwise run, whole process against whole process,
# over the same corpus files:
#   ours          : dotnet hardening.dll check <every compose file> <every Dockerfile> --project-dir CORPUS   (one process)
#   dclint        : node dclint <every compose file> -f json                                                 (one process)
#   dockerfilelint: node dockerfilelint -j FILE, once per Dockerfile (a crash on one file aborts a batch run, so
#                   per file is how it can check the corpus at all; the same invocation as shared/tools/peers-run.sh)
# The file lists are the ones peers-run.sh makes: every *.yml/*.yaml with a top-level services: key, and every
# Dockerfile/Containerfile/*.dockerfile. RUNS rounds (default 3), each round ours, dclint, dockerfilelint in turn
# (our run is repeated OURS_RUNS times per round, default 3, as it is short); medians and the ratio are printed.
# Target (issue 6): ours >= 100x faster than dclint + dockerfilelint together.
#   eng/bench-peers.sh                      # peers installed into $PEERS (default /tmp/hrd-peers) by
#                                           # shared/tools/peers-setup.sh when missing (npm; writes only to $PEERS)
#   RUNS=5 HARDENING_CORPUS=/path eng/bench-peers.sh
#   NATIVE=src/HardeningTasks.Cli/bin/Release/net8.0/linux-x64/publish/hardening eng/bench-peers.sh
#                                           # ours = the Native AOT binary (dotnet publish src/HardeningTasks.Cli -c Release -r linux-x64)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-3}
ours_runs=${OURS_RUNS:-3}
corpus=${HARDENING_CORPUS:-$root/../shared/corpus}
[ -d "$corpus" ] || { echo "corpus not found at $corpus (set HARDENING_CORPUS)" >&2; exit 1; }
corpus=$(cd "$corpus" && pwd)
export PEERS=${PEERS:-/tmp/hrd-peers}
out=${OUT:-$(mktemp -d -t hrd-bench-peers-XXXXXX)}
mkdir -p "$out"
B=$PEERS/node_modules/.bin

if [ ! -x "$B/dclint" ] || [ ! -x "$B/dockerfilelint" ]; then
  setup=$root/../shared/tools/peers-setup.sh
  [ -f "$setup" ] || { echo "peers missing in $PEERS and $setup not found" >&2; exit 1; }
  # peers-setup.sh installs into $PEERS only (npm install there; shellcheck from apt for dockerlinter)
  bash "$setup" >"$out/peers-setup.log" 2>&1 || true
  [ -x "$B/dclint" ] && [ -x "$B/dockerfilelint" ] || { echo "peer install failed: $out/peers-setup.log" >&2; tail -20 "$out/peers-setup.log" >&2; exit 1; }
fi

dotnet build "$root/src/HardeningTasks.Cli/HardeningTasks.Cli.csproj" -c Release -nologo -tl:off -v:q >"$out/build.log" 2>&1 \
  || { cat "$out/build.log"; exit 1; }
cli=$(ls "$root"/src/HardeningTasks.Cli/bin/Release/net*/hardening.dll | head -1)
ours=(dotnet "$cli")
if [ -n "${NATIVE:-}" ]; then
  [ -x "$NATIVE" ] || { echo "NATIVE=$NATIVE is not an executable" >&2; exit 1; }
  cli=$(cd "$(dirname "$NATIVE")" && pwd)/$(basename "$NATIVE"); ours=("$cli")
fi

# ---- the same file lists as shared/tools/peers-run.sh ----
find "$corpus" -type f \( -iname 'dockerfile' -o -iname 'dockerfile.*' -o -iname '*.dockerfile' -o -iname 'containerfile' -o -iname 'containerfile.*' \) \
  ! -iname '*dockerignore' | sort >"$out/dockerfiles.txt"
find "$corpus" -type f \( -iname '*.yml' -o -iname '*.yaml' \) -print0 | xargs -0 -r grep -lE '^services[[:space:]]*:' | sort >"$out/compose.txt"
mapfile -t composes <"$out/compose.txt"
mapfile -t dockerfiles <"$out/dockerfiles.txt"

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
run_ours() { # exit 0/1 are verdicts (1: an error-severity finding); 2 usage, 3 tool failure
  local s rc=0; s=$(date +%s%N)
  "${ours[@]}" check "${composes[@]}" "${dockerfiles[@]}" --project-dir "$corpus" >"$out/ours.out" 2>"$out/ours.err" || rc=$?
  local t; t=$(ms "$s")
  [ "$rc" -le 1 ] || { echo "our CLI failed (exit $rc): $out/ours.err" >&2; tail -20 "$out/ours.err" >&2; exit 1; }
  echo "$t"
}
run_dclint() {
  local s; s=$(date +%s%N)
  node "$B/dclint" "${composes[@]}" -f json -o "$out/dclint.json" >"$out/dclint.out" 2>"$out/dclint.err" || echo $? >"$out/dclint.rc"
  ms "$s"
}
run_dockerfilelint() {
  local s f o rc; s=$(date +%s%N)
  : >"$out/dockerfilelint.out"
  for f in "${dockerfiles[@]}"; do
    rc=0; o=$(node "$B/dockerfilelint" -j "$f" 2>&1) || rc=$?
    printf '### %s rc=%s\n%s\n' "$f" "$rc" "$o" >>"$out/dockerfilelint.out"
  done
  ms "$s"
}

run_floor() { # our start-up floor: the same process printing its version, and checking the smallest compose file
  local s; s=$(date +%s%N); "${ours[@]}" --version >/dev/null; printf 'ours --version\t%s\n' "$(ms "$s")"
  s=$(date +%s%N); "${ours[@]}" check "$(ls -S "${composes[@]}" | tail -1)" >/dev/null 2>&1 || true; printf 'ours 1 file\t%s\n' "$(ms "$s")"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$out/times.tsv"
for i in $(seq 1 "$runs"); do
  for j in $(seq 1 "$ours_runs"); do printf 'ours\t%s\n' "$(run_ours)" >>"$out/times.tsv"; run_floor >>"$out/times.tsv"; done
  printf 'dclint\t%s\n' "$(run_dclint)" >>"$out/times.tsv"
  printf 'dockerfilelint\t%s\n' "$(run_dockerfilelint)" >>"$out/times.tsv"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== CLI vs peers ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $runs rounds; load average before: $load_before, after: $load_after)"
echo "   corpus $corpus: ${#composes[@]} compose files (top-level services:), ${#dockerfiles[@]} Dockerfiles; outputs in $out"
echo "   peers: dclint $(node -p "require('$PEERS/node_modules/dclint/package.json').version"), dockerfilelint $(node -p "require('$PEERS/node_modules/dockerfilelint/package.json').version"), node $(node --version); ours: $cli"
python3 - "$out" <<'PY'
import json, os, re, statistics as st, sys
out = sys.argv[1]
t = {}
for line in open(os.path.join(out, 'times.tsv')):
    k, v = line.split('\t'); t.setdefault(k, []).append(int(v))
m = {k: st.median(v) for k, v in t.items()}
for k in ('ours', 'ours --version', 'ours 1 file', 'dclint', 'dockerfilelint'):
    print(f"   {k:15s} median {m[k]:8.0f} ms  ({len(t[k])} runs, min {min(t[k])}, max {max(t[k])})")
peers = m['dclint'] + m['dockerfilelint']
ratio = peers / m['ours']
print(f"SUMMARY peers: ours {m['ours']:.0f} ms vs dclint + dockerfilelint {peers:.0f} ms = {ratio:.1f}x faster; target >= 100x: {'MET' if ratio >= 100 else 'MISSED'}")
# where each gave up, from the last run's outputs
ours = open(os.path.join(out, 'ours.out'), errors='replace').read().splitlines()
hrd000 = [l for l in ours if ' HRD000' in l]
crashed = [l for l in ours if 'failed on this file' in l]
print(f"   ours: {sum(1 for l in ours if re.search(r': (error|warning|info|suggestion) HRD', l))} findings, {len(hrd000)} HRD000 (files refused with a diagnostic), {len(crashed)} rule failures")
try:
    d = json.load(open(os.path.join(out, 'dclint.json')))
    bad = [(f['filePath'], m['rule'], m['message']) for f in d for m in f['messages'] if m['rule'] in ('unknown-error', 'invalid-yaml', 'invalid-schema')]
    kinds = {k: sorted({p for p, r, _ in bad if r == k}) for k in ('unknown-error', 'invalid-yaml', 'invalid-schema')}
    print(f"   dclint: {len(d)} files reported; gave up on " + ', '.join(f"{len(v)} ({k})" for k, v in kinds.items()) +
          " - an invalid-schema file gets no rule findings at all")
    for p, r, msg in [b for b in bad if b[1] != 'invalid-schema'][:6]: print(f"     {p.split('/corpus/')[-1]}: {r}: {msg[:110]}")
except Exception as e:
    print(f"   dclint: no JSON report ({e})")
fails = []
for mt in re.finditer(r'^### ([^\n]*) rc=(\d+)\n(.*?)(?=^### |\Z)', open(os.path.join(out, 'dockerfilelint.out'), errors='replace').read(), re.S | re.M):
    try: json.loads(mt.group(3))
    except Exception:
        err = next((l.strip() for l in mt.group(3).splitlines() if 'Error' in l), mt.group(3).strip()[:100])
        fails.append(f"{mt.group(1).split('/corpus/')[-1]} (rc={mt.group(2)}): {err[:110]}")
print(f"   dockerfilelint: {len(fails)} Dockerfiles crashed it")
for f in fails[:8]: print(f"     {f}")
PY
