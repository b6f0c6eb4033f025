#!/usr/bin/env bash
# `chatterbox env detect` against environments made by the real tools: uv, poetry and pipenv (installed from
# PyPI into a venv by this script), plus a plain venv, in a throw-away HOME. No package downloads: every
# environment is created empty.  Usage: test_env_tools.sh TEST_CHATTERBOX_BIN [TOOLS_VENV]
set -uo pipefail
BIN=$(readlink -f "$1")
TOOLS=${2:-.build/env-tools-venv}
pass=0; fail=0
ok()  { pass=$((pass + 1)); echo "ok   - $1"; }
bad() { fail=$((fail + 1)); echo "FAIL - $1"; }
if [ ! -x "$TOOLS/bin/pipenv" ] || [ ! -x "$TOOLS/bin/poetry" ] || [ ! -x "$TOOLS/bin/uv" ]; then
    python3 -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet --disable-pip-version-check uv poetry pipenv || { echo "cannot install uv/poetry/pipenv"; exit 1; }
fi
TOOLS=$(readlink -f "$TOOLS")
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" PATH="$TOOLS/bin:/usr/bin:/bin" PIP_NO_INDEX=1 PIPENV_VENV_IN_PROJECT= PIPENV_YES=1 PIPENV_IGNORE_VIRTUALENVS=1
mkdir -p "$HOME" "$WORK/uvproj" "$WORK/poetryproj" "$WORK/pipenvproj" "$WORK/plain"
PY=/usr/bin/python3

(cd "$WORK/uvproj" && uv venv --quiet --python "$PY" .venv) || bad "uv venv"
(cd "$WORK/plain" && "$PY" -m venv --without-pip .venv) || bad "python -m venv"
cat > "$WORK/poetryproj/pyproject.toml" <<'TOML'
[tool.poetry]
name = "demo"
version = "0.1.0"
description = ""
authors = []
package-mode = false

[tool.poetry.dependencies]
python = ">=3.9"
TOML
(cd "$WORK/poetryproj" && poetry env use "$PY" >/dev/null 2>&1) || bad "poetry env use"
(cd "$WORK/pipenvproj" && pipenv --python "$PY" >/dev/null 2>&1) || bad "pipenv --python"

report() { (cd "$1" && "$BIN" env detect --json); }
expect() { # name dir python-check
    if report "$2" | python3 -c "$3"; then ok "$1"; else bad "$1"; fi
}
VERSION=$("$PY" -c 'import platform; print(platform.python_version())')
expect "uv: the project's .venv is type uv, Python $VERSION" "$WORK/uvproj" "
import json, sys; e = [x for x in json.load(sys.stdin)['environments'] if x['path'].endswith('uvproj/.venv')]
assert e and e[0]['type'] == 'uv' and e[0]['python_version'] == '$VERSION' and e[0]['status'] == 'ok', e"
expect "venv: a plain .venv is type venv" "$WORK/plain" "
import json, sys; e = [x for x in json.load(sys.stdin)['environments'] if x['path'].endswith('plain/.venv')]
assert e and e[0]['type'] == 'venv' and e[0]['python_version'] == '$VERSION', e"
expect "poetry: its virtualenv is type poetry" "$WORK" "
import json, sys; e = [x for x in json.load(sys.stdin)['environments'] if x['type'] == 'poetry']
assert len(e) == 1 and e[0]['name'].startswith('demo-') and e[0]['python_version'] == '$VERSION', e"
expect "pipenv: its virtualenv is type pipenv" "$WORK" "
import json, sys; e = [x for x in json.load(sys.stdin)['environments'] if x['type'] == 'pipenv']
assert len(e) == 1 and e[0]['name'].startswith('pipenvproj-') and e[0]['python_version'] == '$VERSION', e"
expect "system Python and at least 4 types in one scan" "$WORK/uvproj" "
import json, sys; types = {x['type'] for x in json.load(sys.stdin)['environments']}
assert {'uv', 'poetry', 'pipenv', 'system'} <= types, types"
# `chatterbox setup --new poetry` creates a poetry project whose .venv hosts the worker.
mkdir -p "$WORK/setupproj"
if (cd "$WORK/setupproj" && "$BIN" setup --new poetry --python 3.11 --path "$WORK/poetry-setup" --no-install --yes > setup.log 2>&1) \
    && [ -x "$WORK/poetry-setup/.venv/bin/python" ] && grep -q "python: $WORK/poetry-setup/.venv/bin/python" "$WORK/setupproj/chatterbox.yaml" \
    && grep -q "✓ python: Python 3.11" "$WORK/setupproj/setup.log"; then
    ok "setup --new poetry: project with its .venv, written to chatterbox.yaml, verified"
else
    bad "setup --new poetry: $(tail -n 5 "$WORK/setupproj/setup.log" 2>/dev/null)"
fi
echo "env tools: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
