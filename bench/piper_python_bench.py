#!/usr/bin/env python3
"""The Python reference (piper-tts) measured the same way as bench/PiperBench: cold (import,
voice load, first sentence), warm (every sentence, best of REPEATS), bare onnxruntime calls for
piper's ids, peak RSS. Prints one JSON object.

usage: piper_python_bench.py MODEL SENTENCES_FILE [REPEATS]"""
import json
import resource
import sys
import time

cold_start = time.perf_counter()
import numpy as np  # noqa: E402
from piper import PiperVoice  # noqa: E402

model, sentences_file = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
sentences = [line.strip() for line in open(sentences_file, encoding="utf-8") if line.strip()]
voice = PiperVoice.load(model)
list(voice.synthesize(sentences[0]))
cold = time.perf_counter() - cold_start

config = voice.config
warm_best = bare_best = float("inf")
audio_seconds = 0.0
for _ in range(repeats):
    warm = bare = audio = 0.0
    for sentence in sentences:
        started = time.perf_counter()
        chunks = list(voice.synthesize(sentence))
        warm += time.perf_counter() - started
        audio += sum(len(c.audio_float_array) for c in chunks) / config.sample_rate
        for phonemes in voice.phonemize(sentence):
            ids = np.expand_dims(np.array(voice.phonemes_to_ids(phonemes), dtype=np.int64), 0)
            args = {"input": ids, "input_lengths": np.array([ids.shape[1]], dtype=np.int64),
                    "scales": np.array([config.noise_scale, config.length_scale, config.noise_w_scale], dtype=np.float32)}
            started = time.perf_counter()
            voice.session.run(None, args)
            bare += time.perf_counter() - started
    warm_best, bare_best, audio_seconds = min(warm_best, warm), min(bare_best, bare), audio

print(json.dumps({
    "implementation": "piper-tts (Python)", "sentences": len(sentences), "cold_seconds": cold,
    "warm_seconds": warm_best, "bare_inference_seconds": bare_best, "audio_seconds": audio_seconds,
    "real_time_factor": warm_best / audio_seconds,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}, sort_keys=True))
