#!/usr/bin/env bash
# Engine benchmarks (BenchmarkDotNet): the corpus (parse / parse+rules / engine; files/s, MB/s, allocations) and the
# synthetic scale set (100 / 1,000 / 10,000 inputs in one request; us/file and the ratio to 100).
#   eng/bench-engine.sh                       # everything, BenchmarkDotNet's short job (minutes on 2 cores; the 10,000-file case dominates)
#   eng/bench-engine.sh --filter '*Corpus*'   # extra arguments go to BenchmarkDotNet (e.g. --job medium)
#   HARDENING_BENCH_SCALES=100,1000 eng/bench-engine.sh   # other scale-set sizes (default 100,1000,10000)
# The corpus is ../shared/corpus beside the repository, or $HARDENING_CORPUS. Results: $OUT (default a temp dir).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${OUT:-$(mktemp -d -t hrd-bench-engine-XXXXXX)}
args=("$@")
# without a filter BenchmarkDotNet would ask on the console which benchmarks to run
[[ " ${args[*]} " == *" --filter "* || " ${args[*]} " == *" -f "* ]] || args+=(--filter '*')
cd "$root"
dotnet build bench/HardeningTasks.Benchmarks -c Release -nologo -tl:off -v:q >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Run from the project's folder (BenchmarkDotNet looks for the .csproj from the current directory to build its
# runner); --artifacts keeps BenchmarkDotNet.Artifacts out of the tree. Non-zero exit: a benchmark failed.
status=0
(cd "$root/bench/HardeningTasks.Benchmarks" && dotnet "$root/bench/HardeningTasks.Benchmarks/bin/Release/net10.0/HardeningTasks.Benchmarks.dll" "${args[@]}" --artifacts "$out/artifacts") >"$out/run.log" 2>&1 || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== engine benchmarks ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average before: $load_before, after: $load_after)"
echo "   full log: $out/run.log"
for report in "$out"/artifacts/results/*-report-github.md; do
  [ -e "$report" ] || { echo "no report: see $out/run.log"; tail -30 "$out/run.log"; exit 1; }
  echo; echo "-- $(basename "$report" -report-github.md)"
  # the table only (the environment header is in the log)
  grep '^|' "$report"
done
# Summary lines: the engine over the corpus, and the scale ratio (per-file time at 10,000 vs 100).
python3 - "$out/artifacts/results" <<'PY'
import csv, glob, os, sys
d = sys.argv[1]
def rows(name):
    p = os.path.join(d, f'HardeningTasks.Benchmarks.{name}-report.csv')
    return list(csv.DictReader(open(p))) if os.path.exists(p) else []
print()
for r in rows('CorpusBenchmarks'):
    print(f"SUMMARY corpus {r['Method']}: {r['Mean']} per run of {r['Inputs']} files ({r['MB']} MB): {r['files/s']} files/s, {r['MB/s']} MB/s, allocated {r.get('Allocated', '?')}")
for r in rows('ScaleBenchmarks'):
    print(f"SUMMARY scale {r['Method']} {r['Files']} files: {r['Mean']}, {r['us/file']} us/file, per file vs 100: {r['per file vs smallest']}, allocated {r.get('Allocated', '?')}")
PY
exit $status
