# Sourced by test_worker_e2e.sh (BIN, VENV, HERE, check, the piper-py voice set up): the real piper-py
# worker, hung (SIGSTOP) or killed (SIGKILL) on its next synthesis by faulty_worker.py, behind a real
# server. Engine failures are the system's, never the caller's: speech moves down the fallback chain,
# a job is retried, and with nowhere to fall back the answer is a 5xx with the engine's code.
FLAG="$WORK/fault"
cat > faulty-python <<SCRIPT
#!/usr/bin/env bash
# engines.python for these tests: the venv's Python; the worker itself runs under faulty_worker.py.
if [ "\$1 \$2" = "-m chatterbox_worker" ] && [ "\$3" = "--engine" ]; then
    shift 2; exec "$VENV/bin/python" "$HERE/faulty_worker.py" "$FLAG" "\$@"
fi
exec "$VENV/bin/python" "\$@"
SCRIPT
chmod +x faulty-python

# start_api NAME [VAR=VALUE...]: a server on free ports using the faulty worker, 1 s per chunk.
start_api() {
    local name=$1; shift
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    MPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    env "$@" CHATTERBOX_API_PORT=$PORT CHATTERBOX_MONITORING_METRICS_PORT=$MPORT CHATTERBOX_ENGINES_PYTHON="$WORK/faulty-python" \
        CHATTERBOX_ENGINES_PYTHON_TIMEOUT_SECONDS=1 CHATTERBOX_DIRECTORIES_DATA="_data_$name" "$BIN" api --no-watch > "api-$name.log" 2>&1 &
    batch=$!
    for _ in $(seq 100); do curl -sf "localhost:$PORT/ready" >/dev/null && break; sleep 0.2; done
}
stop_api() { kill -TERM $batch; wait $batch; batch=""; }
# speak VOICE TEXT: prints "STATUS X-VOICE ERROR-CODE" of one /v1/audio/speech request.
speak() {
    curl -s -o spoken.out -D headers.txt "localhost:$PORT/v1/audio/speech" -H 'content-type: application/json' \
        -d "{\"model\": \"tts-1\", \"input\": \"$2\", \"voice\": \"$1\"}" >/dev/null
    local status voice code
    status=$(head -n 1 headers.txt | cut -d' ' -f2)
    voice=$(tr -d '\r' < headers.txt | sed -n 's/^x-voice: //Ip')
    code=$(python3 -c 'import json,sys; print(json.load(open("spoken.out"))["error"]["code"])' 2>/dev/null)
    echo "$status ${voice:--} ${code:--}"
}
SENTENCE="The keeper lit the lamp for the ships far out at sea."

# With the default fallback chain: a hung worker and a dying worker both leave speech to the next voice.
rm -f "$FLAG"
start_api chain
got=$(speak piper-py:en_US-joe-medium "$SENTENCE")
check "fault server: piper-py speaks while no fault is set ($got)" [ "$got" = "200 piper-py:en_US-joe-medium -" ]
echo hang > "$FLAG"
got=$(speak piper-py:en_US-joe-medium "$SENTENCE")
check "a hung worker times out and the fallback voice speaks ($got)" [ "$got" = "200 piper:en_US-joe-medium -" ]
check "the timeout is logged as the engine's" grep -q "failed (engine_timeout): piper-py did not answer within" api-chain.log
echo crash > "$FLAG"
got=$(speak piper-py:en_US-joe-medium "$SENTENCE")
check "a worker that dies twice moves speech to the fallback voice ($got)" [ "$got" = "200 piper:en_US-joe-medium -" ]
check "the crash was retried once in a fresh worker first" grep -q "restarting it and retrying the request once" api-chain.log
stop_api

# Without a fallback chain: 504 engine_timeout, 500 engine_crashed, 503 engine_unavailable; a job is retried.
start_api alone CHATTERBOX_PROCESSING_FALLBACK=
echo hang > "$FLAG"
got=$(speak piper-py:en_US-joe-medium "$SENTENCE")
check "a hung worker with no fallback: 504 engine_timeout ($got)" [ "$got" = "504 - engine_timeout" ]
echo crash > "$FLAG"
got=$(speak piper-py:en_US-joe-medium "$SENTENCE")
check "a dying worker with no fallback: 500 engine_crashed ($got)" [ "$got" = "500 - engine_crashed" ]
got=$(speak chatterbox:default "$SENTENCE")
check "an engine the venv lacks with no fallback: 503 engine_unavailable ($got)" \
    bash -c "[ '$got' = '503 - engine_unavailable' ] && grep -q chatterbox-tts spoken.out"

job=$(curl -sf "localhost:$PORT/jobs" -H 'content-type: application/json' \
    -d "{\"text\": \"$SENTENCE\", \"voice\": \"piper-py:en_US-joe-medium\", \"params\": {\"noise_scale\": 0, \"noise_w\": 0}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
job_field() { curl -sf "localhost:$PORT/jobs/$job" | python3 -c "import json,sys; d = json.load(sys.stdin); print(d$1)"; }
for _ in $(seq 300); do [ "$(job_field '["attempts"]')" -ge 1 ] && [ "$(job_field '["status"]')" = queued ] && break; sleep 0.1; done
waiting=$(job_field '["status"], d["error"]["code"]' 2>/dev/null || job_field '["status"]')
check "a job whose worker dies is queued again for a retry, blaming the engine ($waiting)" [ "$waiting" = "queued engine_crashed" ]
rm -f "$FLAG"
for _ in $(seq 300); do case $(job_field '["status"]') in succeeded|failed) break;; esac; sleep 0.2; done
check "the retried job succeeds on attempt 2 once the worker is healthy ($(job_field '["status"], d["attempts"]'))" \
    [ "$(job_field '["status"]') $(job_field '["attempts"]')" = "succeeded 2" ]
stop_api
