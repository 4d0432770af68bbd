#!/bin/bash
# Times two builds of the CLI on the same generated inputs, one right after the other, at N and 4N repetitions, and
# says whether their JSON output is identical. Usage:
#   python3 eng/perf/large-inputs.py 2000 /tmp/perf/in2000; python3 eng/perf/large-inputs.py 8000 /tmp/perf/in8000
#   eng/perf/side-by-side.sh OLD/hardening.dll NEW/hardening.dll /tmp/perf 2000 8000 traefik-routers labels ...
OLD=$1; NEW=$2; ROOT=$3; N=$4; N4=$5; shift 5
t() { local s=$(date +%s.%N); dotnet "$1" check "$2" --format json > "$3" 2>&1; local e=$(date +%s.%N); echo "$e - $s" | bc; }
for c in "$@"; do
  line="$c"
  for n in $N $N4; do
    o=$(t "$OLD" "$ROOT/in$n/$c" "$ROOT/old-$c-$n.json"); nw=$(t "$NEW" "$ROOT/in$n/$c" "$ROOT/new-$c-$n.json")
    same=$(cmp -s "$ROOT/old-$c-$n.json" "$ROOT/new-$c-$n.json" && echo same || echo DIFF)
    line="$line | n=$n old $(printf %.2f "$o") s, new $(printf %.2f "$nw") s, $same"
  done
  echo "$line"
done
