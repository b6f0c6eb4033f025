#!/usr/bin/env bash
# Wyoming (Home Assistant) benchmark: `chatterbox wyoming` against wyoming-piper (PyPI 2.5.x), same voice file
# (en_US-joe-medium), both on loopback, measured by wyoming-bench (PyPI 2026.10.x) in one run, both modes;
# then each server's peak resident memory (VmHWM). A third server, ours with processing.early_first_audio off (port
# 10302), shows what splitting a long first sentence at a clause gives, over bench/first_audio_texts.txt (texts whose
# first sentence is long). Updates the Wyoming block of docs/benchmarks.md.
# Usage: bash bench/wyoming.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
bash scripts/install.sh >/dev/null
swift build -c release --product chatterbox
BIN="$(swift build -c release --show-bin-path)/chatterbox"
VENV=.build/wyoming-bench-venv
if [ ! -x "$VENV/bin/wyoming-bench" ] || [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import wyoming_piper' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "wyoming-piper==2.5.*" "wyoming-bench==2026.10.*"
fi
VOICES=/usr/local/share/chatterbox_tts/voices
WORK=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_port() { for _ in $(seq 300); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened"; exit 1; }

(cd "$WORK" && CHATTERBOX_LOGGING_LEVEL=warning exec "$BIN" wyoming --port 10300) &
OURS=$!
(cd "$WORK" && CHATTERBOX_LOGGING_LEVEL=warning CHATTERBOX_PROCESSING_EARLY_FIRST_AUDIO=false exec "$BIN" wyoming --port 10302) &
"$VENV/bin/python" -m wyoming_piper --voice en_US-joe-medium --data-dir "$VOICES" --uri tcp://127.0.0.1:10301 --local-files-only \
    > "$WORK/piper.log" 2>&1 &
PIPER=$!
wait_port 10300; wait_port 10301; wait_port 10302
"$VENV/bin/wyoming-bench" tts 127.0.0.1:10300 127.0.0.1:10301 --mode both --texts-file bench/wyoming_texts.txt \
    --rounds "$ROUNDS" --warmup 1 | tee "$WORK/bench.txt"
"$VENV/bin/wyoming-bench" tts 127.0.0.1:10300 127.0.0.1:10302 127.0.0.1:10301 --mode both --texts-file bench/first_audio_texts.txt \
    --rounds "$ROUNDS" --warmup 1 | tee "$WORK/first.txt"
rss() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$1/status"; }
python3 bench/wyoming_report.py "$WORK/bench.txt" "$WORK/first.txt" "$(rss $OURS)" "$(rss $PIPER)" docs/benchmarks.md
