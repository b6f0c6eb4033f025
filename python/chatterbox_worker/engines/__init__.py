"""The engines a worker can host, by the engine part of voice ids."""

import importlib.util

from ..errors import EngineError
from .chatterbox_engine import ChatterboxEngine, ChatterboxTurboEngine
from .piper_py import PiperPyEngine
from .speecht5 import SpeechT5Engine

ENGINES = {engine.name: engine for engine in (ChatterboxEngine, ChatterboxTurboEngine, SpeechT5Engine, PiperPyEngine)}


def create(name, device, weights=None):
    """The engine called ``name`` (not loaded yet); the Chatterbox engines take their local weights folders."""
    if name not in ENGINES:
        raise EngineError("unknown_engine", "no Python engine %r; engines: %s" % (name, ", ".join(sorted(ENGINES))))
    if name.startswith("chatterbox"):
        return ENGINES[name](device, weights=weights)
    return ENGINES[name](device)


def availability(name):
    """``(available, reason)``: whether the engine's packages can be imported here, without importing them."""
    missing = [requirement for module, requirement in ENGINES[name].packages if importlib.util.find_spec(module) is None]
    if missing:
        return False, "missing Python packages: %s" % ", ".join(missing)
    return True, None
