"""Every route over real loopback HTTP against the real binary."""
import io
import json
import os
import socket
import time

import requests
import soundfile

from conftest import assert_error


def submit(server, **body):
    body.setdefault("text", "Hello from the test suite. This is a second sentence.")
    r = server.post("/jobs", json=body)
    assert r.status_code == 202, r.text
    return r.json()


def test_job_lifecycle_json_download_and_list(server):
    job = submit(server, format="flac")
    assert job["status"] == "queued" and job["progress"] == {"chunks_done": 0, "chunks_total": 0}
    done = server.wait_job(job["id"])
    assert done["status"] == "succeeded" and done["progress"]["chunks_done"] == done["progress"]["chunks_total"] == 2
    assert done["download_url"] == f"/jobs/{job['id']}/download" and done["audio_seconds"] > 1
    r = server.get(done["download_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "audio/flac"
    assert r.headers["content-disposition"] == f'attachment; filename="chatterbox-{job["id"]}.flac"'
    audio, rate = soundfile.read(io.BytesIO(r.content))
    assert rate == 22050 and abs(len(audio) / rate - done["audio_seconds"]) < 0.01
    page = server.get("/jobs?status=succeeded&limit=100").json()
    assert job["id"] in [j["id"] for j in page["jobs"]]


def test_every_format_downloads_with_its_content_type(server):
    types = {"wav": "audio/wav", "flac": "audio/flac", "ogg": "audio/ogg", "opus": "audio/ogg; codecs=opus", "mp3": "audio/mpeg", "pcm": "audio/pcm"}
    jobs = {fmt: submit(server, text="Formats are fun.", format=fmt) for fmt in types}
    for fmt, job in jobs.items():
        assert server.wait_job(job["id"])["status"] == "succeeded"
        r = server.get(f"/jobs/{job['id']}/download")
        assert r.status_code == 200 and r.headers["content-type"] == types[fmt], fmt
        if fmt == "pcm":
            assert len(r.content) % 2 == 0 and len(r.content) > 20000
        else:
            audio, _ = soundfile.read(io.BytesIO(r.content))
            assert len(audio) > 10000, fmt


def test_pagination_cursor_walks_all_jobs_newest_first(server):
    ids = [submit(server, text=f"Page test number {i}.", priority=-5)["id"] for i in range(5)]
    seen, cursor = [], None
    while True:
        page = server.get("/jobs", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["jobs"]) <= 2
        seen += [j["id"] for j in page["jobs"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [i for i in seen if i in ids] == list(reversed(ids))
    assert len(seen) == len(set(seen))


def test_idempotency_key_returns_the_same_job_and_conflicts_on_a_new_body(server):
    headers = {"Idempotency-Key": f"key-{time.time()}"}
    first = server.post("/jobs", json={"text": "Only once."}, headers=headers)
    again = server.post("/jobs", json={"text": "Only once."}, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"] and again.headers.get("idempotent-replayed") == "true"
    assert_error(server.post("/jobs", json={"text": "Something else."}, headers=headers), 409, "idempotency_conflict")


def test_multipart_text_file_upload(server):
    r = server.post("/jobs", files={"file": ("story.txt", b"A story from a file. It has two sentences.", "text/plain")},
                    data={"format": "mp3", "speed": "1.2", "params": '{"noise_scale": 0}'})
    assert r.status_code == 202, r.text
    job = server.wait_job(r.json()["id"])
    assert job["status"] == "succeeded" and job["format"] == "mp3" and job["speed"] == 1.2
    assert_error(server.post("/jobs", files={"file": ("tool.exe", b"MZ\x00\x01", "application/octet-stream")}), 415, "unsupported_file_type")
    assert_error(server.post("/jobs", files={"file": ("bad.txt", b"\xff\xfe\x00bad", "text/plain")}), 415, "unsupported_file_type")
    assert_error(server.post("/jobs", files={"other": ("x.txt", b"hello", "text/plain")}), 400, "missing_field")


def test_cancel_queued_job_and_finished_job_conflicts(server):
    job = submit(server, text="Cancel me. " * 40, priority=-100)
    r = server.delete(f"/jobs/{job['id']}")
    assert r.status_code == 200 and r.json()["status"] in ("cancelled", "running")
    assert server.wait_job(job["id"])["status"] == "cancelled"
    assert_error(server.delete(f"/jobs/{job['id']}"), 409, "already_finished")
    assert_error(server.get(f"/jobs/{job['id']}/download"), 409, "not_finished")


def test_purge_deletes_a_finished_job_its_history_and_its_audio(server):
    job = server.wait_job(submit(server, text="Forget me once I am spoken.")["id"])
    assert job["status"] == "succeeded" and server.get(f"/jobs/{job['id']}/download").status_code == 200
    audio = [os.path.join(d, f) for d, _, files in os.walk(os.path.join(server.workdir, "_data", "audio")) for f in files if job["id"] in f]
    assert len(audio) == 1, audio
    assert_error(server.delete(f"/jobs/{job['id']}?purge=maybe"), 400, "invalid_purge")
    r = server.delete(f"/jobs/{job['id']}?purge=true")
    assert r.status_code == 204 and r.content == b""
    assert_error(server.get(f"/jobs/{job['id']}"), 404, "not_found")
    assert not os.path.exists(audio[0])
    assert job["id"] not in [j["id"] for j in server.get("/jobs?limit=100").json()["jobs"]]
    assert_error(server.delete(f"/jobs/{job['id']}?purge=true"), 404, "not_found")
    queued = submit(server, text="Still waiting. " * 40, priority=-100)
    assert_error(server.delete(f"/jobs/{queued['id']}?purge=true"), 409, "not_finished")
    assert server.get(f"/jobs/{queued['id']}").status_code == 200
    server.delete(f"/jobs/{queued['id']}")
    assert server.wait_job(queued["id"])["status"] == "cancelled"
    assert server.delete(f"/jobs/{queued['id']}?purge=true").status_code == 204


def test_events_stream_progress_then_final_event(server):
    job = submit(server, text="One. Two. Three. Four.")
    with requests.get(f"{server.url}/jobs/{job['id']}/events", stream=True, timeout=120) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "text/event-stream"
        events = [line.split(": ", 1)[1] for line in r.iter_lines(decode_unicode=True) if line.startswith("event: ")]
    assert events[0] == "progress" and events[-1] == "succeeded" and events.count("succeeded") == 1


def test_unknown_ids_and_path_tricks_are_404(server):
    assert_error(server.get("/jobs/00000000-0000-0000-0000-000000000000"), 404, "not_found")
    assert_error(server.get("/jobs/nope/download"), 404)
    assert_error(server.delete("/jobs/nope"), 404)
    assert_error(server.get("/jobs/nope/events"), 404)
    for path in ["/jobs/..%2F..%2Fetc%2Fpasswd", "/jobs/%2e%2e/download", "/jobs/a%2Fb/download", "/jobs/..%5c..%5cboot.ini"]:
        assert_error(server.get(path), 404)
    # Raw `../` sent as is (requests would normalise it), on a raw socket.
    with socket.create_connection(("127.0.0.1", server.port)) as s:
        s.sendall(b"GET /jobs/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 404") and b"root:" not in answer


def test_bad_input_is_400_with_a_json_error(server):
    cases = [({"text": ""}, "empty_text"), ({"text": "..."}, "empty_text"), ({"voice": "nosuch:voice"}, "unknown_voice"),
             ({"format": "wma"}, "unsupported_format"), ({"speed": 9}, "invalid_speed"), ({"priority": 1000}, "invalid_priority"),
             ({"format": "opus", "sample_rate": 44100}, "invalid_sample_rate"), ({"format": "flac", "sample_rate": 65536}, "invalid_sample_rate"), ({"params": {"bogus": 1}}, "invalid_parameter"),
             ({"text": 5}, "invalid_type"), ({"voice": None, "speed": "fast"}, "invalid_type")]
    for extra, code in cases:
        body = {"text": "Hello.", **extra}
        assert_error(server.post("/jobs", json=body), 400, code)
    assert_error(server.post("/jobs", json={}), 400, "missing_field")
    assert_error(server.post("/jobs", data="{not json", headers={"content-type": "application/json"}), 400, "invalid_json")
    assert_error(server.post("/jobs", data="text=hi", headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    assert_error(server.get("/jobs?status=bogus"), 400, "invalid_status")
    assert_error(server.get("/jobs?limit=0"), 400, "invalid_limit")
    assert_error(server.get("/jobs?cursor=abc"), 400, "invalid_cursor")
    assert_error(server.post("/jobs", json={"text": "x" * 300_000}), 413, "body_too_large")
    assert_error(server.put("/voices"), 404)  # Hummingbird answers an unrouted method as an unknown route
    assert_error(server.post("/voices"), 415, "unsupported_media_type")  # a voice is uploaded as multipart/form-data


def test_body_limit_applies_to_chunked_bodies(server):
    def chunks():
        for _ in range(100):
            yield b"a" * 10_000
    assert_error(server.post("/jobs", data=chunks(), headers={"content-type": "application/json"}), 413, "body_too_large")


def test_catalog_routes(server):
    voices = server.get("/voices").json()
    ids = [v["id"] for v in voices["voices"]]
    assert voices["default"] == "piper:en_US-joe-medium" and "piper:en_US-joe-medium" in ids and "espeak:en-us" in ids
    openai_voices = {v["id"]: v for v in server.get("/v1/audio/voices").json()["voices"]}
    assert openai_voices["alloy"]["voice"] == "piper:en_US-joe-medium" and openai_voices["alloy"]["installed"]
    models = server.get("/v1/models").json()
    assert models["object"] == "list" and "tts-1" in [m["id"] for m in models["data"]]


def test_health_ready_metrics_and_openapi(server):
    health = server.get("/health").json()
    assert health["status"] == "healthy"
    assert set(health["checks"]) == {"model", "disk_space", "memory", "queue", "python_engines", "wyoming", "espeak"}
    espeak = health["checks"]["espeak"]
    assert espeak["status"] == "ok" and espeak["version"].startswith("1.52"), espeak  # scripts/install.sh installs 1.52
    assert health["checks"]["python_engines"]["detail"].startswith("off")
    assert health["checks"]["model"]["voice"] == "piper:en_US-joe-medium" and health["device"]["cpu_cores"] >= 1
    assert server.get("/ready").json() == {"status": "ready"}
    submit(server, text="Count me in the metrics.")
    time.sleep(1)
    text = requests.get(server.metrics_url, timeout=30).text
    for name in ["chatterbox_http_requests_total", "chatterbox_queue_jobs", "chatterbox_process_resident_memory_bytes",
                 "chatterbox_job_duration_seconds", "chatterbox_audio_seconds_total", "chatterbox_real_time_factor"]:
        assert name in text, name
    assert 'chatterbox_http_requests_total{route="/jobs",method="POST",status="202"}' in text
    doc = server.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1") and "/v1/audio/speech" in doc["paths"]


def test_cors_for_listed_origins_only(server):
    pre = requests.options(server.url + "/jobs", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}, timeout=10)
    assert pre.status_code in (200, 204) and pre.headers["access-control-allow-origin"] == "https://app.example"
    assert server.get("/voices", headers={"Origin": "https://app.example"}).headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in server.get("/voices", headers={"Origin": "https://evil.example"}).headers


def test_request_ids_are_returned(server):
    a, b = server.get("/health"), server.get("/health")
    assert a.headers["x-request-id"] and a.headers["x-request-id"] != b.headers["x-request-id"]


def test_api_keys_guard_everything_but_health_and_ready(make_server):
    s = make_server("auth", api_api_keys="secret-one,secret-two", api_rate_limit=0)
    assert s.get("/health").status_code == 200 and s.get("/ready").status_code == 200
    for path in ["/voices", "/jobs", "/v1/models", "/openapi.json"]:
        assert_error(s.get(path), 401, "unauthorized")
    assert_error(s.get("/voices", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    assert s.get("/voices", headers={"Authorization": "Bearer secret-one"}).status_code == 200
    assert s.get("/voices", headers={"X-API-Key": "secret-two"}).status_code == 200
    r = s.post("/v1/audio/speech", json={"input": "Keyed.", "voice": "alloy", "response_format": "wav"}, headers={"X-API-Key": "secret-one"})
    assert r.status_code == 200 and r.content[:4] == b"RIFF"


def test_rate_limit_gives_429_with_retry_after(make_server):
    s = make_server("limited", api_rate_limit=6, api_rate_burst=3)
    job = lambda: s.post("/jobs", json={"text": "Rate me."})
    statuses = [job().status_code for _ in range(6)]
    assert statuses[:3] == [202, 202, 202] and 429 in statuses[3:]
    r = job()
    err = assert_error(r, 429, "rate_limited")
    assert int(r.headers["retry-after"]) >= 1 and "per minute" in err["message"]
    assert all(s.get("/health").status_code == 200 for _ in range(10))
    # Reads have their own, 20 times larger bucket: following jobs is not refused after submitting.
    assert all(s.get("/voices").status_code == 200 for _ in range(50))
    time.sleep(int(r.headers["retry-after"]) + 0.2)
    assert job().status_code == 202
