#!/usr/bin/env bash
# The README's Performance table in one go: every comparison back to back in one session, so the figures share the
# machine's load. Appends JSON lines to $1 (default bench-results.jsonl); each line carries load1_before and its time.
# Takes about an hour on the project's 2-core VM.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results.jsonl}"
dotnet build bench/LoopFunctions.Benchmarks -c Release -nologo -v q
bench() { dotnet run -c Release --no-build --project bench/LoopFunctions.Benchmarks -- "$@" --runs 3 | tee -a "$out"; }

# SQLite, defaults (extended sessions on, handoff on), the worker in this process.
for s in sqlite-raw sequential fanout hello5 latency idle; do bench "$s" --provider sqlite; done
# What extended sessions and the handoff buy.
bench sequential --provider sqlite --sessions off
for s in sequential fanout hello5; do bench "$s" --provider sqlite --handoff off; done
# DurableTask.AzureStorage on Azurite, 1 and 3 worker processes (defaults: extended sessions off).
for w in 1 3; do
  for s in sequential fanout hello5 latency idle; do bench "$s" --provider azure --workers "$w"; done
done
bench sequential --provider azure --workers 1 --sessions on
# History growth over a longer run, with and without extended sessions (the slowest part: last).
bench sequential --provider sqlite --n 4000
bench sequential --provider sqlite --n 4000 --sessions off
