#!/usr/bin/env bash
# A/B of two builds of the benchmark, alternated in one session so both see the same load (issue 22's CPU per work
# item). Build each side into its own folder first, e.g. the baseline from main:
#   git archive main | tar -x -C /tmp/base && (cd /tmp/base && dotnet build bench/LoopFunctions.Benchmarks -c Release -o /tmp/bin/base)
#   dotnet build bench/LoopFunctions.Benchmarks -c Release -o /tmp/bin/new
#   bench/ab.sh OUT.jsonl base=/tmp/bin/base new=/tmp/bin/new [ROUNDS] [N]
# Each round runs hello5 and sequential on synchronous=NORMAL and FULL for each build, the builds' order flipped every
# round; each process makes 2 runs (the first pays JIT warm-up). Lines are tagged "build":LABEL.
# Medians and ratios: python3 bench/ab_summary.py OUT.jsonl
set -euo pipefail
out="$1"; a="$2"; b="$3"; rounds="${4:-3}"; n="${5:-1000}"
run() {
  local label="${1%%=*}" dir="${1#*=}" scenario="$2" sync="$3"
  dotnet "$dir/LoopFunctions.Benchmarks.dll" "$scenario" --provider sqlite --sync "$sync" --n "$n" --runs 2 \
    | sed -u "s/^{/{\"build\":\"$label\",/" | tee -a "$out"
}
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then first="$a"; second="$b"; else first="$b"; second="$a"; fi
  for scenario in hello5 sequential; do
    for sync in normal full; do
      run "$first" "$scenario" "$sync"
      run "$second" "$scenario" "$sync"
    done
  done
done
