"""Audio flows sentence by sentence: for a 10-sentence input the first bytes arrive well before
the whole answer is done. Prints both times."""
import time

import requests

TEXT = " ".join([
    "The first sentence opens the stream.", "A second one follows close behind.", "Here comes the third sentence of ten.",
    "The fourth is a little longer than the ones before it, to give the model some work.", "Five is halfway there.",
    "Sentence six keeps the listener waiting for nothing.", "Seven arrives while six is still playing.",
    "Eight is nearly the end.", "Nine is the one before the last.", "And ten closes the stream for good."])


def test_first_audio_bytes_arrive_before_half_of_the_total_time(server):
    for fmt in ["wav", "mp3", "pcm"]:
        start = time.perf_counter()
        with requests.post(server.url + "/v1/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": TEXT, "response_format": fmt},
                           stream=True, timeout=120) as r:
            assert r.status_code == 200
            first, total_bytes = None, 0
            for piece in r.iter_content(chunk_size=None):
                if piece and first is None:
                    first = time.perf_counter() - start
                total_bytes += len(piece)
        total = time.perf_counter() - start
        print(f"\n{fmt}: first audio bytes after {first:.3f} s, whole answer after {total:.3f} s ({total_bytes} bytes)")
        assert first < total / 2, (fmt, first, total)
