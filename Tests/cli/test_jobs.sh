#!/usr/bin/env bash
# Durable jobs on the real binary: 30 files through `chatterbox batch`, the process killed with
# SIGKILL mid-run, then run again. Every job must succeed exactly once, every file must decode, and
# the long file (over 3,000 characters) must last as long as an uninterrupted run.
# Usage: Tests/cli/test_jobs.sh PATH_TO_CHATTERBOX
set -u
BIN=$(readlink -f "${1:?usage: test_jobs.sh PATH_TO_CHATTERBOX}")
WORK=$(mktemp -d)
trap 'kill -9 $batch 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
export HOME="$WORK/home"; mkdir -p "$HOME"
for v in $(env | grep -o '^CHATTERBOX_[A-Z_]*'); do unset "$v"; done
pass=0; fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   - $name"; else fail=$((fail + 1)); echo "FAIL - $name"; fi; }
DETERMINISTIC=(--param noise_scale=0 --param noise_w=0)

mkdir in
python3 - <<'PY'
import random
random.seed(7)
words = ("the river wound through a quiet valley where farmers and fishermen had lived for many years "
         "and every morning the market filled with voices bread apples and cheese").split()
def sentence(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."
long_text = " ".join(sentence(random.randint(8, 16)) for _ in range(60))
while len(long_text) < 3100:
    long_text += " " + sentence(10)
open("in/03-long.txt", "w").write(long_text)
open("long.txt", "w").write(long_text)
for i in range(29):
    open(f"in/{i + 4:02d}-short.txt", "w").write(" ".join(sentence(random.randint(5, 14)) for _ in range(1 + i % 3)))
PY
check "30 input files, one over 3,000 characters" bash -c "[ \$(ls in | wc -l) -eq 30 ] && [ \$(wc -c < in/03-long.txt) -gt 3000 ]"

"$BIN" batch in -o out --jobs 2 "${DETERMINISTIC[@]}" > first.log 2>&1 &
batch=$!
db=_data/jobs.sqlite
long_progress() { sqlite3 "$db" "SELECT chunks_done FROM jobs WHERE output_path LIKE '%03-long.wav' AND status = 'running'" 2>/dev/null; }
for _ in $(seq 600); do
    p=$(long_progress); [ -n "$p" ] && [ "$p" -ge 3 ] && break
    kill -0 $batch 2>/dev/null || break
    sleep 0.2
done
kill -9 $batch 2>/dev/null; wait $batch 2>/dev/null
killed_at=$(sqlite3 "$db" "SELECT chunks_done || '/' || chunks_total FROM jobs WHERE output_path LIKE '%03-long.wav'")
done_before=$(ls out/*.wav 2>/dev/null | wc -l)
echo "killed with SIGKILL: long job at chunk $killed_at, $done_before files finished"
check "the kill landed mid-run (long job part-way, not all files done)" bash -c "[ $done_before -lt 30 ] && [ \"${killed_at%%/*}\" -ge 1 ]"

"$BIN" batch in -o out --jobs 2 "${DETERMINISTIC[@]}" > second.log 2>&1
rc=$?
tail -n 1 second.log
check "second run exits 0" [ $rc -eq 0 ]
check "30 jobs succeeded" [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'")" -eq 30 ]
check "each completed exactly once" [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM (SELECT job_id FROM job_events WHERE kind = 'succeeded' GROUP BY job_id HAVING COUNT(*) = 1)")" -eq 30 ]
check "no job completed twice" [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM job_events WHERE kind = 'succeeded'")" -eq 30 ]
check "the dead process's lease was taken back" [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM job_events WHERE kind = 'released'")" -ge 1 ]
decoded=0
for f in out/*.wav; do d=$(soxi -D "$f" 2>/dev/null) && awk -v d="$d" 'BEGIN { exit !(d > 0.5) }' && decoded=$((decoded + 1)); done
check "all 30 audio files decode ($decoded)" [ "$decoded" -eq 30 ]
check "no temporary files left" bash -c "! ls -A out | grep -q '\.tmp$'"
"$BIN" synth - -o reference.wav "${DETERMINISTIC[@]}" < long.txt > /dev/null
resumed=$(soxi -D out/03-long.wav); reference=$(soxi -D reference.wav)
echo "long file: resumed ${resumed} s, uninterrupted ${reference} s"
check "resumed long file lasts as long as an uninterrupted run (±0.2 s)" awk -v a="$resumed" -v b="$reference" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.2) }'
"$BIN" batch in -o out "${DETERMINISTIC[@]}" > third.log 2>&1
rc3=$?
check "a third run skips everything and exits 0" bash -c "[ $rc3 -eq 0 ] && grep -q '30 skipped' third.log"

# --- chatterbox worker: the folder batch, and a graceful stop on SIGTERM ---------------------------
mkdir -p node && cd node
CHATTERBOX_PROCESSING_MODEL=espeak:en-us "$BIN" worker > worker.log 2>&1 &
worker=$!
for _ in $(seq 100); do [ -d _jobs_input_dir ] && break; sleep 0.1; done
printf 'Dropped into the folder. It becomes audio.' > _jobs_input_dir/.note.tmp
mv _jobs_input_dir/.note.tmp _jobs_input_dir/note.txt   # a rename into the folder, as editors and scp do
for _ in $(seq 150); do [ -f _jobs_input_dir/done/note.txt ] && break; sleep 0.2; done
check "worker turns a dropped file into audio and moves it to done/" bash -c "[ -f _jobs_input_dir/done/note.txt ] && soxi _jobs_output_dir/note.wav >/dev/null"
kill -TERM $worker
for _ in $(seq 100); do kill -0 $worker 2>/dev/null || break; sleep 0.1; done
wait $worker; rc=$?
check "worker exits 0 promptly on SIGTERM" [ $rc -eq 0 ]
cd ..

echo "jobs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
