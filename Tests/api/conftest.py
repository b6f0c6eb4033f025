"""Starts the real `chatterbox api` binary on free loopback ports for the API tests.

TEST_CHATTERBOX_BIN names the binary. Each server runs in its own working directory (its own
SQLite store) and is stopped with SIGTERM, which must end it cleanly (exit 0)."""
import os
import signal
import socket
import subprocess
import time

import pytest
import requests

BIN = os.environ.get("TEST_CHATTERBOX_BIN", ".build/debug/chatterbox")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DEFAULT_PORT = 2050  # api.port's default: the port users open in their browser


class Server:
    def __init__(self, workdir, default_port=False, **settings):
        self.workdir = str(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        self.port, self.metrics_port, self.wyoming_port = DEFAULT_PORT if default_port else free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.metrics_url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        self.env = dict(os.environ)
        self.env.update({"CHATTERBOX_MONITORING_METRICS_PORT": str(self.metrics_port), "CHATTERBOX_WYOMING_PORT": str(self.wyoming_port),
                         "CHATTERBOX_API_HOST": "127.0.0.1", "CHATTERBOX_LOGGING_LEVEL": "info"})
        if not default_port:
            self.env["CHATTERBOX_API_PORT"] = str(self.port)
        self.env.update({f"CHATTERBOX_{k.upper()}": str(v) for k, v in settings.items()})
        self.proc = None
        self.log = os.path.join(self.workdir, "server.log")

    def launch(self):
        """Starts the process without waiting for it to be ready."""
        log = open(self.log, "ab")
        self.proc = subprocess.Popen([os.path.abspath(BIN), "api"], cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return self

    def start(self, timeout=90):
        return self.launch().wait_ready(timeout)

    def wait_ready(self, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            assert self.proc.poll() is None, f"server exited early: {open(self.log).read()[-2000:]}"
            try:
                if requests.get(self.url + "/ready", timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise AssertionError("server not ready in time: " + open(self.log).read()[-2000:])

    def stop(self, timeout=60):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            code = self.proc.wait(timeout=timeout)
            assert code == 0, f"server exit code {code}: {open(self.log).read()[-2000:]}"

    def get(self, path, **kw):
        return requests.get(self.url + path, timeout=kw.pop("timeout", 60), **kw)

    def post(self, path, **kw):
        return requests.post(self.url + path, timeout=kw.pop("timeout", 120), **kw)

    def delete(self, path, **kw):
        return requests.delete(self.url + path, timeout=kw.pop("timeout", 60), **kw)

    def put(self, path, **kw):
        return requests.put(self.url + path, timeout=kw.pop("timeout", 60), **kw)

    def patch(self, path, **kw):
        return requests.patch(self.url + path, timeout=kw.pop("timeout", 60), **kw)

    def wait_job(self, job_id, timeout=120, headers=None):
        deadline = time.time() + timeout
        while time.time() < deadline:
            job = self.get(f"/jobs/{job_id}", headers=headers).json()
            if job["status"] in ("succeeded", "failed", "cancelled"):
                return job
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} not finished: {job}")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """An open server (no API keys, no rate limit worth hitting)."""
    s = Server(tmp_path_factory.mktemp("open"), api_rate_limit=0, api_max_body_bytes=200_000,
               api_cors_origins="https://app.example", jobs_concurrency=2).start()
    yield s
    s.stop()


@pytest.fixture
def make_server(tmp_path):
    """Starts servers with given settings; stops them after the test."""
    servers = []

    def make(name="s", start=True, **settings):
        s = Server(tmp_path / name, **settings)
        servers.append(s)
        return s.start() if start else s
    yield make
    for s in servers:
        s.stop()


def assert_error(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]
