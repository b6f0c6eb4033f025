"""Load generator for bench/api.sh: the same sentences, as one request each, against our
/v1/audio/speech and piper's http_server /synthesize, with 1, 4 and 8 concurrent clients.

Each client sends its next request when the previous answer has fully arrived (closed loop).
Reports audio seconds produced per wall second and p50/p99 request latency, as JSON."""
import json
import statistics
import sys
import threading
import time

import urllib.request


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read()


def wav_seconds(data):
    """Audio length of a mono 16-bit WAV, from its bytes (works when the sizes say 'unknown')."""
    rate = int.from_bytes(data[24:28], "little")
    start = data.find(b"data") + 8
    return (len(data) - start) / 2 / rate


def run(kind, base, sentences, clients, rounds):
    if kind == "chatterbox":
        url, body = base + "/v1/audio/speech", lambda t: {"model": "tts-1", "input": t, "voice": "piper:en_US-joe-medium", "response_format": "wav"}
    else:
        url, body = base + "/synthesize", lambda t: {"text": t}
    for text in sentences[:3]:  # warm-up
        post(url, body(text))
    work = [s for _ in range(rounds) for s in sentences]
    lock = threading.Lock()
    latencies, audio = [], [0.0]

    def client():
        while True:
            with lock:
                if not work:
                    return
                text = work.pop(0)
            start = time.perf_counter()
            data = post(url, body(text))
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                audio[0] += wav_seconds(data)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
    return {"server": kind, "clients": clients, "requests": len(latencies), "audio_seconds": round(audio[0], 2), "wall_seconds": round(wall, 2),
            "audio_per_second": round(audio[0] / wall, 2), "p50": round(statistics.median(latencies), 3), "p99": round(p99, 3)}


if __name__ == "__main__":
    kind, base, sentence_file = sys.argv[1], sys.argv[2], sys.argv[3]
    sentences = [line.strip() for line in open(sentence_file) if line.strip() and len(line) < 300]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    results = [run(kind, base, sentences, clients, rounds) for clients in (1, 4, 8)]
    print(json.dumps(results))
