"""Every example in examples/ runs against a real server and exits 0; the example configuration is valid."""
import os
import subprocess
import sys

from conftest import BIN

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(args, server, tmp_path, **extra):
    env = dict(os.environ, CHATTERBOX_URL=server.url, OUT=str(tmp_path / "out"), CHATTERBOX_BIN=os.path.abspath(BIN), **extra)
    result = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def test_basic_usage(server, tmp_path):
    out = run(["bash", os.path.join(ROOT, "examples/basic_usage.sh")], server, tmp_path)
    assert "event: succeeded" in out
    assert (tmp_path / "out" / "hello.mp3").stat().st_size > 5000 and (tmp_path / "out" / "job.ogg").stat().st_size > 5000


def test_batch_processing(server, tmp_path):
    out = run(["bash", os.path.join(ROOT, "examples/batch_processing.sh"), "", str(tmp_path / "batch")], server, tmp_path)
    assert out.count("done ") == 3 and sorted(os.listdir(tmp_path / "batch")) == ["one.mp3", "three.mp3", "two.mp3"]


def test_openai_client(server, tmp_path):
    out = run([sys.executable, os.path.join(ROOT, "examples/openai_client.py"), str(tmp_path / "oa")], server, tmp_path)
    assert "first bytes after" in out and (tmp_path / "oa" / "openai.mp3").exists() and (tmp_path / "oa" / "espeak.wav").exists()


def test_custom_config_is_valid():
    result = subprocess.run([os.path.abspath(BIN), "config", "validate", os.path.join(ROOT, "examples/custom_config.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
