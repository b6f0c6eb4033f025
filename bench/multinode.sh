#!/usr/bin/env bash
# Jobs per second with one node vs two nodes sharing one PostgreSQL job store, same jobs, one run.
# Starts PostgreSQL on loopback (scripts/test-postgres.sh), a release build of `chatterbox api`, submits
# N short jobs (default 100) and times until all have succeeded. Updates the MULTINODE block of
# docs/benchmarks.md.  Usage: bash bench/multinode.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
bash scripts/install.sh >/dev/null
swift build -c release --product chatterbox
BIN="$(swift build -c release --show-bin-path)/chatterbox"
PG=$(bash scripts/test-postgres.sh start)
python3 bench/multinode.py "$BIN" "$PG" "$N" docs/benchmarks.md
