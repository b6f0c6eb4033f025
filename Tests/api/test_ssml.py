"""SSML through every front door (issue 16 item 2), each element's audible effect measured on real audio
(noise 0, so renderings are deterministic)."""
import asyncio
import io
import subprocess

import numpy as np
import soundfile
from wyoming.audio import AudioChunk
from wyoming.client import AsyncTcpClient
from wyoming.tts import Synthesize

from conftest import BIN, assert_error

QUIET = {"noise_scale": "0", "noise_w": "0"}


def speak(server, text, **extra):
    body = {"model": "tts-1", "input": text, "response_format": "wav", "params": QUIET, **extra}
    if body.get("voice", "").startswith("espeak:"):
        body.pop("params")  # espeak-ng has no noise; it is deterministic anyway
    r = server.post("/v1/audio/speech", json=body)
    assert r.status_code == 200, r.text
    samples, rate = soundfile.read(io.BytesIO(r.content), dtype="float32")
    return samples, rate


def seconds(server, text):
    samples, rate = speak(server, text)
    return len(samples) / rate


def test_break_adds_exactly_its_time(server):
    plain = seconds(server, "<speak>Hello there. How are you?</speak>")
    assert abs(seconds(server, "<speak>Hello there. <break time=\"700ms\"/> How are you?</speak>") - plain - 0.7) <= 0.01
    assert abs(seconds(server, "<speak>Hello there. <break strength=\"x-strong\"/> How are you?</speak>") - plain - 1.0) <= 0.01
    # Plain SSML is the same audio as the plain text.
    assert np.array_equal(speak(server, "<speak>Hello there. How are you?</speak>")[0], speak(server, "Hello there. How are you?")[0])


def test_prosody_rate_and_volume(server):
    normal, rate = speak(server, "<speak>Turn on the kitchen lights.</speak>")
    slow, _ = speak(server, "<speak><prosody rate=\"50%\">Turn on the kitchen lights.</prosody></speak>")
    assert 1.6 < len(slow) / len(normal) < 2.2, (len(slow), len(normal))
    soft, _ = speak(server, "<speak><prosody volume=\"-12dB\">Turn on the kitchen lights.</prosody></speak>")
    level = 20 * np.log10(np.sqrt((soft ** 2).mean()) / np.sqrt((normal ** 2).mean()))
    assert abs(level + 12) < 0.2, level


def test_say_as_sub_and_phoneme_change_what_is_read(server):
    assert np.array_equal(speak(server, "<speak><say-as interpret-as=\"characters\">nasa</say-as></speak>")[0], speak(server, "N A S A")[0])
    assert np.array_equal(speak(server, "<speak><say-as interpret-as=\"ordinal\">3</say-as></speak>")[0], speak(server, "third")[0])
    assert np.array_equal(speak(server, "<speak><sub alias=\"World Wide Web\">WWW</sub></speak>")[0], speak(server, "World Wide Web")[0])
    ipa = speak(server, "<speak><phoneme alphabet=\"ipa\" ph=\"təmˈɑːtoʊ\">tomato</phoneme></speak>")[0]
    assert not np.array_equal(ipa, speak(server, "tomato")[0]) and len(ipa) > 0


def test_voice_switches_engines_inside_one_text(server):
    mixed, rate = speak(server, "<speak>Hello. <voice name=\"espeak:en-us\">Goodbye.</voice></speak>")
    hello, _ = speak(server, "Hello.")
    espeak, espeak_rate = speak(server, "Goodbye.", voice="espeak:en-us")
    piper_goodbye, _ = speak(server, "Goodbye.")
    assert rate == espeak_rate == 22050
    # Piper's "Hello." exactly, the sentence silence, then espeak-ng's "Goodbye." (espeak-ng's own vibrato runs on
    # from one synthesis to the next in a helper, so its samples are compared by length, which tells it from Piper's).
    assert np.array_equal(mixed[:len(hello)], hello)
    assert abs(len(mixed) - (len(hello) + 0.2 * rate + len(espeak))) <= 0.005 * rate
    assert abs(len(piper_goodbye) - len(espeak)) > 0.05 * rate


def test_hostile_and_malformed_documents_are_400(server):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;">]><speak>&lol2;</speak>')
    external = '<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>'
    for document in [laughs, external]:
        r = server.post("/v1/audio/speech", json={"model": "tts-1", "input": document})
        assert "DOCTYPE" in assert_error(r, 400, "invalid_ssml")["message"]
    r = server.post("/v1/audio/speech", json={"model": "tts-1", "input": "<speak>\n<prosody rate=\"fast\">unclosed</speak>"})
    assert "line 2" in assert_error(r, 400, "invalid_ssml")["message"]
    r = server.post("/jobs", json={"text": "<speak><break time=\"soon\"/></speak>", "text_format": "ssml"})
    assert_error(r, 400, "invalid_ssml")
    assert_error(server.post("/jobs", json={"text": "hi", "text_format": "html"}), 400, "invalid_text_format")


def test_jobs_and_wyoming_speak_ssml_like_the_speech_route(server):
    document = "<speak>Hello there. <break time=\"700ms\"/> <prosody rate=\"slow\">How are you?</prosody></speak>"
    expected = seconds(server, document)
    job = server.post("/jobs", json={"text": document, "text_format": "ssml", "format": "wav", "params": QUIET}).json()
    assert job["text_format"] == "ssml"
    assert server.wait_job(job["id"])["status"] == "succeeded"
    audio, rate = soundfile.read(io.BytesIO(server.get(f"/jobs/{job['id']}/download").content), dtype="float32")
    assert abs(len(audio) / rate - expected) < 0.01

    async def wyoming():
        async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
            await client.write_event(Synthesize(text=document, text_format="ssml").event())
            events = []
            while not events or events[-1].type not in ("audio-stop", "error"):
                events.append(await client.read_event())
            return events
    events = asyncio.run(asyncio.wait_for(wyoming(), 60))
    assert [e.type for e in events].count("audio-start") == 1 and events[-1].type == "audio-stop", events[-1]
    spoken = sum(AudioChunk.from_event(e).seconds for e in events if e.type == "audio-chunk")
    assert abs(spoken - expected) < 0.1 * expected, (spoken, expected)  # Wyoming's voice has noise on: durations vary a little


def test_cli_reads_ssml_and_reports_malformed_input_in_one_line(tmp_path):
    out = tmp_path / "a.wav"
    ok = subprocess.run([BIN, "synth", "<speak>Hi <break time=\"300ms\"/> there.</speak>", "-o", str(out)], capture_output=True, text=True)
    assert ok.returncode == 0 and out.exists(), ok.stderr
    bad = subprocess.run([BIN, "synth", "--ssml", "<speak>\n<break time=\"x\"/>", "-o", str(tmp_path / "b.wav")], capture_output=True, text=True)
    assert bad.returncode == 1 and "line 2" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
