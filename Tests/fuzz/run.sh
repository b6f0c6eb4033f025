#!/usr/bin/env bash
# The text-path fuzzer (libFuzzer): validation -> normalisation -> chunking -> espeak-ng phonemes.
#   bash Tests/fuzz/run.sh [SECONDS]     (default 120; CI runs it briefly, run it for hours to explore)
# Builds the target with -sanitize=fuzzer in .build/fuzz, replays every past finding in
# Tests/fuzz/regressions, then fuzzes from the seed corpus (Tests/fuzz/corpus) with a fixed seed
# (FUZZ_SEED, default 1). New findings are written to .build/fuzz/findings/: turn each into a
# regression case (copy it into Tests/fuzz/regressions) once it is fixed. Exit 0 only when nothing
# crashed. Prints how many inputs ran.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-120}
TEXT_FUZZ=1 swift build --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library --product text-fuzz 2>&1 \
    | grep -E "error|warning: .*Tests/fuzz" || true
FUZZ=$(TEXT_FUZZ=1 swift build --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library --show-bin-path)/text-fuzz
WORK=.build/fuzz/work; FINDINGS=.build/fuzz/findings
rm -rf "$WORK"; mkdir -p "$WORK" "$FINDINGS"
cp Tests/fuzz/corpus/* "$WORK/"
export SWIFT_BACKTRACE=enable=no
echo "==> replaying $(ls Tests/fuzz/regressions | wc -l) regression case(s)"
"$FUZZ" Tests/fuzz/regressions/* > .build/fuzz/replay.log 2>&1 || { tail -5 .build/fuzz/replay.log; echo "a regression case fails again"; exit 1; }
echo "==> fuzzing for $SECONDS_TO_RUN s (seed ${FUZZ_SEED:-1})"
set +e
# -fork=1: inputs run in a child process, so a crash inside libespeak-ng (which smashes the stack and
# can take libFuzzer's own crash handler down with it) still leaves its input in $FINDINGS.
"$FUZZ" "$WORK" -fork=1 -ignore_crashes=0 -max_total_time="$SECONDS_TO_RUN" -max_len=4000 -seed="${FUZZ_SEED:-1}" -timeout=20 \
    -rss_limit_mb=2048 -artifact_prefix="$FINDINGS/" > .build/fuzz/last-run.log 2>&1
status=$?
set -e
# Fork mode's progress lines: "#RUNS: cov: … ft: … corp: … exec/s: …"; the last says how many inputs ran.
grep -E "^#[0-9]+: cov" .build/fuzz/last-run.log | tail -n 1 || true
if [ "$status" -ne 0 ]; then
    grep -E "Precondition|Fatal error|ERROR: libFuzzer|Test unit written" .build/fuzz/last-run.log | head -5
    echo "the fuzzer found a crash (log: .build/fuzz/last-run.log)"
    exit 1
fi
echo "no crash"
