#!/usr/bin/env bash
# Piper benchmark: our Swift path vs piper-tts (Python) with the same voice and sentences, in one run.
# Builds release binaries, makes a piper-tts venv, runs both, and updates docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >/dev/null
swift build -c release --product chatterbox
swift build -c release --product piper-bench
VENV=.build/piper-tts-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import piper' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check piper-tts
fi
python3 bench/piper_compare.py "$(swift build -c release --show-bin-path)" "$VENV/bin/python"
