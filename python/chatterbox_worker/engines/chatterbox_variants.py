"""The three models of ``chatterbox-tts`` (0.1.7) and what each ``generate`` takes.

Each variant: where its class lives, the name its weights go by in ``engines.chatterbox_weights``, and its
parameters as ``name: (the library's own default, lowest, highest)``. Only parameters a request sets are
passed, so the library's defaults apply otherwise (they differ: the multilingual model's repetition penalty is
2.0, Turbo's top_p 0.95). Turbo ignores ``exaggeration``, ``cfg_weight`` and ``min_p`` (it logs a warning), so
it does not accept them here.
"""

SAMPLING = {
    "temperature": (0.8, 0.05, 5.0),
    "repetition_penalty": (1.2, 1.0, 3.0),
    "top_p": (1.0, 0.01, 1.0),
}

VARIANTS = {
    "english": {
        "module": "chatterbox.tts", "class": "ChatterboxTTS", "weights": "chatterbox", "repo": "ResembleAI/chatterbox",
        "params": dict(SAMPLING, exaggeration=(0.5, 0.0, 2.0), cfg_weight=(0.5, 0.0, 1.0), min_p=(0.05, 0.0, 1.0)),
    },
    "multilingual": {
        "module": "chatterbox.mtl_tts", "class": "ChatterboxMultilingualTTS", "weights": "chatterbox-multilingual",
        "repo": "ResembleAI/chatterbox",
        "params": dict(SAMPLING, repetition_penalty=(2.0, 1.0, 3.0), exaggeration=(0.5, 0.0, 2.0), cfg_weight=(0.5, 0.0, 1.0),
                       min_p=(0.05, 0.0, 1.0)),
    },
    "turbo": {
        "module": "chatterbox.tts_turbo", "class": "ChatterboxTurboTTS", "weights": "chatterbox-turbo", "repo": "ResembleAI/chatterbox-turbo",
        "params": dict(SAMPLING, top_p=(0.95, 0.01, 1.0), top_k=(1000, 1, 10000), norm_loudness=(1, 0, 1)),
        # Turbo conditions on at least this much of a reference clip (its prepare_conditionals asserts it).
        "min_clip_seconds": 5.0,
    },
}

SEED = (None, 0, 2**31 - 1)


def parse_weights(items):
    """``["chatterbox=/models/cb", …]`` -> ``{"chatterbox": "/models/cb"}`` (from ``--weights``)."""
    weights = {}
    for item in items or []:
        name, _, folder = item.partition("=")
        if name and folder:
            weights[name.strip()] = folder.strip()
    return weights
