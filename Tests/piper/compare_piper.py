#!/usr/bin/env python3
"""Compares `chatterbox synth` (piper engine) with piper-tts on the same voice, sentence by sentence,
with noise scales at 0 so both are deterministic. Prints one line per sentence and a closing
'N passed, N failed' line; exits non-zero on any failure.

usage: compare_piper.py TEST_CHATTERBOX_BIN VOICE_ONNX SENTENCES_FILE
(run with a Python that has piper-tts installed)"""
import os
import subprocess
import sys
import tempfile
import unicodedata

import numpy as np
from piper import PiperVoice, SynthesisConfig

TOLERANCE = 1e-3
PUNCTUATION = str.maketrans("", "", ".,;:!?  ")

def phonemes_differ(text):
    """Whether espeak-ng 1.51 (the system's, via its CLI) and piper-tts's 1.52 phonemise text differently."""
    system = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", "en-us", text], check=True,
                            capture_output=True, text=True).stdout
    from piper.phonemize_espeak import EspeakPhonemizer
    bundled = "".join("".join(s) for s in EspeakPhonemizer().phonemize("en-us", text))
    a = unicodedata.normalize("NFD", system).translate(PUNCTUATION).replace("\n", "")
    b = bundled.translate(PUNCTUATION)
    return (a != b), system.strip().replace("\n", " "), bundled

def reference(voice, text):
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, syn_config=config)]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)

def quantised(audio):
    """piper-tts's floats as int16 the way we write them, for a like-for-like comparison."""
    return np.clip(np.round(audio * 32767.0), -32767, 32767) / 32767.0

def matches(actual, expected):
    """Whether our samples are piper-tts's (within TOLERANCE), and a line saying how they compare."""
    if len(actual) != len(expected):
        return False, f"sample counts differ: ours={len(actual)} piper-tts={len(expected)}"
    diff = float(np.max(np.abs(actual - expected))) if len(actual) else 0.0
    return diff < TOLERANCE, f"samples={len(actual)} max_abs_diff={diff:.2e}"

def ours(binary, text, folder):
    out = os.path.join(folder, "ours.pcm")
    subprocess.run([binary, "synth", text, "-o", out, "--voice", "piper:en_US-joe-medium",
                    "--param", "noise_scale=0", "--param", "noise_w=0", "--param", "sentence_silence=0"],
                   check=True, stdout=subprocess.DEVNULL)
    return np.fromfile(out, dtype="<i2").astype(np.float32) / 32767.0

def main():
    binary, model, sentences_file = sys.argv[1:4]
    voice = PiperVoice.load(model)
    passed = failed = skipped = 0
    with open(sentences_file, encoding="utf-8") as handle, tempfile.TemporaryDirectory() as folder:
        for text in (line.strip() for line in handle):
            if not text or text.startswith("#"):
                continue
            if text.startswith("!"):
                text = text[1:]
                differ, system, bundled = phonemes_differ(text)
                if differ:
                    skipped += 1
                    print(f"skip - {text!r}: espeak-ng 1.51 says {system!r}, piper-tts's 1.52 says {bundled!r}")
                else:
                    failed += 1
                    print(f"FAIL - {text!r} is excluded but both espeak-ng versions agree on its phonemes")
                continue
            ok, detail = matches(ours(binary, text, folder), quantised(reference(voice, text)))
            print(("ok   - " if ok else "FAIL - ") + f"{text!r}: {detail}")
            passed, failed = passed + ok, failed + (not ok)
    print(f"piper-compare: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
