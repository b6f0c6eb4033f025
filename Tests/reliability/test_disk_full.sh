#!/usr/bin/env bash
# A full disk, for real: `directories.data` on a small tmpfs (root mounts it). Long Piper jobs run, then the
# disk is filled — first under jobs.min_free_disk_mb, then to the last byte. A running job must pause at a
# checkpoint (queued again, a `paused` event), submissions get 507, /health and /ready 503; when the space
# comes back every job finishes by itself, on its first attempt, with audio identical to an uninterrupted
# run, no temporary file left, and a store that passes PRAGMA integrity_check.
# Usage: Tests/reliability/test_disk_full.sh PATH_TO_CHATTERBOX
set -u
BIN=$(readlink -f "${1:?usage: test_disk_full.sh PATH_TO_CHATTERBOX}")
if [ "$(id -u)" -ne 0 ]; then echo "disk-full test: needs root to mount a tmpfs (CI runs as root)"; exit 1; fi
WORK=$(mktemp -d)
DATA="$WORK/data"; mkdir -p "$DATA"
server=""
cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; wait 2>/dev/null; umount "$DATA" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
mount -t tmpfs -o size=64m tmpfs "$DATA" || { echo "cannot mount a tmpfs"; exit 1; }
cd "$WORK"
export HOME="$WORK/home"; mkdir -p "$HOME"
for v in $(env | grep -o '^CHATTERBOX_[A-Z_]*'); do unset "$v"; done
pass=0; fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   - $name"; else fail=$((fail + 1)); echo "FAIL - $name"; fi; }
VOICE=piper:en_US-joe-medium
PARAMS='{"noise_scale": 0, "noise_w": 0}'

# Four long texts and their uninterrupted audio, spoken by `chatterbox synth` on the normal disk.
python3 - <<'PY'
words = "the keeper climbed the winding stairs to light the great lamp for ships far out at sea".split()
for n in range(4):
    text = " ".join(" ".join(words[(i + n) % 9:] + words[:(i + n) % 9]).capitalize() + "." for i in range(24))
    open(f"text{n}.txt", "w").write(text)
PY
for n in 0 1 2 3; do
    "$BIN" synth - < "text$n.txt" --voice "$VOICE" --param noise_scale=0 --param noise_w=0 -o "ref$n.wav" > /dev/null 2>&1
done
check "uninterrupted references" bash -c "for n in 0 1 2 3; do [ -s ref\$n.wav ] || exit 1; done"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CHATTERBOX_API_PORT=$PORT CHATTERBOX_MONITORING_METRICS_PORT=$MPORT CHATTERBOX_DIRECTORIES_DATA="$DATA" \
    CHATTERBOX_JOBS_MIN_FREE_DISK_MB=12 CHATTERBOX_PROCESSING_FORMAT=wav "$BIN" api --no-watch > api.log 2>&1 &
server=$!
for _ in $(seq 150); do curl -sf "localhost:$PORT/ready" > /dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT"
submit() {
    python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read(), "voice": sys.argv[2], "format": "wav", "params": json.loads(sys.argv[3])}))' \
        "$1" "$VOICE" "$PARAMS" | curl -s "$URL/jobs" -H 'content-type: application/json' -d @- | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
field() { curl -s "$URL/jobs/$1" | python3 -c "import json,sys; d = json.load(sys.stdin); print(d$2)"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
free_mb() { df -m --output=avail "$DATA" | tail -n 1 | tr -d ' '; }
wait_chunks() {  # wait_chunks ID N: until the job has spoken N chunks
    for _ in $(seq 600); do [ "$(field "$1" '["progress"]["chunks_done"]')" -ge "$2" ] 2>/dev/null && return 0; sleep 0.1; done; return 1
}
wait_status() {  # wait_status ID STATUS [TRIES]
    for _ in $(seq "${3:-600}"); do [ "$(field "$1" '["status"]')" = "$2" ] && return 0; sleep 0.1; done; return 1
}
events() { sqlite3 "$DATA/jobs.sqlite" "SELECT kind FROM job_events WHERE job_id = '$1' ORDER BY id" | tr '\n' ' '; }

ids=(); for n in 0 1 2; do ids+=("$(submit "text$n.txt")"); done
check "three long jobs accepted" [ "${#ids[@]}" -eq 3 ]
wait_chunks "${ids[0]}" 3

# 1. Under the threshold: the running job pauses at its checkpoint, new work is refused.
fallocate -l "$(( $(free_mb) - 6 ))M" "$DATA/filler" 2>/dev/null || dd if=/dev/zero of="$DATA/filler" bs=1M count=$(( $(free_mb) - 6 )) 2>/dev/null
echo "filled the data disk: $(free_mb) MB free"
check "the running job pauses and is queued again" wait_status "${ids[0]}" queued 200
check "a paused event says why" bash -c "sqlite3 '$DATA/jobs.sqlite' \"SELECT detail FROM job_events WHERE job_id = '${ids[0]}' AND kind = 'paused'\" | grep -q 'jobs.min_free_disk_mb'"
sleep 1
check "nothing runs while space is short" [ "$(curl -s "$URL/jobs?status=running" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["jobs"]))')" = 0 ]
code=$(curl -s -o err.json -w '%{http_code}' "$URL/jobs" -H 'content-type: application/json' -d '{"text": "One more."}')
check "POST /jobs answers 507 insufficient_storage ($code)" bash -c "[ $code = 507 ] && grep -q insufficient_storage err.json"
code=$(curl -s -o err.json -w '%{http_code}' "$URL/v1/audio/speech" -H 'content-type: application/json' -d '{"model": "tts-1", "input": "Hi."}')
check "POST /v1/audio/speech answers 507 ($code)" bash -c "[ $code = 507 ] && grep -q insufficient_storage err.json"
code=$(curl -s -o health.json -w '%{http_code}' "$URL/health")
check "/health is unhealthy with 503 ($code)" bash -c "[ $code = 503 ] && grep -q '\"unhealthy\"' health.json"
check "/ready is 503" [ "$(status_of "$URL/ready")" = 503 ]
check "the server still answers reads" [ "$(status_of "$URL/jobs/${ids[1]}")" = 200 ]

# 2. Space returns: everything resumes by itself.
rm -f "$DATA/filler"
check "/ready is 200 again once space is back" bash -c "for _ in \$(seq 100); do [ \"\$(curl -s -o /dev/null -w '%{http_code}' $URL/ready)\" = 200 ] && exit 0; sleep 0.1; done; exit 1"
ids+=("$(submit text3.txt)")
wait_chunks "${ids[3]}" 2 || wait_chunks "${ids[0]}" 1

# 3. The last byte: a write fails for real (SQLite or the audio file); the job still only pauses.
dd if=/dev/zero of="$DATA/filler" bs=64k 2>/dev/null
echo "filled the data disk to the brim: $(free_mb) MB free"
sleep 3
check "the server keeps answering on a full disk" [ "$(status_of "$URL/health")" = 503 ]
check "no job failed on the full disk" [ "$(curl -s "$URL/jobs?status=failed" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["jobs"]))')" = 0 ]
rm -f "$DATA/filler"

for id in "${ids[@]}"; do wait_status "$id" succeeded 1800 || true; done
for n in 0 1 2 3; do
    id=${ids[$n]}
    check "job $n succeeded on its first attempt ($(field "$id" '["status"], d["attempts"]'))" [ "$(field "$id" '["status"], d["attempts"]')" = "succeeded 1" ]
    curl -s -o "got$n.wav" "$URL/jobs/$id/download"
    check "job $n audio identical to the uninterrupted run" cmp -s "ref$n.wav" "got$n.wav"
done
check "job 0's history: started, paused, started again, succeeded ($(events "${ids[0]}"))" \
    bash -c "grep -q 'started paused started.* succeeded' <<< '$(events "${ids[0]}")'"
check "the job running when the disk filled up paused too ($(sqlite3 "$DATA/jobs.sqlite" "SELECT COUNT(*) FROM job_events WHERE kind = 'paused'") pauses)" \
    [ "$(sqlite3 "$DATA/jobs.sqlite" "SELECT COUNT(*) FROM job_events WHERE kind = 'paused'")" -ge 2 ]
grep -E "paused|disk|pause" api.log | cut -c1-220 | sed 's/^/    log: /' | tail -n 8
check "the store passes PRAGMA integrity_check" [ "$(sqlite3 "$DATA/jobs.sqlite" 'PRAGMA integrity_check')" = ok ]
check "no temporary files left in the data folder" bash -c "! find '$DATA' -name '*.tmp' | grep -q ."
check "no checkpoints left" [ "$(sqlite3 "$DATA/jobs.sqlite" 'SELECT COUNT(*) FROM checkpoints')" = 0 ]
kill -TERM $server; wait $server; server=""
echo "disk full: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
