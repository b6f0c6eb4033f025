"""``piper-py:<voice>``: the piper-tts Python package (the reference implementation of Piper).

It lets the whole worker path run with a real model where no GPU or model hub is reachable.
"""

import os

from ..errors import EngineError, missing_package, number, reject_unknown

PARAMETERS = {
    "noise_scale": (0.0, 2.0),
    "noise_w": (0.0, 2.0),
    "length_scale": (0.1, 10.0),
    "speaker": (0, 100000),
}


class PiperPyEngine:
    """Loads each voice's .onnx once and speaks with ``PiperVoice.synthesize``."""

    name = "piper-py"
    packages = [("piper", "piper-tts")]

    def __init__(self, device):
        self.device = device
        self.voices = {}

    def load(self, request=None):
        """Imports piper and loads the request's voice, if it names one."""
        self._piper()
        if request and request.get("voice_path"):
            self.voice(request["voice_path"])

    def _piper(self):
        try:
            import piper
        except ImportError:
            raise missing_package(self.name, "piper", "piper-tts")
        return piper

    def voice(self, path):
        """The loaded voice at ``path`` (a ``.onnx`` with its ``.onnx.json`` beside it)."""
        if not path:
            raise EngineError("unknown_voice", "piper-py needs the path of the voice's .onnx file")
        if not os.path.isfile(path) or not os.path.isfile(path + ".json"):
            raise EngineError("unknown_voice", "no Piper voice at %s (needs the .onnx and its .onnx.json)" % path)
        if path not in self.voices:
            piper = self._piper()
            self.voices[path] = piper.PiperVoice.load(path, use_cuda=self.device == "cuda")
        return self.voices[path]

    def synthesize(self, request):
        """Returns ``(samples, sample_rate)`` for ``request["text"]``."""
        params = request.get("params") or {}
        reject_unknown(params, PARAMETERS, self.name)
        values = {name: number(params, name, None, low, high) for name, (low, high) in PARAMETERS.items()}
        speed = number(request, "speed", 1.0, 0.25, 4.0)
        voice = self.voice(request.get("voice_path"))
        from piper import SynthesisConfig

        length_scale = values["length_scale"]
        if length_scale is None:
            length_scale = voice.config.length_scale / speed
        speaker = values["speaker"]
        if speaker is not None and int(speaker) >= max(1, voice.config.num_speakers):
            raise EngineError("invalid_parameter", "this voice has %d speaker(s); speaker %d does not exist" % (voice.config.num_speakers, speaker))
        config = SynthesisConfig(
            speaker_id=None if speaker is None else int(speaker),
            length_scale=length_scale,
            noise_scale=values["noise_scale"],
            noise_w_scale=values["noise_w"],
        )
        import numpy

        chunks = [chunk.audio_float_array for chunk in voice.synthesize(request.get("text", ""), syn_config=config)]
        samples = numpy.concatenate(chunks) if chunks else numpy.zeros(0, dtype="float32")
        return samples, voice.config.sample_rate
