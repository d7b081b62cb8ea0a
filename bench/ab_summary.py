#!/usr/bin/env python3
"""Medians of bench/ab.sh's lines per build, scenario and sync (warm runs only: run >= 2), and each build's ratio to
the first label given (default "base").

    python3 bench/ab_summary.py OUT.jsonl [BASE_LABEL]
"""
import json
import statistics
import sys
from collections import defaultdict

base = sys.argv[2] if len(sys.argv) > 2 else "base"
groups = defaultdict(list)
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        if line.startswith("{"):
            row = json.loads(line)
            if row.get("run", 1) >= 2:
                groups[(row["scenario"], row.get("sync"), row["build"])].append(row)


def med(rows, field):
    values = [r[field] for r in rows if isinstance(r.get(field), (int, float))]
    return statistics.median(values) if values else None


print("scenario\tsync\tbuild\truns\tload1\tper_sec\tcpu_s_per_1k\tper_sec/base\tcpu/base")
for (scenario, sync, build), rows in sorted(groups.items()):
    ref = groups.get((scenario, sync, base), [])
    rate, cpu = med(rows, "per_sec"), med(rows, "worker_cpu_s_per_1k")
    rate0, cpu0 = med(ref, "per_sec"), med(ref, "worker_cpu_s_per_1k")
    ratio = lambda x, y: f"{x / y:.2f}" if x and y else "-"
    print(f"{scenario}\t{sync}\t{build}\t{len(rows)}\t{med(rows, 'load1_before'):.1f}\t{rate:.1f}\t{cpu:.3f}\t{ratio(rate, rate0)}\t{ratio(cpu, cpu0)}")
