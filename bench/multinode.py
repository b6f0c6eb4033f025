"""bench/multinode.sh's driver: N jobs through 1 node, then through 2 nodes, on fresh PostgreSQL schemas."""
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

binary, pg, n, doc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]


def call(url, body=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body else None, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def run(nodes):
    schema = "bench_" + uuid.uuid4().hex[:10]
    procs, urls = [], []
    for i in range(nodes):
        port = 24049 + 10 * i
        env = dict(os.environ, CHATTERBOX_API_PORT=str(port), CHATTERBOX_MONITORING_METRICS_PORT=str(port + 1), CHATTERBOX_API_RATE_LIMIT="0",
                   CHATTERBOX_JOBS_STORE=f"{pg}?schema={schema}", CHATTERBOX_LOGGING_LEVEL="warning")
        procs.append(subprocess.Popen([binary, "api", "--no-watch"], cwd=tempfile.mkdtemp(), env=env))
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        for _ in range(300):
            try:
                call(url + "/ready")
                break
            except Exception:
                time.sleep(0.2)
    started = time.perf_counter()
    for i in range(n):
        call(urls[i % nodes] + "/jobs", {"text": f"Benchmark job number {i}. It has two sentences.", "format": "wav"})
    while call(urls[0] + "/health")["checks"]["queue"]["succeeded"] < n:
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
    return elapsed


one, two = run(1), run(2)
block = [f"Run on {datetime.date.today()}, {os.cpu_count()} CPU cores, PostgreSQL on loopback; {n} jobs of two short sentences, "
         "submitted round-robin, timed until all succeeded.", "",
         "| nodes | seconds | jobs/s |", "|---|---|---|",
         f"| 1 | {one:.1f} | {n / one:.2f} |", f"| 2 (same machine) | {two:.1f} | {n / two:.2f} |"]
print("\n".join(block))
text = open(doc).read()
begin, end = "<!-- MULTINODE:BEGIN -->", "<!-- MULTINODE:END -->"
head, rest = text.split(begin, 1)
open(doc, "w").write(head + begin + "\n" + "\n".join(block) + "\n" + end + rest.split(end, 1)[1])
