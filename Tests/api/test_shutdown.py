"""SIGTERM while jobs run -> the server exits 0 -> a restart finishes them: every job succeeds
exactly once (one `succeeded` event per job in the store's audit trail)."""
import os
import sqlite3
import time

from conftest import Server

LONG = " ".join(f"Sentence {i} of a job that is long enough to be interrupted." for i in range(1, 16))


def test_sigterm_mid_run_then_restart_completes_every_job_exactly_once(tmp_path):
    s = Server(tmp_path / "graceful", jobs_concurrency=2, api_rate_limit=0).start()
    ids = [s.post("/jobs", json={"text": LONG, "format": "wav"}).json()["id"] for _ in range(6)]
    deadline = time.time() + 120
    while time.time() < deadline:
        running = [j for j in s.get("/jobs?status=running").json()["jobs"] if j["progress"]["chunks_done"] > 0]
        if len(running) == 2:
            break
        time.sleep(0.1)
    assert len(running) == 2, "two jobs should be running with progress before SIGTERM"
    started = time.time()
    s.stop(timeout=60)  # asserts exit code 0
    print(f"\nstopped gracefully in {time.time() - started:.2f} s with 2 jobs running")
    db = sqlite3.connect(os.path.join(s.workdir, "_data", "jobs.sqlite"))
    rows = {row[0]: row[1:] for row in db.execute("SELECT id, status, lease_expires_at FROM jobs")}
    # Interrupted jobs keep their checkpoints; their leases were released (expire now), so any node takes them at once.
    for job_id in ids:
        status, lease = rows[job_id]
        assert status in ("queued", "succeeded") or (status == "running" and lease <= time.time()), rows[job_id]
    released = db.execute("SELECT COUNT(*) FROM job_events WHERE kind = 'released'").fetchone()[0]
    db.close()

    s.start()
    for job_id in ids:
        assert s.wait_job(job_id, timeout=300)["status"] == "succeeded"
    s.stop()
    db = sqlite3.connect(os.path.join(s.workdir, "_data", "jobs.sqlite"))
    counts = dict(db.execute("SELECT job_id, COUNT(*) FROM job_events WHERE kind = 'succeeded' GROUP BY job_id"))
    db.close()
    assert counts == {i: 1 for i in ids}, counts
    assert released >= 1
