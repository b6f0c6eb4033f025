"""Writes the API benchmark table into docs/benchmarks.md between the API markers."""
import datetime
import json
import os
import sys

ours, piper = (json.load(open(path)) for path in sys.argv[1:3])
doc = sys.argv[3]
rows = ["| clients | chatterbox audio s/s | piper audio s/s | throughput ratio | chatterbox p50 / p99 (s) | piper p50 / p99 (s) | p99 ratio |",
        "|---|---|---|---|---|---|---|"]
for a, b in zip(ours, piper):
    rows.append(f"| {a['clients']} | {a['audio_per_second']} | {b['audio_per_second']} | {a['audio_per_second'] / b['audio_per_second']:.2f}x | "
                f"{a['p50']} / {a['p99']} | {b['p50']} / {b['p99']} | {a['p99'] / b['p99']:.2f}x |")
block = [f"Run on {datetime.date.today()}, {os.cpu_count()} CPU cores; voice en_US-joe-medium; {ours[0]['requests']} requests per level "
         f"(the 19 short sentences of bench/sentences.txt, each one request, closed loop), WAV answers.", ""] + rows
print("\n".join(block))
text = open(doc).read()
begin, end = "<!-- API:BEGIN -->", "<!-- API:END -->"
if begin in text:
    head, rest = text.split(begin, 1)
    text = head + begin + "\n" + "\n".join(block) + "\n" + end + rest.split(end, 1)[1]
else:
    text += f"\n{begin}\n" + "\n".join(block) + f"\n{end}\n"
open(doc, "w").write(text)
