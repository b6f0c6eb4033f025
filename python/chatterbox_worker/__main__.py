"""``python -m chatterbox_worker --engine ID [--device auto|cpu|cuda]`` or ``--check``."""

import argparse
import json
import os
import platform
import sys

from . import __version__
from .engines import ENGINES, availability
from .server import serve


def main(argv=None):
    parser = argparse.ArgumentParser(prog="chatterbox_worker", description="Hosts one Python TTS engine for the Chatterbox TTS server.")
    parser.add_argument("--engine", choices=sorted(ENGINES), help="engine to host")
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"], help="where torch models run")
    parser.add_argument("--weights", action="append", default=[], metavar="MODEL=FOLDER",
                        help="load MODEL (chatterbox, chatterbox-multilingual, chatterbox-turbo) from FOLDER with from_local, offline")
    parser.add_argument("--check", action="store_true", help="print which engines this environment can host, as JSON, and exit")
    args = parser.parse_args(argv)
    if args.check:
        engines = {}
        for name in sorted(ENGINES):
            available, reason = availability(name)
            engines[name] = {"available": available, "reason": reason}
        print(json.dumps({"worker": __version__, "python": platform.python_version(), "executable": sys.executable, "engines": engines}))
        return 0
    if not args.engine:
        parser.error("--engine is required (or --check)")
    # Frames own the real stdout; anything a library prints goes to stderr instead of corrupting them.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return serve(args.engine, args.device, sys.stdin.buffer, replies, weights=args.weights)


if __name__ == "__main__":
    sys.exit(main())
