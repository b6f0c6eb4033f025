"""bench/wyoming.sh's report: wyoming-bench's summary tables and both servers' peak RSS into docs/benchmarks.md."""
import datetime
import os
import re
import sys

from doc_block import replace_block

bench, first, ours_mb, piper_mb, doc = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]


def summary_rows(path):
    """{(mode, port): {ok, ttft, total}} from wyoming-bench's summary tables."""
    text = open(path).read()
    summary = text[text.index("Summary"):] if "Summary" in text else text
    rows, mode = {}, None
    for line in summary.splitlines():
        if line.startswith("["):
            mode = line.strip("[] ")
        match = re.match(r"\s*127\.0\.0\.1:(\d+) \(\w+\)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
        if mode and match:
            rows[(mode, match.group(1))] = {"ok": int(match.group(2)), "ttft": float(match.group(3)), "total": float(match.group(5))}
    return rows, len(re.findall(r"fail=([1-9]\d*)", text))


rows, failures = summary_rows(bench)
first_rows, first_failures = summary_rows(first)
failures += first_failures
block = [f"Run on {datetime.date.today()}, {os.cpu_count()} CPU cores, release build, `chatterbox wyoming` (port 10300) and "
         "wyoming-piper 2.5 (10301), same en_US-joe-medium file, `wyoming-bench tts --mode both` over bench/wyoming_texts.txt "
         "(single sentences and multi-sentence texts). Goals: streaming TTFT ≤ 0.6×, non-streaming TTFT ≤ 0.8×, total ≤ 1.0× "
         "wyoming-piper's; peak RSS ≤ 0.6×.", "",
         "| mode | chatterbox TTFT ms | wyoming-piper TTFT ms | ratio | chatterbox total ms | wyoming-piper total ms | ratio |",
         "|---|---|---|---|---|---|---|"]
for mode in ("non_streaming", "streaming"):
    ours, piper = rows.get((mode, "10300")), rows.get((mode, "10301"))
    if ours and piper:
        block.append(f"| {mode} | {ours['ttft']:.0f} | {piper['ttft']:.0f} | {ours['ttft'] / piper['ttft']:.2f} | "
                     f"{ours['total']:.0f} | {piper['total']:.0f} | {ours['total'] / piper['total']:.2f} |")
block += ["", "Long first sentences (bench/first_audio_texts.txt): the same server with `processing.early_first_audio` on "
          "(default) and off, and wyoming-piper.", "",
          "| mode | TTFT ms: split at a clause | not split | wyoming-piper | split / not split | split / wyoming-piper | total ms: split | not split |",
          "|---|---|---|---|---|---|---|---|"]
for mode in ("non_streaming", "streaming"):
    split, whole, piper = (first_rows.get((mode, port)) for port in ("10300", "10302", "10301"))
    if split and whole and piper:
        block.append(f"| {mode} | {split['ttft']:.0f} | {whole['ttft']:.0f} | {piper['ttft']:.0f} | {split['ttft'] / whole['ttft']:.2f} | "
                     f"{split['ttft'] / piper['ttft']:.2f} | {split['total']:.0f} | {whole['total']:.0f} |")
block += ["", f"Peak resident memory after the run: chatterbox {ours_mb} MB, wyoming-piper {piper_mb} MB "
          f"(ratio {ours_mb / max(piper_mb, 1):.2f}). Failed measurements: {failures}."]
print("\n".join(block))
replace_block(doc, "WYOMING", block, "Wyoming: `chatterbox wyoming` vs wyoming-piper (`bash bench/wyoming.sh`)")
