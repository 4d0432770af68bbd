#!/usr/bin/env bash
# Where a one-shot process's time goes: `hardening check <corpus>` whole process, once per variant per round, the
# variants alternated in every round so load from elsewhere hits them alike (issue 15, item 1).
#   eng/bench-first-run.sh                  # RUNS=8 rounds
#   NATIVE=/path/to/hardening eng/bench-first-run.sh   # adds the Native AOT binary as a variant
#   R2R=/path/to/hardening.dll eng/bench-first-run.sh  # adds a ReadyToRun build of the CLI as a variant
# Variants of the JIT build, each the shipped CLI with one runtime knob changed from its runtimeconfig:
#   shipped            as published (TieredPGO off in the runtimeconfig, everything else default)
#   ReadyToRun=0       DOTNET_ReadyToRun=0: the framework's precompiled code ignored, everything jitted
#   TieredCompilation=0  every method compiled once, fully optimised
#   QuickJitForLoops=0 methods with loops compiled optimised at once instead of tier 0 (+ OSR)
#   TieredPGO=1        dynamic PGO back on (instrumented tier)
# Then, once per variant, the runtime's own counters from a startup hook (bench/HardeningTasks.FirstRunProbe:
# methods jitted, JIT time summed over threads, allocations, GCs, peak working set), and once the runtime's events
# (JIT time per namespace and per kind of method, types loaded). Prints SUMMARY lines; outputs stay in $OUT.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-8}
corpus=${HARDENING_CORPUS:-$root/../shared/corpus}
[ -d "$corpus" ] || { echo "corpus not found at $corpus (set HARDENING_CORPUS)" >&2; exit 1; }
corpus=$(cd "$corpus" && pwd)
out=${OUT:-$(mktemp -d -t hrd-bench-first-run-XXXXXX)}
mkdir -p "$out"

dotnet build "$root/src/HardeningTasks.Cli/HardeningTasks.Cli.csproj" -c Release -nologo -tl:off -v:q >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet build "$root/bench/HardeningTasks.FirstRunProbe/HardeningTasks.FirstRunProbe.csproj" -c Release -nologo -tl:off -v:q >>"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
cli=$root/src/HardeningTasks.Cli/bin/Release/net8.0/hardening.dll
probe=$root/bench/HardeningTasks.FirstRunProbe/bin/Release/net8.0/HardeningTasks.FirstRunProbe.dll

variants=(shipped ReadyToRun=0 TieredCompilation=0 QuickJitForLoops=0 TieredPGO=1)
[ -n "${R2R:-}" ] && variants+=(readytorun-build)
[ -n "${NATIVE:-}" ] && variants+=(native-aot)

# run VARIANT OUTFILE [env...]: the CLI over the corpus, as a user runs it; exit 0/1 are verdicts
run() {
  local variant=$1 output=$2; shift 2
  local command=(dotnet "$cli")
  case $variant in
    readytorun-build) command=(dotnet "$R2R") ;;
    native-aot) command=("$NATIVE") ;;
  esac
  local knob=()
  case $variant in
    ReadyToRun=0) knob=(DOTNET_ReadyToRun=0) ;;
    TieredCompilation=0) knob=(DOTNET_TieredCompilation=0) ;;
    QuickJitForLoops=0) knob=(DOTNET_TC_QuickJitForLoops=0) ;;
    TieredPGO=1) knob=(DOTNET_TieredPGO=1) ;;
  esac
  local rc=0
  (cd "$corpus" && env ${knob[@]+"${knob[@]}"} "$@" "${command[@]}" check . >"$output" 2>"$output.err") || rc=$?
  [ "$rc" -le 1 ] || { echo "$variant failed (exit $rc): $output.err" >&2; tail -5 "$output.err" >&2; exit 1; }
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$out/times.tsv"
for i in $(seq 1 "$runs"); do
  # rotate the order each round: no variant always runs right after the same neighbour
  n=${#variants[@]}
  for k in $(seq 0 $((n - 1))); do
    v=${variants[$(( (i + k) % n ))]}
    s=$(date +%s%N); run "$v" "$out/$v.out"; e=$(date +%s%N)
    printf '%s\t%s\n' "$v" $(( (e - s) / 1000000 )) >>"$out/times.tsv"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

for v in "${variants[@]}"; do
  [ "$v" = native-aot ] && continue # no managed runtime to hook
  run "$v" "$out/$v.counters.out" DOTNET_STARTUP_HOOKS="$probe" HARDENING_PROBE_OUT="$out/$v.counters.tsv"
done
run shipped "$out/events.out" DOTNET_STARTUP_HOOKS="$probe" HARDENING_PROBE=events HARDENING_PROBE_OUT="$out/events.tsv"

echo "== first run of the CLI over the corpus ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $runs rounds; load average before: $load_before, after: $load_after)"
echo "   $(tail -1 "$out/shipped.out.err"); outputs in $out"
python3 - "$out" "${variants[@]}" <<'PY'
import os, statistics as st, sys, filecmp
out, variants = sys.argv[1], sys.argv[2:]
t = {}
for line in open(os.path.join(out, 'times.tsv')):
    k, v = line.rstrip('\n').split('\t'); t.setdefault(k, []).append(int(v))
base = st.median(t['shipped'])
def counters(v):
    p = os.path.join(out, v + '.counters.tsv')
    if not os.path.exists(p): return {}
    return dict(l.rstrip('\n').split('\t', 1) for l in open(p) if l.count('\t') == 1)
print(f"   {'variant':20s} {'median':>8s} {'min':>6s} {'max':>6s} {'vs shipped':>10s} {'same output':>11s} {'jitted':>7s} {'jit ms':>7s} {'alloc MB':>8s} {'GCs':>4s} {'peak MB':>8s}")
for v in variants:
    m = st.median(t[v]); c = counters(v)
    same = filecmp.cmp(os.path.join(out, 'shipped.out'), os.path.join(out, v + '.out'), shallow=False)
    gcs = c.get('gc gen0', '')
    print(f"   {v:20s} {m:8.0f} {min(t[v]):6d} {max(t[v]):6d} {m / base:10.3f} {str(same):>11s} {c.get('methods jitted', ''):>7s} {c.get('jit time ms', ''):>7s} {c.get('allocated MB', ''):>8s} {str(gcs):>4s} {c.get('peak working set MB', ''):>8s}")
    print(f"SUMMARY first-run {v}: median {m:.0f} ms ({len(t[v])} runs), {m / base:.3f}x shipped, output {'identical' if same else 'DIFFERENT'}")
c = counters('shipped')
print(f"   shipped, whole process: runtime start to Main {c.get('process start to hook ms')} ms, Main to exit {c.get('hook to exit ms')} ms; "
      f"{c.get('methods jitted')} methods jitted ({c.get('IL bytes jitted')} IL bytes), JIT {c.get('jit time ms')} ms summed over threads; "
      f"{c.get('allocated MB')} MB allocated, GCs gen0/1/2 {c.get('gc gen0')}/{c.get('gc gen1')}/{c.get('gc gen2')}, pause {c.get('gc pause ms')} ms")
ev = [l.rstrip('\n').split('\t') for l in open(os.path.join(out, 'events.tsv'))]
print("   runtime events (one run with an EventListener, which slows it: proportions count, not totals):")
for row in ev:
    if row[0].startswith('events:'): print(f"     {row[0][8:]}: {row[1]}")
for title in ('jit by namespace', 'jit by kind'):
    rows = [r for r in ev if r[0] == title]
    total = sum(float(r[3]) for r in rows)
    print(f"   {title} (methods, JIT ms, share):")
    for r in rows: print(f"     {r[1]:45s} {r[2]:>6s} {float(r[3]):8.1f} {100 * float(r[3]) / total:5.1f} %")
print("   slowest single JITs (ms):")
for r in [r for r in ev if r[0] == 'slowest jit'][:15]: print(f"     {r[1][:90]:90s} {r[2]:>6s}")
PY
