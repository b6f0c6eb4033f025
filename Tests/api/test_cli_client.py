"""`chatterbox jobs …` as a client of a running server."""
import json
import os
import subprocess

import soundfile

from conftest import BIN


def cli(server, *args, stdin=None, key=None):
    env = dict(os.environ)
    if key:
        env["CHATTERBOX_API_KEY"] = key
    return subprocess.run([os.path.abspath(BIN), "jobs", *args, "--url", server.url], input=stdin, capture_output=True, text=True,
                          env=env, timeout=300, cwd=server.workdir)


def test_submit_wait_download_list_status(server, tmp_path):
    out = tmp_path / "client.mp3"
    r = cli(server, "submit", "The command line client speaks. It waits for the job.", "--wait", "-o", str(out), "--json")
    assert r.returncode == 0, r.stderr
    job = json.loads(r.stdout)
    assert job["status"] == "succeeded" and job["format"] == "mp3"
    audio, rate = soundfile.read(out)
    assert rate == 22050 and len(audio) / rate > 2
    r = cli(server, "status", job["id"])
    assert r.returncode == 0 and job["id"] in r.stdout and "succeeded" in r.stdout
    r = cli(server, "list", "--status", "succeeded", "--limit", "100", "--json")
    assert job["id"] in [j["id"] for j in json.loads(r.stdout)["jobs"]]
    again = tmp_path / "again.mp3"
    assert cli(server, "download", job["id"], "-o", str(again)).returncode == 0 and again.read_bytes() == out.read_bytes()
    r = cli(server, "delete", job["id"])
    assert r.returncode == 0 and r.stdout.strip() == f"deleted job {job['id']}", r.stderr
    r = cli(server, "status", job["id"])
    assert r.returncode == 1 and "no job" in r.stderr


def test_stdin_file_cancel_and_wait(server, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Read from a file. " * 60)
    r = cli(server, "submit", "--file", str(story), "--priority=-100", "--json")
    job = json.loads(r.stdout)
    r = cli(server, "cancel", job["id"], "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["status"] in ("cancelled", "running")
    r = cli(server, "wait", job["id"])
    assert r.returncode == 1 and "cancelled" in r.stderr
    running = json.loads(cli(server, "submit", "Not yet finished. " * 40, "--priority=-100", "--json").stdout)
    r = cli(server, "delete", running["id"])
    assert r.returncode == 1 and "cancel it before deleting it" in r.stderr
    cli(server, "cancel", running["id"])
    r = cli(server, "submit", "-", "--wait", stdin="From standard input.")
    assert r.returncode == 0 and "succeeded" in r.stdout


def test_errors_are_one_line_and_exit_1(server):
    r = cli(server, "status", "no-such-job")
    assert r.returncode == 1 and r.stderr.strip().count("\n") == 0 and "no job" in r.stderr
    r = cli(server, "submit", "Hi.", "--voice", "nobody")
    assert r.returncode == 1 and "no voice 'nobody'" in r.stderr
    r = subprocess.run([os.path.abspath(BIN), "jobs", "list", "--url", "http://127.0.0.1:9"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "cannot reach the server" in r.stderr
    r = subprocess.run([os.path.abspath(BIN), "jobs", "submit", "-o", "x.wav", "text"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
