#!/usr/bin/env bash
# The new stack against the engine it replaced, in one session: each scenario alternates between this checkout's
# bench and OLD's (a checkout of the last commit with the home-made engine, 338cb03), three runs per process (the
# first includes JIT warm-up), twice, so both see the same load. Appends JSON lines to OUT, the old engine's tagged
# "build":"old"; bench/summarize.py OUT prints the medians.
#   git worktree add ../old 338cb03 && bench/baseline.sh ../old OUT
set -euo pipefail
cd "$(dirname "$0")/.."
old="${1:?usage: bench/baseline.sh OLD_CHECKOUT [OUT]}"
out="${2:-bench-results.jsonl}"
dotnet build bench/LoopFunctions.Benchmarks -c Release -nologo -v q
dotnet build "$old/bench/LoopFunctions.Benchmarks" -c Release -nologo -v q
for round in 1 2; do
  for s in sqlite-raw sequential fanout hello5 latency idle; do
    dotnet run -c Release --no-build --project bench/LoopFunctions.Benchmarks -- "$s" --provider sqlite --runs 3 | tee -a "$out"
    dotnet run -c Release --no-build --project "$old/bench/LoopFunctions.Benchmarks" -- "$s" --provider sqlite --runs 3 \
      | sed 's/^{/{"build":"old",/' | tee -a "$out"
  done
done
