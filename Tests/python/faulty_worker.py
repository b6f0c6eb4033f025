"""The real chatterbox_worker with a fault switch, for the engine-failure tests.

Run as ``python faulty_worker.py FLAG_FILE --engine ID ...``. While FLAG_FILE holds ``hang`` or
``crash``, each ``synthesize`` request stops this process (SIGSTOP: it hangs until the server's
timeout kills it) or kills it (SIGKILL: a crash). Without the file it is the worker, unchanged.
"""
import os
import signal
import sys

import chatterbox_worker.server as server
from chatterbox_worker.__main__ import main

FLAG = sys.argv.pop(1)
_handle = server.handle


def handle(engine, header):
    if header.get("op") == "synthesize" and os.path.exists(FLAG):
        with open(FLAG) as flag:
            fault = flag.read().strip()
        if fault == "hang":
            os.kill(os.getpid(), signal.SIGSTOP)
        elif fault == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
    return _handle(engine, header)


server.handle = handle

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
