"""The official `openai` Python package against our /v1/audio/speech."""
import io
import subprocess
import time

import pytest
import soundfile
from openai import BadRequestError, OpenAI

FORMATS = ["mp3", "opus", "flac", "wav", "pcm"]


@pytest.fixture(scope="module")
def client(server):
    return OpenAI(base_url=server.url + "/v1", api_key="not-needed")


def decode(data, fmt):
    if fmt == "pcm":  # OpenAI's pcm: 16-bit little-endian mono at 24 kHz
        return soundfile.read(io.BytesIO(data), format="RAW", subtype="PCM_16", samplerate=24000, channels=1, endian="LITTLE")
    return soundfile.read(io.BytesIO(data))


@pytest.mark.parametrize("fmt", FORMATS)
def test_speech_create_every_format(client, tmp_path, fmt):
    response = client.audio.speech.create(model="tts-1", voice="alloy", input="The quick brown fox. It jumps over the lazy dog.",
                                          response_format=fmt)
    path = tmp_path / f"speech.{fmt}"
    response.write_to_file(path)
    audio, rate = decode(path.read_bytes(), fmt)
    seconds = len(audio) / rate
    assert 1.5 < seconds < 8, (fmt, seconds)
    if fmt == "pcm":
        assert rate == 24000
    if fmt in ("wav", "flac", "mp3"):
        assert rate == 22050
    if fmt != "pcm":  # sndfile-info also reads it (and says what it is)
        info = subprocess.run(["sndfile-info", str(path)], capture_output=True, text=True).stdout
        assert "Duration" in info or "Frames" in info, info


@pytest.mark.parametrize("fmt", ["wav", "mp3", "pcm"])
def test_with_streaming_response(client, tmp_path, fmt):
    text = " ".join(f"This is sentence number {i}." for i in range(1, 7))
    path = tmp_path / f"streamed.{fmt}"
    pieces = 0
    with client.audio.speech.with_streaming_response.create(model="tts-1", voice="nova", input=text, response_format=fmt) as response:
        with open(path, "wb") as out:
            for piece in response.iter_bytes():
                out.write(piece)
                pieces += 1
    audio, rate = decode(path.read_bytes(), fmt)
    assert len(audio) / rate > 6 and pieces >= 2


def test_installed_voice_id_and_speed(client):
    normal = client.audio.speech.create(model="tts-1", voice="piper:en_US-joe-medium", input="Speed makes a difference.", response_format="wav")
    fast = client.audio.speech.create(model="tts-1", voice="en_US-joe-medium", input="Speed makes a difference.", response_format="wav", speed=2.0)
    a, rate = decode(normal.content, "wav")
    b, _ = decode(fast.content, "wav")
    assert len(b) < 0.7 * len(a)
    espeak = client.audio.speech.create(model="tts-1", voice="espeak:en-us", input="Espeak speaks too.", response_format="wav")
    assert len(decode(espeak.content, "wav")[0]) > 0


def test_errors_come_back_as_openai_errors(client):
    with pytest.raises(BadRequestError) as raised:
        client.audio.speech.create(model="tts-1", voice="nobody", input="Hi.")
    assert raised.value.body["code"] == "unknown_voice"
    with pytest.raises(BadRequestError) as raised:
        client.audio.speech.create(model="tts-1", voice="alloy", input="Hi.", response_format="aac")
    assert "aac" in raised.value.body["message"]
    with pytest.raises(BadRequestError):
        client.audio.speech.create(model="tts-1", voice="alloy", input="")


def test_the_model_names_an_engine_or_is_ours(client):
    # An engine id as the model: the voice is that engine's.
    espeak = client.audio.speech.create(model="espeak", voice="en-us", input="Espeak speaks.", response_format="wav")
    assert decode(espeak.content, "wav")[1] == 22050
    # `chatterbox` is our model name (and an engine's id): an OpenAI voice stays one.
    ours = client.audio.speech.create(model="chatterbox", voice="alloy", input="Ours speaks.", response_format="wav")
    assert len(decode(ours.content, "wav")[0]) > 0
    # A voice the engine never had is the caller's mistake, even where the engine is not set up here.
    with pytest.raises(BadRequestError) as raised:
        client.audio.speech.create(model="chatterbox-turbo", voice="nobody", input="Hi.", extra_body={"params": {"cfg_weight": 0.5}})
    assert raised.value.body["code"] == "unknown_voice"
    # A parameter the engine does not take is the caller's mistake too, not the missing engine's 503.
    with pytest.raises(BadRequestError) as raised:
        client.audio.speech.create(model="chatterbox-turbo", voice="default", input="Hi.", extra_body={"params": {"cfg_weight": 0.5}})
    assert raised.value.body["field"] == "params"


def test_sse_stream_format(server):
    import base64
    import json

    import requests
    body = {"model": "tts-1", "voice": "alloy", "input": "Events carry audio. Two sentences.", "response_format": "pcm", "stream_format": "sse"}
    with requests.post(server.url + "/v1/audio/speech", json=body, stream=True, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "text/event-stream"
        events = [json.loads(line[6:]) for line in r.iter_lines(decode_unicode=True) if line.startswith("data: ")]
    deltas = [e for e in events if e["type"] == "speech.audio.delta"]
    assert deltas and events[-1]["type"] == "speech.audio.done" and events[-1]["usage"]["input_tokens"] > 0
    pcm = b"".join(base64.b64decode(e["audio"]) for e in deltas)
    assert len(pcm) / 2 / 24000 > 1.5


def test_a_rate_the_codec_refuses_is_a_400_before_any_audio(server):
    import requests
    r = requests.post(server.url + "/v1/audio/speech", json={"input": "0", "response_format": "flac", "sample_rate": 65536}, timeout=60)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_sample_rate"


@pytest.mark.parametrize("voice", ["marin", "cedar"])
def test_current_openai_voices_with_and_without_instructions(client, tmp_path, voice):
    """gpt-4o-mini-tts's voices map to an installed voice; its instructions are accepted and the answer says what
    became of them (no engine here takes style instructions), so the audio is the same either way."""
    text = "Current voice names speak here too."
    plain = client.audio.speech.with_raw_response.create(model="gpt-4o-mini-tts", voice=voice, input=text, response_format="wav",
                                                         extra_body={"params": {"noise_scale": 0, "noise_w": 0}})
    styled = client.audio.speech.with_raw_response.create(model="gpt-4o-mini-tts", voice=voice, input=text, response_format="wav",
                                                          instructions="Speak in a cheerful and positive tone.",
                                                          extra_body={"params": {"noise_scale": 0, "noise_w": 0}})
    assert plain.headers["x-voice"] == "piper:en_US-joe-medium" and "x-instructions" not in plain.headers
    assert styled.headers["x-instructions"].startswith("ignored"), styled.headers
    assert plain.content == styled.content
    audio, rate = decode(plain.content, "wav")
    assert len(audio) / rate > 1.5


def test_speed_follows_openais_range(client):
    for speed in (0.25, 4.0):
        assert client.audio.speech.create(model="tts-1", voice="alloy", input="Edges of the range.", response_format="wav", speed=speed).content
    for speed in (0.2, 4.5):
        with pytest.raises(BadRequestError) as caught:
            client.audio.speech.create(model="tts-1", voice="alloy", input="Out of range.", response_format="wav", speed=speed)
        assert caught.value.body["code"] == "invalid_speed"


@pytest.mark.parametrize("fmt, expected", [("mp3", 64_000), ("opus", 48_000)])
def test_lossy_formats_come_at_a_listeners_bitrate(client, tmp_path, fmt, expected):
    """processing.mp3_bitrate (64 kbps) and processing.opus_bitrate (48 kbps), as ffprobe measures them: libsndfile's
    default level had made 32 kbps MP3."""
    import json
    import shutil
    path = tmp_path / f"rate.{fmt}"
    text = "A longer passage, so that the measured bit rate settles. " * 6
    client.audio.speech.create(model="tts-1", voice="alloy", input=text, response_format=fmt).write_to_file(path)
    assert shutil.which("ffprobe"), "ffmpeg is not installed (scripts/test.sh installs it)"
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
                                      capture_output=True, text=True, check=True).stdout)
    rate = int(probe["format"]["bit_rate"])
    assert 0.8 * expected < rate < 1.25 * expected, (fmt, rate, probe["streams"][0].get("bit_rate"))
