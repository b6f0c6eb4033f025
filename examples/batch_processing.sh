#!/usr/bin/env bash
# Batch processing against a running server: every .txt file of a folder becomes a job (uploaded as a
# text file), then each is waited for and its audio downloaded next to its name.
# Usage: bash examples/batch_processing.sh [TEXT_DIR] [OUT_DIR]   (without TEXT_DIR a small demo folder is made)
# Settings: CHATTERBOX_URL (default http://127.0.0.1:2050), CHATTERBOX_API_KEY, CHATTERBOX_BIN (default: chatterbox
# on PATH) for `chatterbox jobs wait/download`, FORMAT (default mp3).
# Offline alternative without a server: chatterbox batch TEXT_DIR -o OUT_DIR.
set -euo pipefail
URL=${CHATTERBOX_URL:-http://127.0.0.1:2050}
BIN=${CHATTERBOX_BIN:-chatterbox}
FORMAT=${FORMAT:-mp3}
IN=${1:-}
OUT=${2:-./example-output/batch}
AUTH=()
[ -n "${CHATTERBOX_API_KEY:-}" ] && AUTH=(-H "Authorization: Bearer $CHATTERBOX_API_KEY")
if [ -z "$IN" ]; then
    IN=$(mktemp -d)
    printf 'The first file has one sentence.\n' > "$IN/one.txt"
    printf 'The second file is a little longer. It has two sentences.\n' > "$IN/two.txt"
    printf '# A Markdown file\n\nIt is spoken as plain text.\n' > "$IN/three.md"
fi
mkdir -p "$OUT"

declare -A JOBS
for file in "$IN"/*.txt "$IN"/*.md; do
    [ -e "$file" ] || continue
    name=$(basename "${file%.*}")
    # The Idempotency-Key makes a re-run of this script reuse the jobs it already queued.
    id=$(curl -fsS "${AUTH[@]}" "$URL/jobs" -H "Idempotency-Key: batch-$name-$(sha256sum "$file" | cut -c1-16)" \
         -F "file=@$file" -F "format=$FORMAT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    JOBS[$name]=$id
    echo "queued $file -> job $id"
done

failed=0
for name in "${!JOBS[@]}"; do
    if "$BIN" jobs wait "${JOBS[$name]}" --url "$URL" -o "$OUT/$name.$FORMAT" >/dev/null; then
        echo "done   $OUT/$name.$FORMAT"
    else
        echo "FAILED $name"; failed=1
    fi
done
exit $failed
