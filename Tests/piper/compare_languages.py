#!/usr/bin/env python3
"""Parity with piper-tts in other languages: fixture voices are made from the joe model with another language's
espeak-ng voice in their config (as every Piper voice of that language is configured), and each sentence of
Tests/piper/languages.txt is synthesised at noise 0 by piper-tts and by `chatterbox synth`. No English rule may run
on these texts ("42" in German is espeak-ng's "zweiundvierzig", not "forty-two"), so the samples must be identical.
Where the samples differ only because piper-tts's bundled espeak-ng reads the sentence differently from the
espeak-ng 1.52 we run (PyPI espeakng-loader; their data differ for some languages, e.g. Italian `r`/`ɾ`), the
sentence is skipped with both readings printed: that is not our text front end. Prints one line per sentence and a
closing 'N passed, N failed, N skipped' line; exits non-zero on any failure.

usage: compare_languages.py TEST_CHATTERBOX_BIN JOE_ONNX SENTENCES_FILE
(run with a Python that has piper-tts installed)"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

import numpy as np
from piper import PiperVoice

from compare_piper import matches, quantised, reference
ESPEAK = "/usr/local/lib/chatterbox_tts/espeak-ng"  # what scripts/install.sh installs, and our helpers load
IGNORED = str.maketrans("", "", ".,;:!?¿¡ \n")


def readings(espeak_voice, text):
    """The sentence's phonemes by the espeak-ng we run (its CLI on our 1.52 library) and by piper-tts's."""
    environment = dict(os.environ, LD_LIBRARY_PATH=ESPEAK, ESPEAK_DATA_PATH=ESPEAK)
    ours = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", espeak_voice, text], check=True, capture_output=True,
                          text=True, env=environment).stdout
    from piper.phonemize_espeak import EspeakPhonemizer
    theirs = "".join("".join(sentence) for sentence in EspeakPhonemizer().phonemize(espeak_voice, text))
    return (unicodedata.normalize("NFC", ours).translate(IGNORED), unicodedata.normalize("NFC", theirs).translate(IGNORED))


def fixture(model, voices, language, espeak_voice):
    """joe's model under a new name, with `espeak_voice` and `language` in its config."""
    name = f"{language}-fixture-medium"
    with open(model + ".json", encoding="utf-8") as handle:
        config = json.load(handle)
    config["espeak"] = {"voice": espeak_voice}
    config["language"] = {"code": language, "family": language.split("_")[0]}
    os.symlink(model, os.path.join(voices, name + ".onnx"))
    with open(os.path.join(voices, name + ".onnx.json"), "w", encoding="utf-8") as handle:
        json.dump(config, handle)
    return name, os.path.join(voices, name + ".onnx")


def ours(binary, name, text, folder):
    out = os.path.join(folder, "ours.pcm")
    subprocess.run([binary, "synth", text, "-o", out, "--voice", f"piper:{name}", "--param", "noise_scale=0",
                    "--param", "noise_w=0", "--param", "sentence_silence=0"], check=True, cwd=folder, stdout=subprocess.DEVNULL)
    return np.fromfile(out, dtype="<i2").astype(np.float32) / 32767.0


def main():
    binary, model, sentences_file = sys.argv[1:4]
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory() as folder:
        voices = os.path.join(folder, "_data", "voices")
        os.makedirs(voices)
        loaded = {}
        with open(sentences_file, encoding="utf-8") as handle:
            for line in (line.strip() for line in handle):
                if not line or line.startswith("#"):
                    continue
                language, espeak_voice, text = line.split("\t")
                if language not in loaded:
                    name, path = fixture(model, voices, language, espeak_voice)
                    loaded[language] = (name, PiperVoice.load(path))
                name, voice = loaded[language]
                ok, detail = matches(ours(binary, name, text, folder), quantised(reference(voice, text)))
                if not ok:
                    mine, theirs = readings(espeak_voice, text)
                    if mine != theirs:
                        skipped += 1
                        print(f"skip - {language} {text!r}: espeak-ng 1.52 reads {mine!r}, piper-tts's espeak-ng {theirs!r}")
                        continue
                print(("ok   - " if ok else "FAIL - ") + f"{language} {text!r}: {detail}")
                passed, failed = passed + ok, failed + (not ok)
    print(f"languages-compare: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
