#!/usr/bin/env bash
# The main job on a fresh Debian/Ubuntu machine: install what is missing, build, and speak.
# Today it synthesises a sample sentence with the default voice and says where the file is;
# the HTTP server (`chatterbox api`) takes over this script's last step when it lands.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh

echo "==> building chatterbox (release)"
swift build -c release
BIN="$(swift build -c release --show-bin-path)/chatterbox"

mkdir -p out
"$BIN" synth "Hello! Chatterbox is installed and speaking. This sentence was synthesised on your machine." -o out/sample.wav
echo
echo "Listen to $(pwd)/out/sample.wav (e.g. play out/sample.wav)."
echo "The CLI is $BIN; try: $BIN synth \"Your text\" -o speech.mp3"
