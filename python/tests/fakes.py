"""Stand-ins for torch, chatterbox and transformers: they record how the adapters call the documented APIs.
The chatterbox stand-ins live in ``standins/chatterbox`` (real signatures, checked against the wheel).

Only the libraries' entry points are replaced (no weights, no model hub); the adapters' own code runs.
"""

import importlib.util
import os
import sys
import types

STANDINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "standins")


def load_standins(recorder):
    """The stand-in ``chatterbox`` package and its three modules, freshly loaded, recording into ``recorder``."""
    folder = os.path.join(STANDINS, "chatterbox")
    modules = {}
    spec = importlib.util.spec_from_file_location("chatterbox", os.path.join(folder, "__init__.py"), submodule_search_locations=[folder])
    package = importlib.util.module_from_spec(spec)
    sys.modules["chatterbox"] = modules["chatterbox"] = package
    spec.loader.exec_module(package)
    package.recorder = recorder
    for name in ("tts", "mtl_tts", "tts_turbo"):
        spec = importlib.util.spec_from_file_location("chatterbox." + name, os.path.join(folder, name + ".py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["chatterbox." + name] = modules["chatterbox." + name] = module
        spec.loader.exec_module(module)
    return modules


class Recorder:
    """Collects calls as (name, args, kwargs)."""

    def __init__(self):
        self.calls = []

    def add(self, name, *args, **kwargs):
        self.calls.append((name, args, kwargs))

    def named(self, name):
        return [call for call in self.calls if call[0] == name]


class FakeTensor:
    def __init__(self, values, recorder=None):
        self.values = list(values)
        self.recorder = recorder
        self.shape = (len(self.values),)

    def unsqueeze(self, dim):
        tensor = FakeTensor(self.values, self.recorder)
        tensor.shape = (1, len(self.values))
        return tensor

    def to(self, device):
        if self.recorder:
            self.recorder.add("to", device)
        return self

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        import numpy

        return numpy.asarray(self.values, dtype="float32")


def install(recorder, cuda=False):
    """Puts fake torch, chatterbox and transformers modules into ``sys.modules``; returns a function that removes them."""
    names = ["torch", "chatterbox", "chatterbox.tts", "chatterbox.mtl_tts", "chatterbox.tts_turbo", "transformers"]
    saved = {name: sys.modules.get(name) for name in names}

    torch = types.ModuleType("torch")
    torch.__version__ = "0.fake"
    torch.cuda = types.SimpleNamespace(is_available=lambda: cuda, manual_seed_all=lambda seed: recorder.add("cuda_seed", seed))
    torch.backends = types.SimpleNamespace(mps=types.SimpleNamespace(is_available=lambda: False))
    torch.manual_seed = lambda seed: recorder.add("manual_seed", seed)
    torch.from_numpy = lambda array: FakeTensor(array.tolist(), recorder)

    chatterbox_modules = load_standins(recorder)

    transformers = types.ModuleType("transformers")

    class Pretrained:
        @classmethod
        def from_pretrained(cls, name):
            recorder.add("from_pretrained", cls.__name__, name)
            return cls()

        def to(self, device):
            recorder.add("to", device)
            return self

    class SpeechT5Processor(Pretrained):
        def __call__(self, text, return_tensors):
            recorder.add("processor", text, return_tensors)
            return {"input_ids": FakeTensor([1, 2, 3], recorder)}

    class SpeechT5ForTextToSpeech(Pretrained):
        def generate_speech(self, ids, speaker, vocoder):
            recorder.add("generate_speech", ids, speaker, vocoder=vocoder)
            return FakeTensor([0.1] * 160)

    class SpeechT5HifiGan(Pretrained):
        pass

    transformers.SpeechT5Processor = SpeechT5Processor
    transformers.SpeechT5ForTextToSpeech = SpeechT5ForTextToSpeech
    transformers.SpeechT5HifiGan = SpeechT5HifiGan

    sys.modules.update(dict(chatterbox_modules, torch=torch, transformers=transformers))

    def remove():
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module

    return remove
