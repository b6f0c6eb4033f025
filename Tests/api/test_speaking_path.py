"""One speaking path: every front door (synth, batch, HTTP speech, jobs, the folder watcher, Wyoming) speaks
through the same session, so a voice's own default speed (PATCH /voices/{id}) applies wherever a request sets
none, and a request's own speed wins. The voice is the installed Piper voice under another name, with noise 0
as its default so lengths compare exactly."""
import asyncio
import io
import os
import shutil
import subprocess
import time
import wave

import openai
from wyoming.audio import AudioChunk, AudioStart
from wyoming.client import AsyncTcpClient
from wyoming.tts import Synthesize, SynthesizeVoice

from conftest import BIN

FOLDER = "/usr/local/share/chatterbox_tts/voices"
TEXT = "The same sentence is spoken through every front door of the server."
VOICE = "piper:reader"


def seconds(data):
    """Seconds of a WAV (a streamed one has an unknown length in its header: count the bytes)."""
    with wave.open(io.BytesIO(data)) as w:
        return (len(data) - 44) / 2 / w.getframerate()


def file_seconds(path):
    with wave.open(path) as w:
        return w.getnframes() / w.getframerate()


def cli(server, *args):
    result = subprocess.run([os.path.abspath(BIN), *args], cwd=server.workdir, env=server.env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wyoming_seconds(port):
    async def exchange():
        async with AsyncTcpClient("127.0.0.1", port) as client:
            await client.write_event(Synthesize(text=TEXT, voice=SynthesizeVoice(name=VOICE)).event())
            rate, samples = None, 0
            while True:
                event = await client.read_event()
                if AudioStart.is_type(event.type):
                    rate = AudioStart.from_event(event).rate
                elif AudioChunk.is_type(event.type):
                    samples += len(AudioChunk.from_event(event).audio) // 2
                elif event.type == "audio-stop":
                    return samples / rate
                else:
                    raise AssertionError(event)
    return asyncio.run(exchange())


def wait_for(path, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            return path
        time.sleep(0.2)
    raise AssertionError(f"{path} was not written")


def test_a_voices_default_speed_applies_at_every_front_door(make_server, tmp_path):
    s = make_server("doors", start=False, api_rate_limit=0, processing_model=VOICE, processing_output_format="wav",
                    jobs_concurrency=1, processing_early_first_audio="false")
    voices = os.path.join(s.workdir, "_data", "voices")
    os.makedirs(voices)
    shutil.copy(f"{FOLDER}/en_US-joe-medium.onnx", os.path.join(voices, "reader.onnx"))
    shutil.copy(f"{FOLDER}/en_US-joe-medium.onnx.json", os.path.join(voices, "reader.onnx.json"))
    s.start()
    quiet = {"noise_scale": 0, "noise_w": 0}
    assert s.patch(f"/voices/{VOICE}", json={"params": quiet}).status_code == 200
    client = openai.OpenAI(base_url=s.url + "/v1", api_key="unused")
    plain = seconds(client.audio.speech.create(model="tts-1", voice=VOICE, input=TEXT, response_format="wav").content)
    assert plain > 2
    assert s.patch(f"/voices/{VOICE}", json={"speed": 2}).status_code == 200

    def fast(length):
        return 0.4 < length / plain < 0.65

    def same(length):
        return abs(length - plain) < 0.02

    # HTTP speech
    assert fast(seconds(client.audio.speech.create(model="tts-1", voice=VOICE, input=TEXT, response_format="wav").content))
    assert same(seconds(client.audio.speech.create(model="tts-1", voice=VOICE, input=TEXT, response_format="wav", speed=1).content))
    # Jobs
    for body, check in (({}, fast), ({"speed": 1}, same)):
        job = s.post("/jobs", json={"text": TEXT, "voice": VOICE, "format": "wav", **body}).json()
        assert s.wait_job(job["id"])["status"] == "succeeded"
        assert check(seconds(s.get(f"/jobs/{job['id']}/download").content)), body
    # Wyoming (the protocol has no speed: the voice's own applies)
    assert fast(wyoming_seconds(s.wyoming_port))
    # The folder watcher (processing.model is the voice)
    with open(os.path.join(s.workdir, "_jobs_input_dir", "story.txt"), "w") as f:
        f.write(TEXT)
    assert fast(file_seconds(wait_for(os.path.join(s.workdir, "_jobs_output_dir", "story.wav"))))
    # synth and batch, from the server's folder (same voice folder, same defaults)
    out = str(tmp_path / "synth.wav")
    cli(s, "synth", TEXT, "-o", out, "--voice", VOICE)
    assert fast(file_seconds(out))
    cli(s, "synth", TEXT, "-o", out, "--voice", VOICE, "--speed", "1")
    assert same(file_seconds(out))
    books = tmp_path / "in"
    books.mkdir()
    (books / "a.txt").write_text(TEXT)
    cli(s, "batch", str(books), "-o", str(tmp_path / "out"), "--voice", VOICE, "--format", "wav")
    assert fast(file_seconds(str(tmp_path / "out" / "a.wav")))
    cli(s, "batch", str(books), "-o", str(tmp_path / "own"), "--voice", VOICE, "--format", "wav", "--speed", "1")
    assert same(file_seconds(str(tmp_path / "own" / "a.wav")))
