"""The Wyoming listener of `chatterbox api`, driven by the real `wyoming` client library over TCP —
the events, fields and order Home Assistant's Wyoming integration uses."""
import asyncio
import json
import socket

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.error import Error
from wyoming.info import Describe, Info
from wyoming.ping import Ping, Pong
from wyoming.tts import Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped, SynthesizeVoice

JOE = "piper:en_US-joe-medium"


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 120))


async def exchange(port, *events, until=("audio-stop", "error", "info", "pong", "synthesize-stopped")):
    """Sends events, then collects what comes back until one of `until` (or the connection closes)."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        for event in events:
            await client.write_event(event.event())
        received = []
        while True:
            event = await client.read_event()
            if event is None:
                return received
            received.append(event)
            if event.type in until:
                return received


def test_describe_lists_a_streaming_tts_program_and_every_voice(server):
    [event] = run(exchange(server.wyoming_port, Describe()))
    info = Info.from_event(event)
    [program] = info.tts
    assert program.name == "chatterbox" and program.installed and program.supports_synthesize_streaming
    assert program.attribution.name and program.version
    voices = {voice.name: voice for voice in program.voices}
    assert JOE in voices and "espeak:en-us" in voices
    assert voices[JOE].languages == ["en_US"] and voices[JOE].installed
    check = server.get("/health").json()["checks"]["wyoming"]
    assert check["status"] == "ok" and check["port"] == server.wyoming_port, check


def test_synthesize_is_one_audio_cycle_of_s16le_pcm(server):
    events = run(exchange(server.wyoming_port, Synthesize(text="Hello from Home Assistant. It has two sentences.",
                                                          voice=SynthesizeVoice(name=JOE))))
    types = [e.type for e in events]
    assert types[0] == "audio-start" and types[-1] == "audio-stop" and types.count("audio-start") == 1
    assert set(types[1:-1]) == {"audio-chunk"}
    start = AudioStart.from_event(events[0])
    assert (start.rate, start.width, start.channels) == (22050, 2, 1)
    chunks = [AudioChunk.from_event(e) for e in events[1:-1]]
    assert all(len(c.audio) <= 2048 for c in chunks)  # wyoming.samples_per_chunk 1024 samples of 2 bytes
    seconds = sum(c.seconds for c in chunks)
    assert 2 < seconds < 8, seconds


def test_streaming_speaks_each_sentence_as_soon_as_it_is_complete(server):
    async def scenario():
        async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
            await client.write_event(SynthesizeStart(voice=SynthesizeVoice(name=JOE)).event())
            await client.write_event(SynthesizeChunk(text="The lights are on").event())
            await client.write_event(SynthesizeChunk(text=" in the kitchen. The door").event())
            # The first sentence is complete: its audio arrives before the stream goes on.
            first = await client.read_event()
            assert first.type == "audio-start", first
            # Home Assistant sends the whole text once more for servers without streaming: ignored here.
            await client.write_event(Synthesize(text="The lights are on in the kitchen. The door is locked.").event())
            await client.write_event(SynthesizeChunk(text=" is locked.").event())
            await client.write_event(SynthesizeStop().event())
            events = [first]
            while events[-1].type != "synthesize-stopped":
                events.append(await client.read_event())
            return events
    events = run(scenario())
    types = [e.type for e in events]
    assert types.count("audio-start") == 2 and types.count("audio-stop") == 2, types
    assert types[-1] == "synthesize-stopped" and "error" not in types
    rates = {AudioStart.from_event(e).rate for e in events if e.type == "audio-start"}
    assert rates == {22050}


def test_voices_by_bare_name_by_language_and_default(server):
    for voice in [SynthesizeVoice(name="en_US-joe-medium"), SynthesizeVoice(language="en_US"), SynthesizeVoice(language="en"), None]:
        events = run(exchange(server.wyoming_port, Synthesize(text="Hi.", voice=voice)))
        assert events[0].type == "audio-start" and AudioStart.from_event(events[0]).rate == 22050, (voice, events[:1])
    events = run(exchange(server.wyoming_port, Synthesize(text="Hi.", voice=SynthesizeVoice(name="espeak:en-us"))))
    assert events[0].type == "audio-start" and events[-1].type == "audio-stop"


def test_bad_requests_get_error_events_and_the_connection_stays_usable(server):
    async def scenario():
        async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
            answers = []
            for event in [Synthesize(text="Hi.", voice=SynthesizeVoice(name="nobody")), SynthesizeChunk(text="orphan"),
                          Synthesize(text="x" * 100_001), Synthesize(text="...")]:
                await client.write_event(event.event())
                answers.append(await client.read_event())
            await client.write_event(Ping(text="still there?").event())
            answers.append(await client.read_event())
            return answers
    unknown, orphan, too_long, empty, pong = run(scenario())
    assert Error.from_event(unknown).code == "unknown_voice"
    assert Error.from_event(orphan).code == "no_stream"
    assert Error.from_event(too_long).code == "text_too_long"
    assert Error.from_event(empty).code == "empty_text"
    assert Pong.from_event(pong).text == "still there?"


def test_broken_frames_get_an_error_and_a_clean_close(server):
    for wire in [b"this is not json\n", b'{"data": {}}\n', b"x" * 70_000, b'{"type": "synthesize", "data_length": 5}\n[1,2]']:
        with socket.create_connection(("127.0.0.1", server.wyoming_port), timeout=30) as s:
            s.sendall(wire)
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        header = json.loads(answer.split(b"\n", 1)[0])
        assert header["type"] == "error", answer[:200]
    with socket.create_connection(("127.0.0.1", server.wyoming_port), timeout=30) as s:
        s.sendall(b'{"type": "no-such-event"}\n{"type": "ping"}\n')
        answer = b""
        while b'"pong"' not in answer:
            answer += s.recv(65536)
    assert answer.startswith(b'{"data_length"') and b'"type":"error"' in answer.split(b"\n")[0], answer
    assert b"unknown_event" in answer
    [event] = run(exchange(server.wyoming_port, Describe()))  # the server is unaffected
    assert event.type == "info"


def test_fifty_connections_at_once(server):
    async def one(i):
        events = await exchange(server.wyoming_port, Synthesize(text=f"Number {i}.", voice=SynthesizeVoice(name="espeak:en-us")))
        return [e.type for e in events]

    async def all_of_them():
        return await asyncio.gather(*(one(i) for i in range(50)))
    results = run(all_of_them())
    assert all(r[0] == "audio-start" and r[-1] == "audio-stop" for r in results), [r[:1] + r[-1:] for r in results if r[-1] != "audio-stop"]


def test_multi_speaker_voice_lists_and_uses_its_speakers(make_server, tmp_path):
    """A Piper voice with speakers (built from the installed one by multispeaker_voice.py: speaker N speaks N + 1
    times slower) is listed with its speakers, over Wyoming and HTTP, and `voice.speaker` picks one by name or id."""
    import os
    import subprocess
    import sys
    here = os.path.dirname(__file__)
    voices = tmp_path / "voices"
    subprocess.run([sys.executable, os.path.join(here, "multispeaker_voice.py"),
                    "/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx", str(voices), "en_US-trio-medium"], check=True)
    server = make_server(directories_voices=str(voices))
    trio = "piper:en_US-trio-medium"
    [event] = run(exchange(server.wyoming_port, Describe()))
    listed = {voice.name: voice for voice in Info.from_event(event).tts[0].voices}
    assert [s.name for s in listed[trio].speakers] == ["ava", "ben", "cleo"]
    assert not listed[JOE].speakers
    http = {v["id"]: v for v in server.get("/voices").json()["voices"]}
    assert http[trio]["speakers"] == [{"name": "ava", "id": 0}, {"name": "ben", "id": 1}, {"name": "cleo", "id": 2}]
    assert http[JOE]["speakers"] == []

    def seconds(speaker):
        events = run(exchange(server.wyoming_port, Synthesize(text="Turn on the lights.", voice=SynthesizeVoice(name=trio, speaker=speaker))))
        assert events[-1].type == "audio-stop", events[-1]
        return sum(AudioChunk.from_event(e).seconds for e in events if e.type == "audio-chunk")
    ava, ben, cleo = seconds("ava"), seconds("ben"), seconds("2")
    # Noise is on (Wyoming takes no parameters), so durations vary by some percent around 1x, 2x, 3x.
    assert 1.5 < ben / ava < 2.5 and 2.2 < cleo / ava < 3.8 and cleo > ben, (ava, ben, cleo)
    for voice in [SynthesizeVoice(name=trio, speaker="zed"), SynthesizeVoice(name=JOE, speaker="ava")]:
        [error] = run(exchange(server.wyoming_port, Synthesize(text="Hi.", voice=voice)))
        assert Error.from_event(error).code == "unknown_speaker", error
    # Over HTTP a speaker is also part of the voice id, engine:name#SPEAKER (by name or id); noise 0 makes it exact.
    def http_seconds(voice):
        r = server.post("/v1/audio/speech", json={"model": "tts-1", "input": "Turn on the lights.", "voice": voice,
                                                  "response_format": "pcm", "params": {"noise_scale": "0", "noise_w": "0"}})
        assert r.status_code == 200, r.text
        return len(r.content) / 2 / 24000
    one, two, three = http_seconds(trio), http_seconds(trio + "#ben"), http_seconds(trio + "#2")
    assert 1.6 < two / one < 2.2 and 2.3 < three / one < 3.2 and three > two, (one, two, three)
    r = server.post("/v1/audio/speech", json={"model": "tts-1", "input": "Hi.", "voice": trio + "#zed"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unknown_speaker", r.text
    # A stream keeps the speaker it started with.
    events = run(exchange(server.wyoming_port, SynthesizeStart(voice=SynthesizeVoice(name=trio, speaker="cleo")),
                          SynthesizeChunk(text="Turn on the lights."), SynthesizeStop()))
    streamed = sum(AudioChunk.from_event(e).seconds for e in events if e.type == "audio-chunk")
    assert abs(streamed - cleo) < abs(streamed - ben) and abs(streamed - cleo) < abs(streamed - ava), (ava, ben, cleo, streamed)
