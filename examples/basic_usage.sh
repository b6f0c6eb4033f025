#!/usr/bin/env bash
# Basic use of a running Chatterbox TTS server with curl: speak at once, queue a job, follow it, download.
# Start a server first (bash scripts/start.sh, or `chatterbox api`). Settings:
#   CHATTERBOX_URL (default http://127.0.0.1:2050), CHATTERBOX_API_KEY (when the server has api.api_keys),
#   OUT (folder for the audio, default ./example-output).
set -euo pipefail
URL=${CHATTERBOX_URL:-http://127.0.0.1:2050}
OUT=${OUT:-./example-output}
AUTH=()
[ -n "${CHATTERBOX_API_KEY:-}" ] && AUTH=(-H "Authorization: Bearer $CHATTERBOX_API_KEY")
mkdir -p "$OUT"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "1. Is the server healthy?"
curl -fsS "$URL/health" | json '["status"]'

echo "2. Speak at once (OpenAI-compatible), streamed as it is synthesised"
curl -fsS "${AUTH[@]}" "$URL/v1/audio/speech" -H 'Content-Type: application/json' \
     -d '{"model": "tts-1", "input": "Hello! This came straight from the speech endpoint.", "voice": "alloy", "response_format": "mp3"}' \
     -o "$OUT/hello.mp3"
echo "   wrote $OUT/hello.mp3 ($(wc -c < "$OUT/hello.mp3") bytes)"

echo "3. Queue a durable job (safe to retry with the same Idempotency-Key)"
JOB=$(curl -fsS "${AUTH[@]}" "$URL/jobs" -H 'Content-Type: application/json' -H "Idempotency-Key: basic-usage-$(date +%s)" \
      -d '{"text": "Jobs survive restarts. Each sentence is saved as it is spoken.", "format": "ogg"}' | json '["id"]')
echo "   job $JOB"

echo "4. Follow its progress (Server-Sent Events; the stream ends when the job does)"
curl -fsSN "${AUTH[@]}" "$URL/jobs/$JOB/events" | sed -n 's/^event: /   event: /p'

echo "5. Download the audio"
curl -fsS "${AUTH[@]}" "$URL/jobs/$JOB/download" -o "$OUT/job.ogg"
echo "   wrote $OUT/job.ogg ($(wc -c < "$OUT/job.ogg") bytes)"

echo "6. The voices this server has"
curl -fsS "${AUTH[@]}" "$URL/voices" | python3 -c "import json,sys; v = json.load(sys.stdin)['voices']; print('  ', len(v), 'voices, e.g.', ', '.join(x['id'] for x in v[:5]))"
