"""The security suite: each fault found by probing the server as an attacker on the local network
would, reproduced against the real binary, and what must hold instead (issue 13)."""
import os
import signal
import socket
import subprocess
import threading
import time

import requests

from conftest import BIN, assert_error

# Texts that smashed libespeak-ng's stack inside the server process (1.51 and 1.52).
CRASHERS = ["a." * 100, "U.S. " * 60, "e.g. " * 60, "i.e. " * 100, "a.," * 150, "é." * 100, "a.b. " * 100]
SPEECH = {"model": "tts-1", "voice": "alloy", "response_format": "wav"}


def speech(server, text, **extra):
    return server.post("/v1/audio/speech", json={**SPEECH, "input": text, **extra})


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def test_crash_texts_never_take_the_server_down(server):
    pid = server.proc.pid
    for text in CRASHERS:
        for voice in ["alloy", "espeak:en-us"]:
            r = speech(server, text, voice=voice)
            assert r.status_code in (200, 400), (text[:12], voice, r.status_code, r.text[:200])
            if r.status_code == 400:
                assert r.json()["error"]["code"] == "text_not_speakable"
        assert server.proc.poll() is None, f"the server died on {text[:12]!r}"
    job = server.post("/jobs", json={"text": CRASHERS[0]}).json()
    assert server.wait_job(job["id"])["status"] in ("succeeded", "failed")
    assert server.proc.pid == pid and server.proc.poll() is None
    assert server.get("/health").status_code == 200


def test_espeak_runs_in_helper_processes_that_see_no_secrets(make_server):
    server = make_server("helpers", api_api_keys="secret-key-123", jobs_store_password="pg-secret-456")
    key = {"Authorization": "Bearer secret-key-123"}
    assert server.post("/v1/audio/speech", json={**SPEECH, "input": "Hello."}, headers=key).status_code == 200
    helpers = [p for p in children(server.proc.pid) if b"espeak-helper" in open(f"/proc/{p}/cmdline", "rb").read()]
    assert helpers, "no espeak-ng helper process runs beside the server"
    for helper in helpers:
        environment = open(f"/proc/{helper}/environ", "rb").read()
        assert b"CHATTERBOX_" not in environment and b"secret-key-123" not in environment and b"pg-secret-456" not in environment


def test_a_job_whose_process_keeps_dying_fails_as_crashed_worker(make_server):
    """The server is SIGKILLed while the job's first chunk renders, as a crashing engine would kill it:
    each take-back without progress counts an attempt; then the job fails and the server stays up."""
    # One chunk (under 400 characters, no clause marks), spoken slowly: seconds of model time before it is done.
    text = "This single long sentence " + "keeps the neural voice busy for a while and " * 8 + "then ends."
    import sqlite3

    server = make_server("poison", jobs_max_attempts=2)
    job = server.post("/jobs", json={"text": text, "speed": 0.25}).json()
    database = os.path.join(server.workdir, "_data", "jobs.sqlite")
    for _ in range(2):
        # Kill the moment this process holds the job (its node id carries its pid), long before the chunk is done.
        deadline = time.time() + 60
        while True:
            with sqlite3.connect(database, timeout=10) as db:
                status, owner = db.execute("SELECT status, lease_owner FROM jobs WHERE id = ?", (job["id"],)).fetchone()
            if status == "running" and f"/{server.proc.pid}/" in (owner or ""):
                break
            assert status in ("queued", "running") and time.time() < deadline, status
            time.sleep(0.01)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        server.launch()
    server.wait_ready()
    done = server.wait_job(job["id"], timeout=60)
    assert done["status"] == "failed" and done["error"]["code"] == "crashed_worker", done
    assert "without finishing a chunk" in done["error"]["message"]
    # A job that makes progress is not punished: the next one succeeds on the same server.
    ok = server.post("/jobs", json={"text": "Fine. Still fine."}).json()
    assert server.wait_job(ok["id"])["status"] == "succeeded"


def test_long_digit_runs_are_linear_and_health_stays_fast(make_server):
    server = make_server("digits")
    start = time.perf_counter()
    r = server.post("/jobs", json={"text": "1" * 20_000, "voice": "espeak:en-us"})
    assert r.status_code == 202, r.text[:200]
    submit = time.perf_counter() - start
    assert submit < 10, f"submitting 20,000 digits took {submit:.1f} s"
    # Two such syntheses at once: /health still answers at once (text work runs off the HTTP threads).
    streams = [requests.post(server.url + "/v1/audio/speech", json={**SPEECH, "input": "1" * 20_000, "voice": "espeak:en-us"},
                             stream=True, timeout=120) for _ in range(2)]
    started = time.perf_counter()
    assert server.get("/health", timeout=10).status_code == 200
    assert time.perf_counter() - started < 2
    for stream in streams:
        assert stream.status_code == 200
        next(stream.iter_content(chunk_size=4096))
        stream.close()  # the client goes away: its synthesis must stop and free its place
    deadline = time.time() + 30
    while time.time() < deadline:
        r = speech(server, "Places are free again.", voice="espeak:en-us")
        if r.status_code == 200:
            break
        time.sleep(0.5)
    assert r.status_code == 200, r.text[:200]


def test_a_long_stream_keeps_memory_flat(make_server):
    server = make_server("stream")
    text = "This sentence is spoken again and again to make a very long stream. " * 1400
    with requests.post(server.url + "/v1/audio/speech", json={**SPEECH, "input": text, "voice": "espeak:en-us", "response_format": "pcm",
                                                              "sample_rate": 192000, "speed": 0.25}, stream=True, timeout=120) as r:
        assert r.status_code == 200
        samples, received, started = [], 0, time.time()
        for piece in r.iter_content(chunk_size=1 << 16):
            received += len(piece)
            if time.time() - started > len(samples) * 3:
                samples.append(rss_mb(server.proc.pid))
            if time.time() - started > 30:
                break
    print(f"\nstreamed {received / 1e6:.0f} MB in 30 s; server RSS (MB) every 3 s: {[round(s) for s in samples]}")
    assert received > 100_000_000
    assert max(samples[2:]) - samples[2] < 60, samples


def open_stalled_speech(server, text):
    """A speech request whose answer is never read."""
    s = socket.create_connection(("127.0.0.1", server.port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    body = ('{"model": "tts-1", "voice": "espeak:en-us", "response_format": "pcm", "sample_rate": 192000, "input": "%s"}' % text).encode()
    s.sendall(b"POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    return s


def test_stalled_readers_are_dropped_and_their_places_freed(make_server):
    server = make_server("stall", api_write_timeout_seconds=3)
    stalled = [open_stalled_speech(server, "A long text nobody reads. " * 2000) for _ in range(2)]
    time.sleep(1)
    started = time.perf_counter()
    r = speech(server, "I should not wait for the stalled ones.", voice="espeak:en-us")
    waited = time.perf_counter() - started
    assert r.status_code == 200
    assert waited < 15, f"the third request waited {waited:.1f} s behind two stalled readers"
    for s in stalled:
        s.close()


def test_one_client_cannot_hold_every_speech_place(make_server):
    server = make_server("share", api_speech_per_client=1)
    slow = threading.Thread(target=lambda: speech(server, "A longer text to keep the place busy for a moment. " * 40, voice="espeak:en-us"))
    slow.start()
    time.sleep(0.3)
    r = speech(server, "Me too.", voice="espeak:en-us")
    slow.join()
    assert_error(r, 429, "speech_busy")
    assert r.headers["retry-after"] == "1"


def test_slow_headers_are_cut_off(make_server):
    server = make_server("slowloris", api_idle_timeout_seconds=2)
    sockets = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(30)]
    for s in sockets:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        s.settimeout(10)
    started = time.time()
    closed = 0
    for s in sockets:
        try:
            while True:
                s.sendall(b"X-Slow: 1\r\n")
                if s.recv(1, socket.MSG_DONTWAIT) == b"":
                    break
        except BlockingIOError:
            time.sleep(0.2)
            try:
                while s.recv(1, socket.MSG_DONTWAIT) != b"":
                    pass
            except BlockingIOError:
                if time.time() - started > 8:
                    break
                continue
        except OSError:
            pass
        closed += 1
    assert time.time() - started < 8 and closed == 30, f"{closed} of 30 dribbling connections closed after {time.time() - started:.1f} s"
    assert server.get("/health").status_code == 200


def test_cross_site_requests_and_rebinding_are_refused(server):
    evil = {"Origin": "https://evil.example"}
    r = requests.post(server.url + "/jobs", files={"file": ("a.txt", b"Hello.")}, headers=evil, timeout=30)
    assert_error(r, 403, "origin_not_allowed")
    assert_error(requests.delete(server.url + "/jobs/x", headers=evil, timeout=30), 403, "origin_not_allowed")
    r = requests.post(server.url + "/v1/audio/speech", data=b'{"input": "hi", "voice": "alloy"}', timeout=30)
    assert_error(r, 415, "unsupported_media_type")
    r = requests.post(server.url + "/v1/audio/speech", data=b'{"input": "hi"}', headers={"Content-Type": "text/plain"}, timeout=30)
    assert_error(r, 415, "unsupported_media_type")
    for host in ["attacker.example", "attacker.example:%d" % server.port, "192.168.1.5"]:
        assert_error(requests.get(server.url + "/jobs", headers={"Host": host}, timeout=30), 403, "host_not_allowed")
    # The page's own origin, a listed CORS origin, and loopback names are fine.
    same = {"Origin": server.url, "Content-Type": "application/json"}
    assert requests.post(server.url + "/jobs", data=b'{"text": "Same origin."}', headers=same, timeout=30).status_code == 202
    listed = {"Origin": "https://app.example"}
    assert requests.post(server.url + "/jobs", json={"text": "Listed origin."}, headers=listed, timeout=30).status_code == 202
    for host in ["localhost:%d" % server.port, "127.0.0.1:%d" % server.port, "[::1]:%d" % server.port]:
        assert requests.get(server.url + "/jobs?limit=1", headers={"Host": host}, timeout=30).status_code == 200


def test_allowed_hosts_lets_a_name_in(make_server):
    server = make_server("hosts", api_allowed_hosts="tts.lan")
    assert requests.get(server.url + "/health", headers={"Host": "tts.lan:8080"}, timeout=30).status_code == 200
    assert_error(requests.get(server.url + "/health", headers={"Host": "evil.lan"}, timeout=30), 403, "host_not_allowed")


def test_no_secret_in_any_output(tmp_path):
    secret = "pg-Pa55word"
    env = {**os.environ, "CHATTERBOX_JOBS_STORE": f"postgres://chatterbox:{secret}@127.0.0.1:1/db?sslmode=disable",
           "CHATTERBOX_API_API_KEYS": "key-abcdef123"}
    for args in (["config", "show"], ["config", "show", "--json"], ["config", "show", "--sources"], ["config", "validate"], ["worker"]):
        out = subprocess.run([BIN, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        text = out.stdout + out.stderr
        assert secret not in text and "key-abcdef123" not in text, (args, text[-500:])
        if args[:2] == ["config", "show"] or args == ["worker"]:
            assert "chatterbox:***@" in text or "chatterbox@127.0.0.1" in text, (args, text[-300:])
    env["CHATTERBOX_JOBS_STORE"] = f"mysql://chatterbox:{secret}@127.0.0.1/db"
    out = subprocess.run([BIN, "config", "validate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and secret not in out.stderr and "***" in out.stderr


def test_smaller_leaks(make_server, server):
    r = server.get("/jobs?limit=1")
    assert r.headers["x-content-type-options"] == "nosniff" and "no-store" in r.headers["cache-control"]
    page = server.get("/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"] and page.headers["x-frame-options"] == "DENY"
    job = server.post("/jobs", json={"text": "Cache me not."}).json()
    server.wait_job(job["id"])
    assert "no-store" in server.get(f"/jobs/{job['id']}/download").headers["cache-control"]
    assert_error(server.post("/jobs", json={"text": "Who speaks?", "params": {"speaker": "99999"}}), 400)
    keyed = make_server("keyed", api_api_keys="the-key", api_rate_limit=0)
    # Without a key /health says how things are, not where they are or which processes run.
    health = keyed.get("/health").json()
    assert set(health) == {"status", "timestamp", "checks"} and "/" not in str(health["checks"])
    assert "uptime_seconds" in keyed.get("/health", headers={"X-API-Key": "the-key"}).json()
    # Guessing keys is slowed down: after 10 refusals a minute, 429.
    codes = [keyed.get("/jobs", headers={"X-API-Key": f"guess-{n}"}).status_code for n in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429], codes


def test_twenty_sigkills_while_forty_jobs_run_lose_and_double_nothing(make_server, tmp_path):
    """Jobs that make progress between kills are never punished by the crash accounting: twenty SIGKILLs of
    `chatterbox api` while 40 jobs (some long) run, more submitted between kills; every job succeeds exactly
    once and its audio equals an uninterrupted synthesis (noise 0)."""

    import random
    import sqlite3

    import soundfile

    random.seed(13)
    server = make_server("kills", jobs_concurrency=2)
    words = "the river wound through a quiet valley where farmers and fishermen had lived for many years".split()

    def text(sentences):
        return " ".join(" ".join(random.choice(words) for _ in range(random.randint(5, 12))).capitalize() + "." for _ in range(sentences))

    def submit(sentences):
        r = server.post("/jobs", json={"text": text(sentences), "params": {"noise_scale": "0", "noise_w": "0"}})
        assert r.status_code == 202, r.text
        return r.json()["id"]

    jobs = [submit(12 if n % 6 == 0 else random.randint(1, 3)) for n in range(30)]

    def progress():
        page = server.get("/jobs?limit=100").json()["jobs"]
        return {j["id"]: (j["status"], j["progress"]["chunks_done"]) for j in page}

    for kill in range(20):
        before = progress()
        deadline = time.time() + 90
        # Kill only once every job running since the restart has finished a chunk (or the queue is done).
        while time.time() < deadline:
            now = progress()
            running = [i for i, (status, _) in now.items() if status == "running"]
            if all(i in before and now[i][1] > before[i][1] for i in running) and (running or kill > 0):
                break
            if all(status in ("succeeded", "failed") for status, _ in now.values()):
                break
            time.sleep(0.05)
        time.sleep(random.uniform(0, 0.8))
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        server.start()
        if kill < 10:
            jobs.append(submit(random.randint(1, 4)))
    assert len(jobs) == 40
    finished = {job_id: server.wait_job(job_id, timeout=300) for job_id in jobs}
    assert all(job["status"] == "succeeded" for job in finished.values()), \
        {i: (j["status"], j.get("error")) for i, j in finished.items() if j["status"] != "succeeded"}
    database = sqlite3.connect(os.path.join(server.workdir, "_data", "jobs.sqlite"))
    counts = dict(database.execute("SELECT job_id, COUNT(*) FROM job_events WHERE kind = 'succeeded' GROUP BY job_id").fetchall())
    assert all(counts.get(job_id) == 1 for job_id in jobs), counts
    # The long jobs, resumed across kills, sound exactly like one uninterrupted synthesis.
    for job_id in [j for j in jobs if finished[j]["progress"]["chunks_total"] >= 12][:3]:
        job_text = database.execute("SELECT text FROM jobs WHERE id = ?", (job_id,)).fetchone()[0]
        reference = tmp_path / f"{job_id}.wav"
        subprocess.run([BIN, "synth", job_text, "-o", str(reference), "--param", "noise_scale=0", "--param", "noise_w=0"],
                       cwd=server.workdir, check=True, capture_output=True, timeout=300)
        downloaded = tmp_path / f"{job_id}-job.wav"
        downloaded.write_bytes(server.get(f"/jobs/{job_id}/download").content)
        expected, _ = soundfile.read(str(reference), dtype="int16")
        got, _ = soundfile.read(str(downloaded), dtype="int16")
        assert len(expected) == len(got) and (expected == got).all(), job_id
    print(f"\n20 SIGKILLs: 40/40 succeeded exactly once; attempts: {sorted(j['attempts'] for j in finished.values())}")

