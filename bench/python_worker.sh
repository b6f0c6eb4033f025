#!/usr/bin/env bash
# What the Python worker path costs: the same 19 sentences spoken by piper-tts alone (one Python process),
# by us through the worker (`piper-py:`, a cold start each run: our process, the worker, the voice), and by
# our in-process Piper engine (`piper:`), in one run. Updates docs/benchmarks.md (PYWORKER section).
# Usage: bash bench/python_worker.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >/dev/null
swift build -c release --product chatterbox
VENV=.build/piper-tts-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import piper' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check piper-tts
fi
python3 bench/python_worker.py "$(swift build -c release --show-bin-path)/chatterbox" "$(pwd)/$VENV/bin/python" "${1:-5}"
