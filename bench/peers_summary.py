#!/usr/bin/env python3
"""Medians of bench/peers.sh's JSON lines: one row per system, scenario and n, with the ratio of each LoopFunctions
row to the best peer on the same scenario and n.

    python3 bench/peers_summary.py OUT.jsonl

cpu_ms_per_item is CPU per work item (a step or activity; a hello5 orchestration is 5): LoopFunctions counts its
whole process (worker, client and SQLite) over the measured section only; a peer counts its bench client, its
server and (Restate) its service endpoint over the whole invocation, start-up and warm-up call included, so the
peers' figure is somewhat high on short runs.
"""
import json
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        if line.startswith("{"):
            r = json.loads(line)
            if "error" not in r:
                rows[(r["system"], r["scenario"], r["n"])].append(r)


def items(r):
    return r["n"] * (5 if r["scenario"] == "hello5" else 1)


def cpu_ms(r):
    if "worker_cpu_s" in r:
        return r["worker_cpu_s"] * 1000 / items(r)
    if "client_cpu_s" in r:
        return (r["client_cpu_s"] + r.get("server_cpu_s", 0) + r.get("endpoint_cpu_s", 0)) * 1000 / items(r)
    return None


def med(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


table = {}
for key, rs in rows.items():
    table[key] = {
        "runs": len(rs),
        "per_sec": med([r.get("per_sec") for r in rs]),
        "p50_ms": med([r.get("p50_ms") for r in rs]),
        "p99_ms": med([r.get("p99_ms") for r in rs]),
        "cpu_ms_per_item": med([cpu_ms(r) for r in rs]),
    }


def fmt(v, digits=4):
    return "-" if v is None else f"{v:.{digits}g}"


print("system\tscenario\tn\truns\tper_sec\tp50_ms\tp99_ms\tcpu_ms_per_item\tper_sec/best_peer\tcpu/best_peer")
for key in sorted(table, key=lambda k: (k[1], k[2], k[0])):
    system, scenario, n = key
    t = table[key]
    peers = [v for (s, sc, nn), v in table.items() if sc == scenario and nn == n and not s.startswith("loopfunctions")]
    ratio_rate = ratio_cpu = None
    if system.startswith("loopfunctions") and peers:
        if scenario == "latency":
            best = min((p["p50_ms"] for p in peers if p["p50_ms"]), default=None)
            ratio_rate = best / t["p50_ms"] if best and t["p50_ms"] else None  # > 1: faster than the best peer
        else:
            best = max((p["per_sec"] for p in peers if p["per_sec"]), default=None)
            ratio_rate = t["per_sec"] / best if best and t["per_sec"] else None
        best_cpu = min((p["cpu_ms_per_item"] for p in peers if p["cpu_ms_per_item"]), default=None)
        ratio_cpu = t["cpu_ms_per_item"] / best_cpu if best_cpu and t["cpu_ms_per_item"] else None
    print("\t".join([system, scenario, str(n), str(t["runs"]), fmt(t["per_sec"]), fmt(t["p50_ms"]), fmt(t["p99_ms"]),
                     fmt(t["cpu_ms_per_item"], 3), fmt(ratio_rate, 3), fmt(ratio_cpu, 3)]))
