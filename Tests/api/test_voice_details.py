"""GET /voices/{id}: one voice in full, read from the real installed files."""
import hashlib
import os
import time

import requests

JOE = "piper:en_US-joe-medium"
FOLDER = "/usr/local/share/chatterbox_tts/voices"


def test_a_piper_voice_shows_its_files_digests_model_card_and_licence(server):
    r = server.get(f"/voices/{JOE}")
    assert r.status_code == 200, r.text
    voice = r.json()
    assert (voice["id"], voice["engine"], voice["sample_rate"], voice["is_default"]) == (JOE, "piper", 22050, True)
    assert voice["source"] == FOLDER and voice["can_speak"] and "problem" not in voice
    files = {os.path.basename(f["path"]): f for f in voice["files"]}
    assert set(files) == {"en_US-joe-medium.onnx", "en_US-joe-medium.onnx.json"}
    for name, entry in files.items():
        path = os.path.join(FOLDER, name)
        assert entry["bytes"] == os.path.getsize(path)
        assert entry["sha256"] == hashlib.sha256(open(path, "rb").read()).hexdigest()
    assert voice["model_card"].startswith("# Model card for joe") and voice["license"] == "CC0"
    assert voice["installed_at"].endswith("Z") or "+" in voice["installed_at"]


def test_aliases_bare_names_and_espeak_voices_resolve_and_unknown_ids_are_404(server):
    assert server.get("/voices/alloy").json()["id"] == JOE
    assert server.get("/voices/en_US-joe-medium").json()["id"] == JOE
    espeak = server.get("/voices/espeak:en-us").json()
    assert espeak["can_speak"] and espeak["source"].startswith("espeak-ng 1.52"), espeak
    assert espeak["files"] == [] and espeak["speakers"] == []
    r = server.get("/voices/piper:nobody")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found", r.text


def test_a_voice_that_cannot_speak_says_why(make_server):
    s = make_server(start=False, engines_onnxruntime_library="/nonexistent/libonnxruntime.so").launch()
    deadline = time.time() + 60
    while True:  # /ready never comes without ONNX Runtime; wait for the server to answer at all
        try:
            r = s.get(f"/voices/{JOE}")
            break
        except requests.ConnectionError:
            assert time.time() < deadline, "server did not answer"
            time.sleep(0.2)
    voice = r.json()
    assert r.status_code == 200 and voice["can_speak"] is False, voice
    assert "libonnxruntime" in voice["problem"], voice
