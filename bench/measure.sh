#!/usr/bin/env bash
# The README's Performance tables: each comparison back to back in one session, so both sides share the machine's
# load. Appends JSON lines to OUT; each line carries load1_before and its time. Medians: group the lines by scenario,
# provider, workers, sessions, handoff and n.
#   bench/measure.sh OUT [all|sqlite|sync|ab|azure|growth|latency30|guard|scale]    (all: about an hour on the project's 2-core VM)
# Medians: python3 bench/summarize.py OUT
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results.jsonl}"
part="${2:-all}"
dotnet build bench/LoopFunctions.Benchmarks -c Release -nologo -v q
bench() { dotnet run -c Release --no-build --project bench/LoopFunctions.Benchmarks -- "$@" --runs 3 | tee -a "$out"; }

if [[ $part == all || $part == sqlite ]]; then
  # SQLite on its defaults (extended sessions on, handoff on), the worker in the benchmark process.
  for s in sqlite-raw sequential fanout hello5 latency idle; do bench "$s" --provider sqlite; done
fi
if [[ $part == all || $part == sync ]]; then
  # Equal durability with the peers: synchronous=FULL (every commit synced) against the default NORMAL, alternated.
  for round in 1 2; do
    for s in sequential hello5; do bench "$s" --provider sqlite --sync normal; bench "$s" --provider sqlite --sync full; done
  done
fi
if [[ $part == guard ]]; then
  # The regression guard: CPU per work item against the previous run recorded in bench/results/guard.jsonl (exit 3
  # and REGRESSION on stderr when more than 15% worse). Compare on a machine about as loaded as the recorded run.
  for s in sequential hello5; do
    dotnet run -c Release --no-build --project bench/LoopFunctions.Benchmarks -- "$s" --provider sqlite --runs 3 \
      --guard bench/results/guard.jsonl --tolerance 0.15 | tee -a "$out"
  done
fi
if [[ $part == all || $part == ab ]]; then
  # What extended sessions and the handoff buy: each pair alternated, twice, so both sides see the same load.
  for round in 1 2; do
    bench sequential --provider sqlite
    bench sequential --provider sqlite --sessions off
    bench sequential --provider sqlite --handoff off
    bench fanout --provider sqlite
    bench fanout --provider sqlite --handoff off
    bench hello5 --provider sqlite
    bench hello5 --provider sqlite --handoff off
  done
fi
if [[ $part == all || $part == azure ]]; then
  # DurableTask.AzureStorage on Azurite, 1 and 3 worker processes, on its defaults (extended sessions off) except
  # latency: with the default 30 s maxQueuePollingInterval an idle worker polls its queues up to 30 s apart, so a start
  # after a quiet moment waits for the next poll; latency runs at 1 s (and once on the default, under "latency30").
  for w in 1 3; do
    for s in sequential fanout hello5 idle; do bench "$s" --provider azure --workers "$w"; done
    bench latency --provider azure --workers "$w" --poll-max-ms 1000
  done
  # Blob leases (the default) against the table partition manager, where partitions move between three workers.
  for s in hello5 fanout; do bench "$s" --provider azure --workers 3 --partitions table; done
  # What extended sessions buy on Azure Storage.
  bench sequential --provider azure --workers 1 --sessions on
  bench fanout --provider azure --workers 1 --sessions on
fi
if [[ $part == all || $part == scale ]]; then
  # Azure Storage scale-out on a loaded machine (README "Under load"): 1 and 3 workers on LoopFunctions' defaults,
  # measured once the partitions have spread over the workers; hello5 also reports its longest gap (max_gap_s) and
  # fails (exit 4) past the scale-out test's stall bound, 190 s (a killed worker's lease + acquire + control visibility).
  for w in 3 1; do
    bench hello5 --provider azure --workers "$w" --max-gap 190
    bench fanout --provider azure --workers "$w" --n 1000
  done
fi
if [[ $part == all || $part == growth ]]; then
  # History growth over a longer run, with and without extended sessions (the slowest part).
  bench sequential --provider sqlite --n 4000
  bench sequential --provider sqlite --n 4000 --sessions off
fi
if [[ $part == all || $part == latency30 ]]; then
  # Azure Storage latency on the default 30 s polling interval (slow: each start may wait for the next poll).
  bench latency --provider azure --workers 1 --n 10
fi
