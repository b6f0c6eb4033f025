"""Writes bench/queue.sh's results (one JSON line per store) into docs/benchmarks.md between the QUEUE markers."""
import datetime
import json
import os
import sys

from doc_block import replace_block

doc, results = sys.argv[1], [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
n = sys.argv[3]
block = [f"Run on {datetime.date.today()}, {os.cpu_count()} CPU cores, release build, default settings but `jobs.concurrency` (1 is the default). "
         f"Throughput: {n} tiny espeak jobs (`Job N.`) from 8 HTTP submitters, timed from the first submit to the last success. "
         "Under load: one 300-sentence Piper job running, then 200 Piper submissions one at a time. "
         "Goals: at least 500 jobs/s, submit p99 under 10 ms, submit p99 under 50 ms while a long job runs.", "",
         "| store | jobs.concurrency | jobs/s | submit p50 ms | submit p99 ms | p50 ms under load | p99 ms under load |",
         "|---|---|---|---|---|---|---|"]
for r in results:
    t, u = r["throughput"], r["under_load"]
    block.append(f"| {r['store']} | {r['concurrency']} | {t['jobs_per_s']:.0f} | {t['p50']:.1f} | {t['p99']:.1f} | {u['p50']:.1f} | {u['p99']:.1f} |")
print("\n".join(block))
replace_block(doc, "QUEUE", block, "Queue overhead (`bash bench/queue.sh`)")
