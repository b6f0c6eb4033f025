"""Issue 15 item 3: a stream's first audio comes before its first sentence is rendered whole. The server
splits a long first sentence after a clause and joins the parts with a comma's pause; these tests check
that the join cannot be told from the same comma inside the sentence as a job renders it whole: the
silence at the join lies within the comma pauses of whole sentences and the speech level on each side
matches. Noise 0, so both renderings are deterministic."""
import io

import numpy as np
import soundfile

SENTENCES = [
    "When the storm finally passed over the valley, the villagers came out of their houses to see what was left.",
    "Before we start the meeting, I would like to thank everyone for coming today.",
    "The weather in the morning will be cloudy, with light rain expected in the afternoon.",
    "After a long day at work, she liked to sit in the garden and read a book.",
    "Although the train was late, we still arrived in time for the concert.",
    "To turn off the heating, open the app and press the button on the left.",
    "When you get to the station, call me and I will pick you up.",
    "Once upon a time, in a kingdom far away, there lived a young princess.",
]
QUIET = {"noise_scale": "0", "noise_w": "0"}
FRAME = 0.01  # seconds


def frame_db(samples, rate):
    n = int(rate * FRAME)
    frames = samples[: len(samples) // n * n].reshape(-1, n)
    return 20 * np.log10(np.sqrt((frames ** 2).mean(axis=1)) + 1e-9)


def pauses(samples, rate):
    """(start frame, length in seconds) of each quiet run between speech, -40 dB under the loudest frame."""
    db = frame_db(samples, rate)
    loud = db > db.max() - 40
    first, last = np.argmax(loud), len(loud) - 1 - np.argmax(loud[::-1])
    runs, run = [], 0
    for i in range(first, last + 1):
        if loud[i]:
            if run * FRAME >= 0.1:
                runs.append((i - run, run * FRAME))
            run = 0
        else:
            run += 1
    return runs


def level(samples, rate, start, end):
    """RMS level in dB of the speech frames between two times."""
    db = frame_db(samples, rate)[int(start / FRAME):int(end / FRAME)]
    return float(np.mean(db[db > db.max() - 30]))


def whole(server, text):
    job = server.post("/jobs", json={"text": text, "format": "wav", "params": QUIET}).json()
    assert server.wait_job(job["id"])["status"] == "succeeded"
    return soundfile.read(io.BytesIO(server.get(f"/jobs/{job['id']}/download").content), dtype="float32")


def streamed(server, text):
    r = server.post("/v1/audio/speech", json={"model": "tts-1", "input": text, "response_format": "wav", "params": QUIET})
    assert r.status_code == 200, r.text
    return soundfile.read(io.BytesIO(r.content), dtype="float32")


def comma_pause(samples, rate, text):
    """The pause after the first comma: the first quiet run longer than the pauses between words."""
    runs = [p for p in pauses(samples, rate) if p[1] >= 0.15]
    assert runs, f"no comma pause found in {text!r}"
    return runs[0]


def test_split_first_sentence_joins_like_a_comma(server):
    inside, joins, comma_steps, join_steps = [], [], [], []
    for text in SENTENCES:
        (a, rate), (b, rate_b) = whole(server, text), streamed(server, text)
        assert rate == rate_b
        assert len(a) != len(b) or not np.array_equal(a, b), f"the stream did not split {text!r}"
        for samples, pauses_found, steps in ((a, inside, comma_steps), (b, joins, join_steps)):
            at, length = comma_pause(samples, rate, text)
            before = level(samples, rate, at * FRAME - 0.5, at * FRAME)
            after = level(samples, rate, at * FRAME + length, at * FRAME + length + 0.5)
            pauses_found.append(length)
            steps.append(after - before)
        print(f"{text[:40]!r}: pause whole {inside[-1]:.2f} s, join {joins[-1]:.2f} s; "
              f"level step at the comma {comma_steps[-1]:+.1f} dB, at the join {join_steps[-1]:+.1f} dB")
    print(f"comma pauses inside sentences {min(inside):.2f}-{max(inside):.2f} s (median {np.median(inside):.2f}); "
          f"joins {min(joins):.2f}-{max(joins):.2f} s (median {np.median(joins):.2f})")
    print(f"level steps at commas {min(comma_steps):+.1f} to {max(comma_steps):+.1f} dB, at joins {min(join_steps):+.1f} to {max(join_steps):+.1f} dB")
    # The silence at a join is a comma's pause: within the range inside whole sentences, the same on average.
    assert min(inside) - 0.05 <= min(joins) and max(joins) <= max(inside) + 0.05
    assert abs(np.median(joins) - np.median(inside)) <= 0.06
    # The level does not jump at a join more than it does at a comma inside a sentence.
    assert max(map(abs, join_steps)) <= max(map(abs, comma_steps)) + 1
    assert np.mean(np.abs(join_steps)) <= np.mean(np.abs(comma_steps)) + 1.5


def test_wyoming_speaks_a_split_first_sentence_as_one_audio_cycle(server):
    """Home Assistant's path shares the split: one audio-start/stop for the sentence, the comma's pause inside."""
    import asyncio

    from wyoming.audio import AudioChunk, AudioStart
    from wyoming.client import AsyncTcpClient
    from wyoming.tts import SynthesizeChunk, SynthesizeStart, SynthesizeStop

    async def scenario():
        async with AsyncTcpClient("127.0.0.1", server.wyoming_port) as client:
            await client.write_event(SynthesizeStart().event())
            await client.write_event(SynthesizeChunk(text=SENTENCES[0] + " Bye").event())
            await client.write_event(SynthesizeStop().event())
            events = []
            while not events or events[-1].type != "synthesize-stopped":
                events.append(await client.read_event())
            return events
    events = asyncio.run(asyncio.wait_for(scenario(), 120))
    types = [e.type for e in events]
    assert types.count("audio-start") == 2 and types.count("audio-stop") == 2, types  # two sentences, two cycles
    first_cycle = events[1:types.index("audio-stop")]
    rate = AudioStart.from_event(events[0]).rate
    pcm = b"".join(AudioChunk.from_event(e).audio for e in first_cycle)
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
    _, length = comma_pause(samples, rate, SENTENCES[0])
    assert 0.2 <= length <= 0.5, length
