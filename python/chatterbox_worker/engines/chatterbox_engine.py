"""``chatterbox:<voice>`` and ``chatterbox-turbo:<voice>``: Resemble AI's Chatterbox (``pip install chatterbox-tts``), 24 kHz.

Voices: ``default`` (the model's own voice), a reference clip from the voice folder (the server sends its path as
``voice_path``; ``generate(audio_prompt_path=…)``), and for ``chatterbox`` ``ml-<language>`` (the multilingual model,
``language_id``). Weights come from Hugging Face (``from_pretrained``) unless ``engines.chatterbox_weights`` names a
folder for the model: then ``from_local(folder, device)`` with the hub set offline, so nothing is fetched.
The audio carries Resemble's Perth watermark, which the library adds; nothing here removes it.
"""

import os

from ..errors import EngineError, missing_package, number, reject_unknown
from .chatterbox_variants import SEED, VARIANTS, parse_weights
from .device import seed_everything, torch_device

# The languages of ChatterboxMultilingualTTS, used when the package does not list them itself.
LANGUAGES = "ar da de el en es fi fr he hi it ja ko ms nl no pl pt ru sv sw tr zh".split()


class ChatterboxEngine:
    """Holds the models it has loaded: English and (on first use) multilingual."""

    name = "chatterbox"
    packages = [("chatterbox", "chatterbox-tts"), ("torch", "torch")]
    sample_rate = 24000

    def __init__(self, device, weights=None):
        self.requested_device = device
        self.weights = parse_weights(weights) if isinstance(weights, list) else dict(weights or {})
        self.models = {}

    def variant(self, voice):
        """The model a voice needs: ``multilingual`` for ``ml-<lang>``, else ``english``."""
        return "multilingual" if self.language(voice) else "english"

    def load(self, request=None):
        """Loads the model the request's voice needs (the weights download the first time, unless local)."""
        self._model(self.variant((request or {}).get("voice")))

    def _model(self, variant):
        if variant not in self.models:
            spec = VARIANTS[variant]
            try:
                module = __import__(spec["module"], fromlist=[spec["class"]])
            except ImportError:
                raise missing_package(self.name, "chatterbox", "chatterbox-tts")
            model_class = getattr(module, spec["class"])
            device = torch_device(self.requested_device)
            folder = self.weights.get(spec["weights"])
            if folder:
                if not os.path.isdir(folder):
                    raise EngineError("engine_unavailable", "the %s weights folder %s (engines.chatterbox_weights) does not exist" % (spec["weights"], folder))
                os.environ["HF_HUB_OFFLINE"] = "1"  # from_local reads files; nothing may reach the hub
                self.models[variant] = model_class.from_local(folder, device)
            else:
                self.models[variant] = model_class.from_pretrained(device=device)
        return self.models[variant]

    def language(self, voice):
        """The language of an ``ml-<lang>`` voice, or None."""
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
        """The keyword arguments of ``generate`` for a request, checked before any model loads: the parameters it
        sets (within the variant's ranges), the clip, the language."""
        variant = self.variant(request.get("voice"))
        spec = VARIANTS[variant]
        params = request.get("params") or {}
        reject_unknown(params, list(spec["params"]) + ["seed"], self.name)
        if number(request, "speed", 1.0, 0.25, 4.0) != 1.0:
            raise EngineError("invalid_speed", "%s speaks at its own pace; speed must be 1" % self.name)
        kwargs = {}
        for name, (default, low, high) in spec["params"].items():
            value = number(params, name, None, low, high)
            if value is not None:
                kwargs[name] = bool(value) if name == "norm_loudness" else int(value) if name == "top_k" else value
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
        seed = number(request.get("params") or {}, "seed", None, SEED[1], SEED[2])
        model = self._model(self.variant(request.get("voice")))
        if seed is not None:
            seed_everything(int(seed))
        wav = model.generate(request.get("text", ""), **kwargs)
        return wav, getattr(model, "sr", self.sample_rate)


class ChatterboxTurboEngine(ChatterboxEngine):
    """``chatterbox-turbo``: the fast model (``ChatterboxTurboTTS``), English, its own voice or a clip of over 5 s."""

    name = "chatterbox-turbo"

    def variant(self, voice):
        return "turbo"

    def language(self, voice):
        if voice and voice.startswith("ml-"):
            raise EngineError("unknown_voice", "chatterbox-turbo speaks English only; use chatterbox:%s" % voice)
        return None

    def arguments(self, request):
        kwargs = ChatterboxEngine.arguments(self, request)
        clip = kwargs.get("audio_prompt_path")
        if clip and clip_seconds(clip) is not None and clip_seconds(clip) <= VARIANTS["turbo"]["min_clip_seconds"]:
            raise EngineError("invalid_voice", "chatterbox-turbo needs a reference clip longer than 5 s; %s is %.1f s"
                              % (os.path.basename(clip), clip_seconds(clip)))
        return kwargs


def clip_seconds(path):
    """A WAV clip's length (the server keeps clips as WAV); None for anything the wave module cannot read."""
    import wave

    try:
        with wave.open(path) as clip:
            return clip.getnframes() / float(clip.getframerate())
    except Exception:
        return None
