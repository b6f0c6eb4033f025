"""The request loop: one engine, frames in on stdin, frames out on stdout, until stdin closes."""

import os
import platform
import sys
import traceback

from . import __version__
from .engines import availability, create
from .errors import EngineError
from .protocol import ProtocolError, float32_bytes, read_frame, write_frame


def handle(engine, header):
    """Runs one request; returns ``(reply header, audio bytes or None)``."""
    op = header.get("op")
    reply = {"id": header.get("id"), "ok": True}
    if op == "synthesize":
        if not isinstance(header.get("text"), str):
            raise EngineError("bad_request", "synthesize needs a text string")
        samples, rate = engine.synthesize(header)
        return dict(reply, sample_rate=int(rate)), float32_bytes(samples)
    if op == "load":  # the model (and the request's voice), so the first synthesis is not charged for it
        engine.load(header)
        return reply, None
    if op in ("ping", "shutdown"):
        return reply, None
    raise EngineError("bad_request", "unknown op %r; ops: synthesize, load, ping, shutdown" % (op,))


def serve(engine_name, device, requests, replies, weights=None):
    """Announces itself, then answers requests until the server closes ``requests`` or says shutdown."""
    available, reason = availability(engine_name)
    write_frame(replies, {
        "op": "ready", "engine": engine_name, "worker": __version__, "pid": os.getpid(),
        "python": platform.python_version(), "available": available, "reason": reason,
    })
    engine = create(engine_name, device, weights)
    while True:
        try:
            header = read_frame(requests)
        except (ProtocolError, ValueError) as error:
            write_frame(replies, {"id": None, "ok": False, "error": {"code": "bad_request", "message": str(error)}})
            return 2
        if header is None:
            return 0
        try:
            reply, audio = handle(engine, header)
        except EngineError as error:
            reply, audio = {"id": header.get("id"), "ok": False, "error": {"code": error.code, "message": error.message}}, None
        except Exception as error:  # a library failure: keep serving, tell the server what happened
            traceback.print_exc(file=sys.stderr)
            message = "%s: %s" % (type(error).__name__, error)
            reply, audio = {"id": header.get("id"), "ok": False, "error": {"code": "engine_error", "message": message}}, None
        write_frame(replies, reply, audio)
        if header.get("op") == "shutdown":
            return 0
