#!/usr/bin/env bash
# A/B of builds of the benchmark, alternated in one session so all see the same load (issue 22's CPU per work item).
# Build each side into its own folder first, e.g. the baseline from main:
#   git archive main | tar -x -C /tmp/base && (cd /tmp/base && dotnet build bench/LoopFunctions.Benchmarks -c Release -o /tmp/bin/base)
#   dotnet build bench/LoopFunctions.Benchmarks -c Release -o /tmp/bin/new
#   bench/ab.sh OUT.jsonl ROUNDS N base=/tmp/bin/base new=/tmp/bin/new [more=/dir ...]
# Each round runs hello5 and sequential (N instances / steps) on synchronous=NORMAL and FULL for each build, the
# builds' order rotated every round; each process makes 2 runs (the first pays JIT warm-up). Lines are tagged
# "build":LABEL. Medians and ratios to the first build: python3 bench/ab_summary.py OUT.jsonl base
set -euo pipefail
out="$1"; rounds="$2"; n="$3"; shift 3
builds=("$@")
run() {
  local label="${1%%=*}" dir="${1#*=}" scenario="$2" sync="$3"
  dotnet "$dir/LoopFunctions.Benchmarks.dll" "$scenario" --provider sqlite --sync "$sync" --n "$n" --runs 2 \
    | sed -u "s/^{/{\"build\":\"$label\",/" | tee -a "$out"
}
for ((round = 0; round < rounds; round++)); do
  order=("${builds[@]:round % ${#builds[@]}}" "${builds[@]:0:round % ${#builds[@]}}")
  for scenario in hello5 sequential; do
    for sync in normal full; do
      for build in "${order[@]}"; do run "$build" "$scenario" "$sync"; done
    done
  done
done
