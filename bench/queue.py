"""bench/queue.sh's driver: the job queue's own overhead over HTTP, on a real server.

1. throughput: N tiny espeak jobs from 8 submitter threads (one keep-alive connection each); submit latency
   per request, and jobs completed per second from the first submit to the last success.
2. submit under load: one long Piper job running, then tiny Piper submissions one at a time; their latency
   shows whether validation waits for the engine (it must not).
Usage: python3 bench/queue.py BINARY STORE N   (STORE: sqlite or a postgres:// URL)
"""
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

binary, store, n = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3])
PORT = 25049


def start(extra=None):
    env = dict(os.environ, CHATTERBOX_API_PORT=str(PORT), CHATTERBOX_MONITORING_METRICS_PORT=str(PORT + 1), CHATTERBOX_API_RATE_LIMIT="0",
               CHATTERBOX_LOGGING_LEVEL="warning", **(extra or {}))
    if store != "sqlite":
        env["CHATTERBOX_JOBS_STORE"] = f"{store}{'&' if '?' in store else '?'}schema=bench_{uuid.uuid4().hex[:10]}"
    proc = subprocess.Popen([binary, "api", "--no-watch"], cwd=tempfile.mkdtemp(), env=env)
    for _ in range(600):
        try:
            call("GET", "/ready")
            return proc
        except Exception:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def call(method, path, body=None, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request(method, path, body=json.dumps(body) if body else None, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = json.loads(response.read() or b"null")
    if own:
        connection.close()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data}")
    return data


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


def throughput(concurrency):
    proc = start({"CHATTERBOX_JOBS_CONCURRENCY": str(concurrency)})
    latencies, lock = [], threading.Lock()

    def submitter(worker):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        mine = []
        for i in range(worker, n, 8):
            t = time.perf_counter()
            call("POST", "/jobs", {"text": f"Job {i}.", "voice": "espeak:en-us", "format": "wav"}, connection)
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=submitter, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    submitted = time.perf_counter() - started
    while call("GET", "/health")["checks"]["queue"]["succeeded"] < n:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    proc.send_signal(signal.SIGTERM)
    proc.wait()
    return {"jobs_per_s": n / elapsed, "seconds": elapsed, "submit_seconds": submitted,
            "p50": percentile(latencies, 50), "p99": percentile(latencies, 99)}


def submit_under_load(count=200):
    proc = start()
    long_text = " ".join(f"Sentence number {i} of a long job that keeps the engine busy." for i in range(300))
    job = call("POST", "/jobs", {"text": long_text, "voice": "piper:en_US-joe-medium", "priority": 100})
    while call("GET", f"/jobs/{job['id']}")["status"] != "running":
        time.sleep(0.05)
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    latencies = []
    for i in range(count):
        t = time.perf_counter()
        call("POST", "/jobs", {"text": f"Tiny job {i}.", "voice": "piper:en_US-joe-medium", "priority": -1}, connection)
        latencies.append(time.perf_counter() - t)
    still_running = call("GET", f"/jobs/{job['id']}")["status"] == "running"
    proc.send_signal(signal.SIGTERM)
    proc.wait()
    return {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99), "long_job_running": still_running}


label = "SQLite" if store == "sqlite" else "PostgreSQL (loopback)"
load = submit_under_load()
for concurrency in (1, 2):
    print(json.dumps({"store": label, "concurrency": concurrency, "throughput": throughput(concurrency), "under_load": load}))
