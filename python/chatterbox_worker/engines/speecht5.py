"""``speecht5:<voice>``: Microsoft SpeechT5 through transformers, with the HiFi-GAN vocoder, 16 kHz.

A voice is a speaker embedding (an x-vector of 512 numbers saved with ``numpy.save``) from the
voice folder; ``default`` takes speaker 7306 of the CMU ARCTIC x-vectors (needs ``datasets``).
"""

import os

from ..errors import EngineError, missing_package, number, reject_unknown
from .device import seed_everything, torch_device

MODEL = "microsoft/speecht5_tts"
VOCODER = "microsoft/speecht5_hifigan"
XVECTORS = "Matthijs/cmu-arctic-xvectors"
EMBEDDING_SIZE = 512
PARAMETERS = {"seed": (0, 2**31 - 1)}


class SpeechT5Engine:
    """Processor, model and vocoder, loaded once."""

    name = "speecht5"
    packages = [("transformers", "transformers"), ("torch", "torch"), ("sentencepiece", "sentencepiece")]
    sample_rate = 16000

    def __init__(self, device):
        self.requested_device = device
        self.parts = None
        self.embeddings = {}

    def load(self, request=None):
        """Loads the processor, the model and the vocoder (downloaded from Hugging Face the first time),
        and the request's speaker embedding."""
        if request is not None:
            self.embedding(request.get("voice_path"))
        if self.parts is None:
            try:
                from transformers import SpeechT5ForTextToSpeech, SpeechT5HifiGan, SpeechT5Processor
            except ImportError:
                raise missing_package(self.name, "transformers", "transformers sentencepiece")
            device = torch_device(self.requested_device)
            processor = SpeechT5Processor.from_pretrained(MODEL)
            model = SpeechT5ForTextToSpeech.from_pretrained(MODEL).to(device)
            vocoder = SpeechT5HifiGan.from_pretrained(VOCODER).to(device)
            self.parts = (processor, model, vocoder, device)
        return self.parts

    def embedding(self, path):
        """The speaker embedding as a [1, 512] tensor: from ``path`` (.npy) or the default speaker."""
        key = path or "default"
        if key not in self.embeddings:
            import numpy
            import torch

            if path:
                if not os.path.isfile(path):
                    raise EngineError("unknown_voice", "speaker embedding %s does not exist" % path)
                try:
                    vector = numpy.load(path, allow_pickle=False)
                except Exception as error:
                    raise EngineError("invalid_voice", "%s is not a numpy .npy file: %s" % (path, error))
            else:
                try:
                    from datasets import load_dataset
                except ImportError:
                    raise missing_package(self.name + ":default", "datasets", "datasets")
                vector = numpy.asarray(load_dataset(XVECTORS, split="validation")[7306]["xvector"])
            vector = numpy.asarray(vector, dtype="float32").reshape(-1)
            if vector.shape[0] != EMBEDDING_SIZE:
                raise EngineError("invalid_voice", "a SpeechT5 speaker embedding has %d numbers; %s has %d" % (EMBEDDING_SIZE, key, vector.shape[0]))
            self.embeddings[key] = torch.from_numpy(vector).unsqueeze(0)
        return self.embeddings[key]

    def synthesize(self, request):
        """Returns ``(samples, sample_rate)``: ``model.generate_speech(ids, speaker, vocoder=vocoder)``."""
        params = request.get("params") or {}
        reject_unknown(params, PARAMETERS, self.name)
        seed = number(params, "seed", None, *PARAMETERS["seed"])
        if number(request, "speed", 1.0, 0.25, 4.0) != 1.0:
            raise EngineError("invalid_speed", "speecht5 speaks at its own pace; speed must be 1")
        speaker = self.embedding(request.get("voice_path"))
        processor, model, vocoder, device = self.load()
        if seed is not None:
            seed_everything(int(seed))
        inputs = processor(text=request.get("text", ""), return_tensors="pt")
        speech = model.generate_speech(inputs["input_ids"].to(device), speaker.to(device), vocoder=vocoder)
        return speech, self.sample_rate
