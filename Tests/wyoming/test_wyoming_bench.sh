#!/usr/bin/env bash
# wyoming-bench (PyPI) against the real binary's Wyoming listener: `info` lists our streaming TTS program and
# `tts --mode both` completes every text with 0 failures, as Home Assistant's client paths would, on the
# default port.
# Usage: Tests/wyoming/test_wyoming_bench.sh PATH_TO_CHATTERBOX PATH_TO_WYOMING_BENCH
set -u
BIN=$(readlink -f "${1:?usage: test_wyoming_bench.sh PATH_TO_CHATTERBOX WYOMING_BENCH}")
WB=$(readlink -f "${2:?usage: test_wyoming_bench.sh PATH_TO_CHATTERBOX WYOMING_BENCH}")
HERE=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d); server=""
trap '[ -n "$server" ] && kill -9 $server 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
for v in $(env | grep -o '^CHATTERBOX_[A-Z_]*'); do unset "$v"; done
pass=0; fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   - $name"; else fail=$((fail + 1)); echo "FAIL - $name"; fi; }
# The default port, as Home Assistant users configure it (10200, wyoming.port).
PORT=10200
"$BIN" wyoming > wyoming.log 2>&1 &
server=$!
for _ in $(seq 150); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null && break; sleep 0.2; done
"$WB" info "127.0.0.1:$PORT" > info.txt 2>&1
check "wyoming-bench info lists the chatterbox program with streaming" grep -q "tts  chatterbox (synthesize streaming)" info.txt
check "wyoming-bench info lists the Piper voice" grep -q "voice piper:en_US-joe-medium \[en_US\]" info.txt
"$WB" tts "127.0.0.1:$PORT" --mode both --texts-file "$HERE/bench/wyoming_texts.txt" --rounds 1 --warmup 0 --timeout 60 > tts.txt 2>&1
check "wyoming-bench tts: non-streaming, every text, 0 failures" grep -q "\[non_streaming\] ok=5 fail=0" tts.txt
check "wyoming-bench tts: streaming, every text, 0 failures" grep -q "\[streaming\] ok=5 fail=0" tts.txt
grep -A4 "^\[" tts.txt | sed 's/^/    /' | head -14
kill -TERM $server; wait $server; rc=$?; server=""
check "chatterbox wyoming stops cleanly on SIGTERM (exit $rc)" [ "$rc" -eq 0 ]
echo "wyoming-bench: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
