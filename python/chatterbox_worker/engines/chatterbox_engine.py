"""``chatterbox:<voice>``: Resemble AI's Chatterbox (``pip install chatterbox-tts``), 24 kHz.

Voices: ``default`` (the model's own voice), a reference clip from the voice folder (the server
sends its path as ``voice_path``; the clip sets the voice, as in ``generate(audio_prompt_path=…)``),
and ``ml-<language>`` for the multilingual model (``ChatterboxMultilingualTTS``, ``language_id``).
"""

import os

from ..errors import EngineError, missing_package, number, reject_unknown
from .device import seed_everything, torch_device

PARAMETERS = {
    "exaggeration": (0.5, 0.0, 2.0),
    "cfg_weight": (0.5, 0.0, 1.0),
    "temperature": (0.8, 0.05, 5.0),
    "seed": (None, 0, 2**31 - 1),
}

# The languages of ChatterboxMultilingualTTS, used when the package does not list them itself.
LANGUAGES = "ar da de el en es fi fr he hi it ja ko ms nl no pl pt ru sv sw tr zh".split()


class ChatterboxEngine:
    """Holds the English and (on first use) the multilingual model."""

    name = "chatterbox"
    packages = [("chatterbox", "chatterbox-tts"), ("torch", "torch")]
    sample_rate = 24000

    def __init__(self, device):
        self.requested_device = device
        self.models = {}

    def load(self, request=None):
        """Loads the model the request's voice needs: English, or multilingual for ``ml-<lang>`` voices
        (the weights download from Hugging Face the first time)."""
        self._model(self.language((request or {}).get("voice")))

    def _model(self, language):
        key = "multilingual" if language else "english"
        if key not in self.models:
            try:
                if language:
                    from chatterbox.mtl_tts import ChatterboxMultilingualTTS as model_class
                else:
                    from chatterbox.tts import ChatterboxTTS as model_class
            except ImportError:
                raise missing_package(self.name, "chatterbox", "chatterbox-tts")
            self.models[key] = model_class.from_pretrained(device=torch_device(self.requested_device))
        return self.models[key]

    @staticmethod
    def language(voice):
        """The language of an ``ml-<lang>`` voice, or None for English voices."""
        if not voice or not voice.startswith("ml-"):
            return None
        language = voice[3:]
        try:
            from chatterbox.mtl_tts import SUPPORTED_LANGUAGES

            known = sorted(SUPPORTED_LANGUAGES)
        except ImportError:
            known = LANGUAGES
        if language not in known:
            raise EngineError("unknown_voice", "chatterbox has no language %r; languages: %s" % (language, ", ".join(known)))
        return language

    def arguments(self, request):
        """The keyword arguments of ``generate`` for a request (checked before any model loads)."""
        params = request.get("params") or {}
        reject_unknown(params, PARAMETERS, self.name)
        if number(request, "speed", 1.0, 0.25, 4.0) != 1.0:
            raise EngineError("invalid_speed", "chatterbox speaks at its own pace; speed must be 1")
        kwargs = {name: number(params, name, default, low, high) for name, (default, low, high) in PARAMETERS.items() if name != "seed"}
        clip = request.get("voice_path")
        if clip:
            if not os.path.isfile(clip):
                raise EngineError("unknown_voice", "reference clip %s does not exist" % clip)
            kwargs["audio_prompt_path"] = clip
        language = self.language(request.get("voice"))
        if language:
            kwargs["language_id"] = language
        return kwargs

    def synthesize(self, request):
        """Returns ``(samples, sample_rate)``: ``model.generate(text, **arguments)``."""
        kwargs = self.arguments(request)
        seed = number(request.get("params") or {}, "seed", None, 0, 2**31 - 1)
        model = self._model(kwargs.get("language_id"))
        if seed is not None:
            seed_everything(int(seed))
        wav = model.generate(request.get("text", ""), **kwargs)
        return wav, getattr(model, "sr", self.sample_rate)
