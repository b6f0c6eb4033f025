#!/usr/bin/env bash
# schemathesis against the running server's own /openapi.json: a bounded number of generated
# cases per operation; fails on any 5xx, undocumented status, wrong content type or a response
# that does not match its schema.  Usage: run_schemathesis.sh TEST_CHATTERBOX_BIN SCHEMATHESIS_BIN
set -euo pipefail
BIN=$(readlink -f "$1"); ST=$(readlink -f "$2")
WORK=$(mktemp -d); PORT=$((20000 + RANDOM % 20000)); METRICS=$((PORT + 1))
cd "$WORK"
# Short texts keep generated jobs quick; no rate limit so every case reaches its route.
CHATTERBOX_API_PORT=$PORT CHATTERBOX_MONITORING_METRICS_PORT=$METRICS CHATTERBOX_API_RATE_LIMIT=0 \
CHATTERBOX_PROCESSING_MAX_TEXT_LENGTH=200 "$BIN" api > server.log 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
status=0
"$ST" run "http://127.0.0.1:$PORT/openapi.json" --max-examples "${SCHEMATHESIS_EXAMPLES:-50}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance || status=$?
kill -TERM $SERVER; wait $SERVER || { echo "server did not stop cleanly"; status=1; }
# /ready is 503 by design until the default voice has loaded (the wait loop above polls it).
if grep -E ' 5[0-9]{2} [0-9]+ ms' server.log | grep -v 'GET /ready 503'; then echo "the server answered 5xx"; status=1; fi
exit $status
