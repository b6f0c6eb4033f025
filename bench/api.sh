#!/usr/bin/env bash
# HTTP benchmark: our `chatterbox api` (/v1/audio/speech) vs piper-tts's `python -m piper.http_server`
# (/synthesize), same voice (en_US-joe-medium), same sentences, 1/4/8 concurrent clients, one run.
# Servers run one at a time on this machine; the load generator is bench/api_load.py (one address playing 8
# clients, so api.speech_per_client is raised for it).
# Updates the API block of docs/benchmarks.md.  Usage: bash bench/api.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}
bash scripts/install.sh >/dev/null
swift build -c release --product chatterbox
BIN="$(swift build -c release --show-bin-path)/chatterbox"
VENV=.build/piper-tts-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import piper, flask' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check piper-tts flask
fi
MODEL=/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx
WORK=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_up() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "server at $1 did not start"; exit 1; }

echo "==> chatterbox api"
(cd "$WORK" && CHATTERBOX_API_PORT=23049 CHATTERBOX_MONITORING_METRICS_PORT=23050 CHATTERBOX_API_RATE_LIMIT=0 CHATTERBOX_API_SPEECH_PER_CLIENT=16 \
    CHATTERBOX_LOGGING_LEVEL=warning exec "$BIN" api --no-watch) &
OURS=$!
wait_up http://127.0.0.1:23049/ready
python3 bench/api_load.py chatterbox http://127.0.0.1:23049 bench/sentences.txt "$ROUNDS" > "$WORK/ours.json"
kill -TERM $OURS; wait $OURS || true

echo "==> python -m piper.http_server"
"$VENV/bin/python" -m piper.http_server -m "$MODEL" --host 127.0.0.1 --port 23051 > "$WORK/piper.log" 2>&1 &
PIPER=$!
wait_up http://127.0.0.1:23051/voices
python3 bench/api_load.py piper http://127.0.0.1:23051 bench/sentences.txt "$ROUNDS" > "$WORK/piper.json"
kill $PIPER; wait $PIPER 2>/dev/null || true

python3 bench/api_report.py "$WORK/ours.json" "$WORK/piper.json" docs/benchmarks.md
