#!/usr/bin/env bash
# The main job on a fresh Debian/Ubuntu machine: install what is missing, build, speak one
# sample sentence (out/sample.wav) and start the server on the embedded defaults — SQLite job
# store, the built-in Piper voice — at http://127.0.0.1:2050 (metrics on :8001).
# Extra arguments go to `chatterbox api` (e.g. --host 0.0.0.0 --port 8080). Ctrl-C stops it
# gracefully: running jobs stop at a sentence boundary and resume at the next start.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh

echo "==> building chatterbox (release)"
swift build -c release
BIN="$(swift build -c release --show-bin-path)/chatterbox"

mkdir -p out
"$BIN" synth "Hello! Chatterbox is installed and speaking. This sentence was synthesised on your machine." -o out/sample.wav
echo
echo "Listen to $(pwd)/out/sample.wav (e.g. play out/sample.wav). The CLI is $BIN."
echo "==> starting the server: $BIN api $*"
echo "    try: curl -s localhost:2050/v1/audio/speech -H 'content-type: application/json' \\"
echo "           -d '{\"input\": \"Hello from the API.\", \"voice\": \"alloy\", \"response_format\": \"mp3\"}' -o hello.mp3"
exec "$BIN" api "$@"
