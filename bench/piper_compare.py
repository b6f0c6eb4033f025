#!/usr/bin/env python3
"""Runs the Piper benchmark: our Swift path against piper-tts, same voice, same sentences, same
machine, same run. Writes the figures into docs/benchmarks.md (between the PIPER markers) and
prints them. Called by bench/piper.sh, which builds the binaries and the venv first.

usage: piper_compare.py BIN_DIR VENV_PYTHON"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODEL = "/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx"
SENTENCES = os.path.join(HERE, "sentences.txt")

def timed(command, stdin=None, cwd=None):
    """Wall seconds and peak RSS (MB) of one child process (run in `cwd`, away from any chatterbox.yaml)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        sys.exit(f"failed: {' '.join(command)}: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024

def json_of(command):
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)

def main():
    bin_dir, venv_python = sys.argv[1:3]
    bench = os.path.join(bin_dir, "piper-bench")
    python_bench = [venv_python, os.path.join(HERE, "piper_python_bench.py"), MODEL]
    ours = {t: json_of([bench, SENTENCES, str(t), "3"]) for t in (1, 2)}
    python = json_of(python_bench + [SENTENCES, "3"])
    default_threads = json_of([bench, SENTENCES, "0", "3"])
    # Cold start varies with the page cache: best of 5 fresh processes each, alternating.
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as one:
        one.write(open(SENTENCES, encoding="utf-8").readline())
        one.flush()
        our_cold, py_cold = [], []
        for _ in range(5):
            our_cold.append(json_of([bench, one.name, "0", "1"])["cold_seconds"])
            py_cold.append(json_of(python_bench + [one.name, "1"])["cold_seconds"])
        default_threads["cold_seconds"], python["cold_seconds"] = min(our_cold), min(py_cold)
    chatterbox = os.path.join(bin_dir, "chatterbox")
    with tempfile.TemporaryDirectory() as folder:
        text = open(SENTENCES, encoding="utf-8").read()
        with open(SENTENCES, "rb") as handle:
            our_cli = timed([chatterbox, "synth", "-", "-o", os.path.join(folder, "ours.wav")], stdin=handle, cwd=folder)
        py_cli = timed([venv_python, "-m", "piper", "-m", MODEL, "-i", SENTENCES, "-f", os.path.join(folder, "py.wav")])
        paragraph = text.strip().split("\n")[-1]
        rss = {}
        for size in (2000, 10000):
            path = os.path.join(folder, f"{size}.txt")
            open(path, "w", encoding="utf-8").write((paragraph + " ") * (size // len(paragraph)) + paragraph[: size % len(paragraph)])
            with open(path, "rb") as handle:
                rss[size] = timed([chatterbox, "synth", "-", "-o", os.path.join(folder, f"{size}.wav")], stdin=handle, cwd=folder)

    rows = [
        ("cold: whole CLI run, 20 sentences (s)", f"{our_cli[0]:.2f}", f"{py_cli[0]:.2f}", f"{our_cli[0] / py_cli[0]:.2f}x"),
        ("cold: start + load + first sentence, best of 5 (s)", f"{default_threads['cold_seconds']:.2f}", f"{python['cold_seconds']:.2f}",
         f"{default_threads['cold_seconds'] / python['cold_seconds']:.2f}x"),
        ("warm: 20 sentences, model loaded (s)", f"{default_threads['warm_seconds']:.2f}", f"{python['warm_seconds']:.2f}",
         f"{default_threads['warm_seconds'] / python['warm_seconds']:.2f}x"),
        ("bare ONNX Runtime calls, same sentences (s)", f"{default_threads['bare_inference_seconds']:.2f}",
         f"{python['bare_inference_seconds']:.2f}", ""),
        ("warm / bare inference", f"{default_threads['warm_seconds'] / default_threads['bare_inference_seconds']:.3f}",
         f"{python['warm_seconds'] / python['bare_inference_seconds']:.3f}", ""),
        ("real-time factor (warm)", f"{default_threads['real_time_factor']:.3f}", f"{python['real_time_factor']:.3f}", ""),
        ("peak RSS, CLI run (MB)", f"{our_cli[1]:.0f}", f"{py_cli[1]:.0f}", ""),
    ]
    table = ["| measure | chatterbox (Swift) | piper-tts (Python) | ratio |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    threads = [f"| ORT threads {t} | warm {r['warm_seconds']:.2f} s | RTF {r['real_time_factor']:.3f} |" for t, r in ours.items()]
    threads.insert(0, "| setting | warm, 20 sentences | real-time factor |")
    threads.insert(1, "|---|---|---|")
    threads.append(f"| processing.threads 0 (default: one per CPU core) | warm {default_threads['warm_seconds']:.2f} s | RTF {default_threads['real_time_factor']:.3f} |")
    memory = [f"Peak RSS of `chatterbox synth` on 2,000 characters: {rss[2000][1]:.0f} MB ({rss[2000][0]:.1f} s); "
              f"on 10,000 characters: {rss[10000][1]:.0f} MB ({rss[10000][0]:.1f} s)."]
    audio = default_threads["audio_seconds"]
    block = "\n".join([
        "<!-- PIPER:BEGIN -->",
        f"Run on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPU cores; voice en_US-joe-medium; {python['sentences']} sentences "
        f"(one of 2,000 characters), {audio:.1f} s of audio. Best of 3 for warm figures.", "",
        *table, "", *threads, "", *memory, "<!-- PIPER:END -->"])
    print(block)
    doc = os.path.join(ROOT, "docs", "benchmarks.md")
    current = open(doc, encoding="utf-8").read() if os.path.exists(doc) else "# Benchmarks\n"
    if "<!-- PIPER:BEGIN -->" in current:
        head, rest = current.split("<!-- PIPER:BEGIN -->", 1)
        current = head + block + rest.split("<!-- PIPER:END -->", 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    open(doc, "w", encoding="utf-8").write(current)

if __name__ == "__main__":
    main()
