"""`chatterbox voices search` and `voices install NAME` against a catalog in piper's voices.json format, served
by a local HTTP server in the test (tests never reach a model hub): success with progress, an interrupted
download resumed with a Range request, a digest mismatch refused with nothing installed."""
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import threading

import pytest

from conftest import BIN

FOLDER = "/usr/local/share/chatterbox_tts/voices"
FILES = {"onnx": f"{FOLDER}/en_US-joe-medium.onnx", "onnx.json": f"{FOLDER}/en_US-joe-medium.onnx.json"}


class Catalog(http.server.ThreadingHTTPServer):
    """Serves a folder with Range support; `break_next` cuts the next .onnx response off halfway."""
    def __init__(self, root):
        self.root, self.break_next, self.ranges = root, False, []
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = os.path.join(self.server.root, self.path.lstrip("/"))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        start = 0
        if self.headers.get("Range"):
            self.server.ranges.append(self.headers["Range"])
            start = int(self.headers["Range"].split("=")[1].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        if path.endswith(".onnx") and self.server.break_next:
            self.server.break_next = False
            self.wfile.write(data[start:start + (len(data) - start) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        self.wfile.write(data[start:])


@pytest.fixture
def catalog(tmp_path):
    root = tmp_path / "hub"
    voices = {}
    for key, md5_wrong in (("en_US-tester-medium", False), ("en_US-tampered-medium", True)):
        folder = root / "en" / "en_US" / key.split("-")[1] / "medium"
        folder.mkdir(parents=True)
        files = {}
        for ext, source in FILES.items():
            target = folder / f"{key}.{ext}"
            shutil.copy(source, target)
            digest = hashlib.md5(target.read_bytes()).hexdigest()
            if md5_wrong and ext == "onnx":
                digest = "0" * 32
            files[str(target.relative_to(root))] = {"size_bytes": target.stat().st_size, "md5_digest": digest}
        voices[key] = {"key": key, "name": key.split("-")[1], "quality": "medium", "num_speakers": 1,
                       "language": {"code": "en_US", "family": "en", "region": "US", "name_native": "English",
                                    "name_english": "English", "country_english": "United States"},
                       "files": files, "speaker_id_map": {}, "aliases": []}
    (root / "voices.json").write_text(json.dumps(voices))
    server = Catalog(str(root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def run(tmp_path, catalog, *args):
    env = dict(os.environ, CHATTERBOX_VOICES_CATALOG_URL=f"http://127.0.0.1:{catalog.server_address[1]}/voices.json")
    result = subprocess.run([os.path.abspath(BIN), "voices", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    return result.returncode, result.stdout, result.stderr


def installed(tmp_path):
    folder = tmp_path / "_data" / "voices"
    return sorted(name for name in os.listdir(folder) if not name.startswith(".")) if folder.is_dir() else []


def test_search_then_install_with_progress(tmp_path, catalog):
    code, out, err = run(tmp_path, catalog, "search", "tester")
    assert code == 0 and "en_US-tester-medium" in out and "en_US-tampered-medium" not in out and "1 of 2 voices" in out, out + err
    code, out, err = run(tmp_path, catalog, "install", "en_US-tester-medium")
    assert code == 0, err
    assert "installed piper:en_US-tester-medium" in out
    assert "100%" in err and "25%" in err, err  # one progress line per quarter when not on a terminal
    assert installed(tmp_path) == ["en_US-tester-medium.onnx", "en_US-tester-medium.onnx.json"]
    code, out, err = run(tmp_path, catalog, "list")
    assert "piper:en_US-tester-medium" in out
    code, out, err = run(tmp_path, catalog, "install", "en_US-tester-mediun")
    assert code == 1 and "did you mean en_US-tester-medium" in err, err


def test_an_interrupted_download_resumes(tmp_path, catalog):
    catalog.break_next = True
    code, out, err = run(tmp_path, catalog, "install", "en_US-tester-medium")
    assert code == 1 and "run the same command again to resume" in err, err
    assert installed(tmp_path) == []  # nothing half-installed where voices are listed
    code, out, err = run(tmp_path, catalog, "install", "en_US-tester-medium")
    assert code == 0, err
    assert catalog.ranges and catalog.ranges[-1].startswith("bytes=") and catalog.ranges[-1] != "bytes=0-", catalog.ranges
    assert installed(tmp_path) == ["en_US-tester-medium.onnx", "en_US-tester-medium.onnx.json"]
    assert not (tmp_path / "_data" / "voices" / ".downloads" / "en_US-tester-medium").exists()


def test_a_digest_mismatch_installs_nothing(tmp_path, catalog):
    code, out, err = run(tmp_path, catalog, "install", "en_US-tampered-medium")
    assert code == 1 and "does not match the catalog's MD5" in err, err
    assert installed(tmp_path) == []
    assert not (tmp_path / "_data" / "voices" / ".downloads" / "en_US-tampered-medium").exists()
