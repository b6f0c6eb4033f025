"""Times piper-tts alone, our piper-py: worker path and our piper: engine on the same text; see python_worker.sh."""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

BIN, PYTHON, RUNS = sys.argv[1], sys.argv[2], int(sys.argv[3])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOICE = "/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx"
SENTENCES = [line.strip() for line in open(os.path.join(ROOT, "bench", "sentences.txt")) if line.strip() and not line.startswith("#")]
TEXT = " ".join(s for s in SENTENCES if len(s) < 400)

PIPER_ALONE = """
import sys, wave
from piper import PiperVoice, SynthesisConfig
voice = PiperVoice.load(sys.argv[1])
with wave.open(sys.argv[2], "wb") as out:
    voice.synthesize_wav(sys.stdin.read(), out, syn_config=SynthesisConfig(noise_scale=0, noise_w_scale=0))
"""


def timed(command, env=None):
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        subprocess.run(command, input=TEXT, text=True, check=True, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - started


def main():
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATTERBOX_")}
    worker_env = dict(env, CHATTERBOX_ENGINES_PYTHON=PYTHON)
    quiet = ["--param", "noise_scale=0", "--param", "noise_w=0"]
    cases = {
        "piper-tts alone (python, one process)": lambda: timed([PYTHON, "-c", PIPER_ALONE, VOICE, "out.wav"], env),
        "chatterbox synth --voice piper-py: (worker)": lambda: timed([BIN, "synth", "-", "-o", "out.wav", "--voice", "piper-py:en_US-joe-medium"] + quiet, worker_env),
        "chatterbox synth --voice piper: (in process)": lambda: timed([BIN, "synth", "-", "-o", "out.wav", "--voice", "piper:en_US-joe-medium"] + quiet, env),
    }
    times = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, run in cases.items():  # interleaved, so drift hits all three alike
            times[name].append(run())
    alone = statistics.median(times["piper-tts alone (python, one process)"])
    rows = ["| path | median wall s | min / max | vs piper-tts alone |", "|---|---|---|---|"]
    for name, values in times.items():
        median = statistics.median(values)
        rows.append("| %s | %.2f | %.2f / %.2f | %.2fx |" % (name, median, min(values), max(values), median / alone))
    cores = os.cpu_count()
    section = "Run on %s, %d CPU cores; %d runs each, interleaved; %d sentences (%d characters), voice en_US-joe-medium, noise 0; every run is a cold start (process, model load, synthesis, WAV written).\n\n%s" % (
        time.strftime("%Y-%m-%d"), cores, RUNS, len([s for s in SENTENCES if len(s) < 400]), len(TEXT), "\n".join(rows))
    print(section)
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    doc = open(path).read()
    begin, end = "<!-- PYWORKER:BEGIN -->", "<!-- PYWORKER:END -->"
    if begin in doc:
        doc = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: begin + "\n" + section + "\n" + end, doc, flags=re.S)
    else:
        doc += "\n## Python worker path (`bash bench/python_worker.sh`)\n\n" + begin + "\n" + section + "\n" + end + "\n"
    open(path, "w").write(doc)


if __name__ == "__main__":
    main()
