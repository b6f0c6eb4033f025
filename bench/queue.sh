#!/usr/bin/env bash
# Queue overhead: tiny jobs per second and submit latency over HTTP, on SQLite and (when TEST_POSTGRES_URL is
# set, e.g. by scripts/test-postgres.sh) PostgreSQL; submit latency while a long job runs on the same engine.
# Updates the queue block of docs/benchmarks.md.  Usage: bash bench/queue.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
bash scripts/install.sh >/dev/null
swift build -c release --product chatterbox
BIN="$(swift build -c release --show-bin-path)/chatterbox"
OUT=$(mktemp); trap 'rm -f "$OUT"' EXIT
python3 bench/queue.py "$BIN" sqlite "$N" >> "$OUT"
if [ -n "${TEST_POSTGRES_URL:-}" ]; then python3 bench/queue.py "$BIN" "$TEST_POSTGRES_URL" "$N" >> "$OUT"; fi
python3 bench/queue_report.py docs/benchmarks.md "$OUT" "$N"
