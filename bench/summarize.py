#!/usr/bin/env python3
"""Medians of the JSON lines bench/measure.sh and bench/baseline.sh append: one row per configuration.

    python3 bench/summarize.py OUT
"""
import json
import statistics
import sys
from collections import defaultdict

KEY = ("build", "scenario", "provider", "workers", "partitions", "sessions", "handoff", "sync", "poll_max_ms", "n")
FIELDS = ("per_sec", "p50_ms", "p99_ms", "rss_mb", "growth", "worker_cpu_s_per_1k", "storage_cpu_s_per_1k")

groups = defaultdict(list)
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        line = line.strip()
        if line.startswith("{"):
            row = json.loads(line)
            groups[tuple(row.get(k, "new" if k == "build" else None) for k in KEY)].append(row)

print("\t".join(KEY + ("runs", "load1") + FIELDS))
for key, rows in sorted(groups.items(), key=lambda kv: tuple(str(x) for x in kv[0])):
    def median(field):
        values = [r[field] for r in rows if isinstance(r.get(field), (int, float))]
        return f"{statistics.median(values):.4g}" if values else "-"
    print("\t".join([str(k) for k in key] + [str(len(rows)), median("load1_before")] + [median(f) for f in FIELDS]))
