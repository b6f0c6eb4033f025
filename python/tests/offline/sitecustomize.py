"""Blocks the network for a test's worker process: every connection or name lookup is logged to
``NETWORK_ATTEMPTS_LOG`` and fails. Python imports this module at start-up when its folder is on PYTHONPATH."""

import os
import socket


def _blocked(*args, **kwargs):
    log = os.environ.get("NETWORK_ATTEMPTS_LOG")
    if log:
        with open(log, "a") as handle:
            handle.write("%r\n" % (args,))
    raise OSError("the network is blocked for this process (test)")


socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
