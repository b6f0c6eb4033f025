"""Several nodes on one PostgreSQL job store (TEST_POSTGRES_URL; scripts/test.sh starts a server):
every job completes exactly once, any node serves any job's audio, and a node killed with SIGKILL
loses nothing — the other node takes its jobs once their leases expire."""
import io
import os
import re
import subprocess
import time
import uuid

import pytest
import soundfile

from conftest import Server

PG = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(PG is None, reason="TEST_POSTGRES_URL is not set")


def psql(url, sql):
    base = url.split("?")[0]
    return subprocess.run(["psql", base, "-qAtc", sql], capture_output=True, text=True, check=True).stdout


def two_nodes(tmp_path, **settings):
    schema = "multi_" + uuid.uuid4().hex[:12]
    url = f"{PG}?schema={schema}"
    nodes = [Server(tmp_path / name, jobs_store=url, api_rate_limit=0, **settings) for name in ("a", "b")]
    for node in nodes:  # started together on an empty schema: both migrate without error
        node.proc = None
    import threading
    threads = [threading.Thread(target=node.start) for node in nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return nodes, url, schema


def succeeded_counts(url, schema):
    rows = psql(url, f"SELECT job_id, COUNT(*) FROM {schema}.job_events WHERE kind = 'succeeded' GROUP BY job_id")
    return {line.split("|")[0]: int(line.split("|")[1]) for line in rows.splitlines() if line}


def test_200_jobs_across_two_nodes_complete_exactly_once_and_download_anywhere(tmp_path):
    (a, b), url, schema = two_nodes(tmp_path)
    try:
        ids = []
        for i in range(200):
            node = (a, b)[i % 2]
            r = node.post("/jobs", json={"text": f"Job number {i}.", "format": "wav", "params": {"noise_scale": 0, "noise_w": 0}})
            assert r.status_code == 202, r.text
            ids.append(r.json()["id"])
        deadline = time.time() + 600
        while time.time() < deadline:
            counts = a.get("/health").json()["checks"]["queue"]
            if counts["succeeded"] == 200:
                break
            time.sleep(1)
        assert counts["succeeded"] == 200 and counts["failed"] == 0, counts
        assert succeeded_counts(url, schema) == {i: 1 for i in ids}
        # In the logs too: each job's success is logged by exactly one node, and both nodes worked.
        logs = {n: open(n.log).read() for n in (a, b)}
        per_node = {n: set(re.findall(r"job ([0-9a-f-]{36}) succeeded", text)) for n, text in logs.items()}
        assert per_node[a].isdisjoint(per_node[b]) and per_node[a] | per_node[b] == set(ids)
        assert len(per_node[a]) > 20 and len(per_node[b]) > 20, {n.workdir: len(s) for n, s in per_node.items()}
        for job_id in ids[::10]:
            from_a, from_b = a.get(f"/jobs/{job_id}/download"), b.get(f"/jobs/{job_id}/download")
            assert from_a.status_code == from_b.status_code == 200 and from_a.content == from_b.content
            audio, rate = soundfile.read(io.BytesIO(from_a.content))
            assert rate == 22050 and len(audio) > 5000
        print(f"\n200 jobs: node a ran {len(per_node[a])}, node b ran {len(per_node[b])}")
    finally:
        a.stop()
        b.stop()


def test_sigkill_one_node_the_other_finishes_its_jobs(tmp_path):
    (a, b), url, schema = two_nodes(tmp_path, jobs_lease_seconds=4)
    long_text = " ".join(f"Sentence {i} of a job that takes a while." for i in range(12))
    try:
        ids = [(a, b)[i % 2].post("/jobs", json={"text": long_text}).json()["id"] for i in range(8)]
        deadline = time.time() + 120
        while time.time() < deadline:
            running_on_a = psql(url, f"SELECT COUNT(*) FROM {schema}.jobs WHERE status = 'running' AND chunks_done > 0 "
                                     f"AND lease_owner LIKE '%/{a.proc.pid}/%'").strip()
            if running_on_a == "1":
                break
            time.sleep(0.1)
        assert running_on_a == "1", "node a should be mid-job before the kill"
        a.proc.kill()
        a.proc.wait()
        for job_id in ids:
            assert b.wait_job(job_id, timeout=300)["status"] == "succeeded"
        assert succeeded_counts(url, schema) == {i: 1 for i in ids}
        reclaimed = psql(url, f"SELECT COUNT(*) FROM {schema}.job_events WHERE kind = 'started' AND detail LIKE 'reclaimed%'").strip()
        assert int(reclaimed) >= 1
        print(f"\nSIGKILL: node b reclaimed {reclaimed} job(s) after the lease expired; 8/8 succeeded once")
    finally:
        b.stop()
