#!/usr/bin/env bash
# LoopFunctions' SQLite backend against Restate and DBOS Transact (the harness in ../shared/peers), alternated in one
# session: each round runs our scenarios on synchronous=NORMAL, then each peer's same scenarios (A, B, A, B),
# so every system sees the same machine load. Raw JSON lines (one per run, tagged "system" and "round") go to OUT;
# the medians per system, scenario and n to OUT's .medians.txt (bench/peers_summary.py).
#   bench/peers.sh [OUT] [ROUNDS]        env: PEERS_SRC (default ../shared/peers), SCENARIOS, SYSTEMS, SYNCS
# The peers folder is copied to a temporary directory first (it is read-only where it is found), npm installs there
# (Restate's server binary comes with @restatedev/restate-server); PostgreSQL 15 must be installed
# (/usr/lib/postgresql/15/bin). Ports used by the peers: 8080, 9070, 9080 (Restate), 5433 (PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/results/$(date -u +%F)-peers.jsonl}"
rounds="${2:-4}"
src="${PEERS_SRC:-../shared/peers}"
scenarios="${SCENARIOS:-sequential:1000 sequential:4000 hello5:1000 fanout:2000 latency:200}"
systems="${SYSTEMS:-restate dbos-ts}"
syncs="${SYNCS:-full durable}" # after the peers; normal runs before them
out="$(realpath -m "$out")"
mkdir -p "$(dirname "$out")"

work="$(mktemp -d /tmp/loopfn-peers-XXXXXX)"
chmod 755 "$work" # PostgreSQL runs as the postgres user and must reach its data folder inside
trap 'for s in $systems; do [ -x "$work/peers/$s/down.sh" ] && "$work/peers/$s/down.sh" >/dev/null 2>&1 || true; done' EXIT
cp -r "$src" "$work/peers"
for s in $systems; do (cd "$work/peers/$s" && npm install --no-audit --no-fund >/dev/null 2>&1) || { echo "npm install failed in $s" >&2; exit 1; }; done

dotnet build bench/LoopFunctions.Benchmarks -c Release -nologo -v q >/dev/null
ours() {  # round sync
  for sc in $scenarios; do
    # Two runs per process: the first pays the JIT (tagged -cold), the second is the warm engine of a long-lived host.
    dotnet run -c Release --no-build --project bench/LoopFunctions.Benchmarks -- "${sc%%:*}" --provider sqlite --n "${sc##*:}" --sync "$2" --runs 2 \
      | grep '^{' | sed "s/^{/{\"system\":\"loopfunctions-sqlite-$2\",\"round\":$1,/" \
      | sed '/"run":1,/ s/"system":"\([^"]*\)"/"system":"\1-cold"/' | tee -a "$out"
  done
}
peer() {  # round system
  local log; log="$(cd "$work/peers" && SYSTEMS="$2" REPS=1 SCENARIOS="$scenarios" ./run-all.sh 2>&1)" || true
  local dir; dir="$(printf '%s\n' "$log" | sed -n 's/^results in //p' | tail -1)"
  if [[ -z $dir || ! -s "$work/peers/$dir/runs.jsonl" ]]; then
    printf '%s\n' "$log" | tail -20 >&2
    echo "{\"system\":\"$2\",\"round\":$1,\"error\":\"run-all.sh produced no runs\"}" | tee -a "$out"
    return
  fi
  grep -h '' "$work/peers/$dir/env.txt" | sed 's/^/# /' >> "$out"
  sed "s/^{/{\"round\":$1,/" "$work/peers/$dir/runs.jsonl" | tee -a "$out"
}
# The disk's sync latency sets what FULL and the peers can reach; it differs between machines of one kind (0.16 ms p50
# on one, several times that on another), so every round records it beside the load.
fsync_probe() {
  python3 - "$work" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT)
times = []
for _ in range(200):
    os.write(fd, b"x" * 4096)
    start = time.perf_counter()
    os.fsync(fd)
    times.append(time.perf_counter() - start)
os.close(fd)
os.remove(path)
times.sort()
print("fsync p50 %.3f ms p90 %.3f ms" % (times[100] * 1e3, times[180] * 1e3))
PY
}
for round in $(seq 1 "$rounds"); do
  echo "# round $round $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) $(fsync_probe)" | tee -a "$out"
  ours "$round" normal
  for s in $systems; do peer "$round" "$s"; done
  for sync in $syncs; do ours "$round" "$sync"; done
done
python3 bench/peers_summary.py "$out" | tee "${out%.jsonl}.medians.txt"
rm -rf "$work"
