"""Stand-ins for chatterbox-tts 0.1.7's three model classes: the real signatures of ``from_pretrained``,
``from_local``, ``prepare_conditionals`` and ``generate`` (``test_signatures.py`` checks them against the
wheel's source), no weights, no model hub. Calls are recorded in ``recorder`` (in process) and, when
``CHATTERBOX_STANDIN_LOG`` names a file, appended to it as JSON lines (a worker process in a test)."""

import functools
import inspect
import json
import os

recorder = None


def record(name, *args, **kwargs):
    if recorder is not None:
        recorder.add(name, *args, **kwargs)
    log = os.environ.get("CHATTERBOX_STANDIN_LOG")
    if log:
        with open(log, "a") as handle:
            handle.write(json.dumps([name, [str(a) for a in args], {k: str(v) for k, v in kwargs.items()}]) + "\n")


def recorded(method):
    """Records the call as made (only the arguments passed); the real signature refuses anything else."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        inspect.signature(method).bind(self, *args, **kwargs)
        record(method.__name__, self.kind, *args, **kwargs)
        return method(self, *args, **kwargs)
    return wrapper


class StandIn:
    """What the three classes share here: the output rate and construction that records how it was loaded."""
    sr = 24000
    kind = "?"
    samples = [0.25, -0.25, 0.5]

    # The three classes load alike (same signatures in 0.1.7).
    @classmethod
    def from_local(cls, ckpt_dir, device):
        record("from_local", cls.kind, str(ckpt_dir), device=device)
        return cls()

    @classmethod
    def from_pretrained(cls, device):
        record("from_pretrained", cls.kind, device=device)
        return cls()
