#!/usr/bin/env bash
# Text-path benchmark: validate -> normalise -> chunk on ordinary and hostile texts of 1,000, 10,000 and
# 100,000 characters (processing.max_text_length's default), release build. Every step must be linear:
# ten times the text about ten times the time. Exits 1 when a shape grows more than 2.5 times faster
# than its length (quadratic work grows ~10 times faster).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product text-bench >/dev/null
"$(swift build -c release --show-bin-path)/text-bench" --sizes "${SIZES:-1000,10000,100000}" --check "${MAX_RATIO:-2.5}"
