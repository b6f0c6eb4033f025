"""The Chatterbox and SpeechT5 adapters: argument handling and error paths, without weights or a model hub."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from chatterbox_worker.engines.chatterbox_engine import ChatterboxEngine, ChatterboxTurboEngine  # noqa: E402
from chatterbox_worker.engines.speecht5 import SpeechT5Engine  # noqa: E402
from chatterbox_worker.errors import EngineError  # noqa: E402

import fakes  # noqa: E402


class ChatterboxAdapterTests(unittest.TestCase):
    def setUp(self):
        self.recorder = fakes.Recorder()
        self.addCleanup(fakes.install(self.recorder))
        self.engine = ChatterboxEngine("auto")

    def code_of(self, request):
        with self.assertRaises(EngineError) as caught:
            self.engine.synthesize(request)
        return caught.exception.code, caught.exception.message

    def test_defaults_follow_the_documented_generate_call(self):
        samples, rate = self.engine.synthesize({"text": "Hello there.", "voice": "default"})
        self.assertEqual(rate, 24000)
        self.assertEqual(list(samples), [0.25, -0.25, 0.5])
        self.assertEqual(self.recorder.named("from_pretrained"), [("from_pretrained", ("english",), {"device": "cpu"})])
        (_, args, kwargs), = self.recorder.named("generate")
        self.assertEqual(args, ("english", "Hello there."))
        self.assertEqual(kwargs, {})  # nothing set: the library's own defaults apply

    def test_parameters_clip_and_seed_reach_the_model(self):
        with tempfile.NamedTemporaryFile(suffix=".wav") as clip:
            self.engine.synthesize({"text": "Hi.", "voice": "narrator", "voice_path": clip.name,
                                    "params": {"exaggeration": 1.2, "cfg_weight": 0.3, "temperature": 0.6, "seed": 42,
                                               "repetition_penalty": 1.5, "min_p": 0.1, "top_p": 0.9}})
            (_, _, kwargs), = self.recorder.named("generate")
            self.assertEqual(kwargs, {"exaggeration": 1.2, "cfg_weight": 0.3, "temperature": 0.6, "repetition_penalty": 1.5,
                                      "min_p": 0.1, "top_p": 0.9, "audio_prompt_path": clip.name})
        self.assertEqual(self.recorder.named("manual_seed"), [("manual_seed", (42,), {})])

    def test_model_loads_once_and_cuda_is_chosen_when_present(self):
        self.addCleanup(fakes.install(self.recorder, cuda=True))
        engine = ChatterboxEngine("auto")
        engine.synthesize({"text": "One.", "voice": "default"})
        engine.synthesize({"text": "Two.", "voice": "default"})
        self.assertEqual(self.recorder.named("from_pretrained"), [("from_pretrained", ("english",), {"device": "cuda"})])

    def test_load_takes_the_model_the_voice_needs(self):
        self.engine.load({"voice": "ml-de"})
        self.engine.load({"voice": "default"})
        self.engine.load({"voice": "ml-fr"})
        kinds = [call[1][0] for call in self.recorder.named("from_pretrained")]
        self.assertEqual(kinds, ["multilingual", "english"])

    def test_multilingual_voices_pass_the_language(self):
        self.engine.synthesize({"text": "Bonjour.", "voice": "ml-fr"})
        (_, args, kwargs), = self.recorder.named("generate")
        self.assertEqual(args[0], "multilingual")
        self.assertEqual(kwargs["language_id"], "fr")

    def test_bad_requests_are_refused_before_any_model_loads(self):
        self.assertEqual(self.code_of({"text": "x", "voice": "default", "params": {"pitch": 1}})[0], "invalid_parameter")
        code, message = self.code_of({"text": "x", "voice": "default", "params": {"exaggeration": 3}})
        self.assertEqual(code, "invalid_parameter")
        self.assertIn("from 0.0 to 2.0", message)
        self.assertEqual(self.code_of({"text": "x", "voice": "default", "params": {"temperature": "hot"}})[0], "invalid_parameter")
        self.assertEqual(self.code_of({"text": "x", "voice": "default", "speed": 1.5})[0], "invalid_speed")
        self.assertEqual(self.code_of({"text": "x", "voice": "clip", "voice_path": "/nonexistent/clip.wav"})[0], "unknown_voice")
        code, message = self.code_of({"text": "x", "voice": "ml-xx"})
        self.assertEqual(code, "unknown_voice")
        self.assertIn("de, en, fr", message)
        self.assertEqual(self.recorder.named("from_pretrained"), [])

    def test_cuda_asked_for_without_a_gpu_says_how_to_fix_it(self):
        engine = ChatterboxEngine("cuda")
        with self.assertRaises(EngineError) as caught:
            engine.synthesize({"text": "x", "voice": "default"})
        self.assertEqual(caught.exception.code, "device_unavailable")
        self.assertIn("requirements/cuda.txt", caught.exception.message)


def write_clip(path, seconds):
    import wave

    with wave.open(path, "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(16000)
        clip.writeframes(b"\x00\x10" * int(16000 * seconds))
    return path


class ChatterboxTurboAndWeightsTests(unittest.TestCase):
    def setUp(self):
        self.recorder = fakes.Recorder()
        self.addCleanup(fakes.install(self.recorder))
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.addCleanup(os.environ.pop, "HF_HUB_OFFLINE", None)

    def test_turbo_takes_its_own_parameters_and_refuses_the_ones_it_ignores(self):
        engine = ChatterboxTurboEngine("cpu")
        clip = write_clip(os.path.join(self.folder.name, "long.wav"), 6)
        engine.synthesize({"text": "Fast.", "voice": "narrator", "voice_path": clip,
                           "params": {"top_k": 50, "top_p": 0.8, "norm_loudness": 0, "temperature": 0.7, "repetition_penalty": 1.3}})
        (_, args, kwargs), = self.recorder.named("generate")
        self.assertEqual(args[0], "turbo")
        self.assertEqual(kwargs, {"top_k": 50, "top_p": 0.8, "norm_loudness": False, "temperature": 0.7, "repetition_penalty": 1.3,
                                  "audio_prompt_path": clip})
        self.assertIsInstance(kwargs["top_k"], int)
        for ignored in ("cfg_weight", "exaggeration", "min_p"):
            with self.assertRaises(EngineError) as caught:
                engine.synthesize({"text": "x", "voice": "default", "params": {ignored: 0.5}})
            self.assertEqual(caught.exception.code, "invalid_parameter")
            self.assertIn("top_k", caught.exception.message)
        short = write_clip(os.path.join(self.folder.name, "short.wav"), 4)
        with self.assertRaises(EngineError) as caught:
            engine.synthesize({"text": "x", "voice": "brief", "voice_path": short})
        self.assertEqual(caught.exception.code, "invalid_voice")
        self.assertIn("longer than 5 s", caught.exception.message)
        with self.assertRaises(EngineError):
            engine.synthesize({"text": "x", "voice": "ml-fr"})

    def test_local_weights_load_with_from_local_and_the_hub_offline(self):
        folders = {name: os.path.join(self.folder.name, name) for name in ("chatterbox", "chatterbox-multilingual", "chatterbox-turbo")}
        for folder in folders.values():
            os.makedirs(folder)
        engine = ChatterboxEngine("cpu", weights=["%s=%s" % item for item in folders.items()])
        engine.synthesize({"text": "One.", "voice": "default"})
        engine.synthesize({"text": "Deux.", "voice": "ml-fr"})
        ChatterboxTurboEngine("cpu", weights={"chatterbox-turbo": folders["chatterbox-turbo"]}).synthesize({"text": "Three.", "voice": "default"})
        self.assertEqual(self.recorder.named("from_pretrained"), [])
        self.assertEqual([call[1] for call in self.recorder.named("from_local")],
                         [("english", folders["chatterbox"]), ("multilingual", folders["chatterbox-multilingual"]),
                          ("turbo", folders["chatterbox-turbo"])])
        self.assertEqual(os.environ.get("HF_HUB_OFFLINE"), "1")
        with self.assertRaises(EngineError) as caught:
            ChatterboxEngine("cpu", weights={"chatterbox": "/nonexistent/weights"}).load({"voice": "default"})
        self.assertEqual(caught.exception.code, "engine_unavailable")
        self.assertIn("engines.chatterbox_weights", caught.exception.message)


class MissingPackageTests(unittest.TestCase):
    def test_engines_name_the_package_to_install(self):
        if any(name in sys.modules for name in ("chatterbox", "transformers")):
            self.skipTest("real packages loaded")
        for engine, package in ((ChatterboxEngine("cpu"), "chatterbox-tts"), (SpeechT5Engine("cpu"), "transformers")):
            with self.assertRaises(EngineError) as caught:
                engine.load()
            self.assertEqual(caught.exception.code, "engine_unavailable")
            self.assertIn("pip install " + package, caught.exception.message)


class SpeechT5AdapterTests(unittest.TestCase):
    def setUp(self):
        try:
            import numpy  # noqa: F401
        except ImportError:
            self.skipTest("numpy is needed to write speaker embeddings")
        self.recorder = fakes.Recorder()
        self.addCleanup(fakes.install(self.recorder))
        self.engine = SpeechT5Engine("cpu")
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def embedding(self, count, name="speaker.npy"):
        import numpy

        path = os.path.join(self.folder.name, name)
        numpy.save(path, numpy.linspace(-1, 1, count).astype("float32"))
        return path

    def test_speaker_embedding_and_vocoder_reach_generate_speech(self):
        samples, rate = self.engine.synthesize({"text": "Hello.", "voice": "speaker", "voice_path": self.embedding(512)})
        self.assertEqual(rate, 16000)
        self.assertEqual(len(samples.values), 160)
        names = [call[1][0] for call in self.recorder.named("from_pretrained")]
        self.assertEqual(names, ["SpeechT5Processor", "SpeechT5ForTextToSpeech", "SpeechT5HifiGan"])
        self.assertIn(("processor", ("Hello.", "pt"), {}), self.recorder.calls)
        (_, (ids, speaker), kwargs), = self.recorder.named("generate_speech")
        self.assertEqual(speaker.shape, (1, 512))
        self.assertEqual(type(kwargs["vocoder"]).__name__, "SpeechT5HifiGan")

    def test_bad_embeddings_and_parameters_are_clear_errors(self):
        cases = [
            ({"voice_path": self.embedding(100, "short.npy")}, "invalid_voice", "has 100"),
            ({"voice_path": os.path.join(self.folder.name, "missing.npy")}, "unknown_voice", "does not exist"),
            ({"params": {"exaggeration": 1}}, "invalid_parameter", "accepts: seed"),
            ({"speed": 2.0, "voice_path": self.embedding(512)}, "invalid_speed", "speed must be 1"),
        ]
        text_file = os.path.join(self.folder.name, "notes.npy")
        with open(text_file, "w") as handle:
            handle.write("not numpy")
        cases.append(({"voice_path": text_file}, "invalid_voice", "not a numpy"))
        for extra, code, phrase in cases:
            with self.assertRaises(EngineError) as caught:
                self.engine.synthesize(dict({"text": "x", "voice": "v"}, **extra))
            self.assertEqual(caught.exception.code, code, extra)
            self.assertIn(phrase, caught.exception.message)
        self.assertEqual(self.recorder.named("generate_speech"), [])


if __name__ == "__main__":
    unittest.main()
