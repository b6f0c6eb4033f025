"""The chatterbox stand-ins and the parameter table against the real chatterbox-tts 0.1.7: its wheel's source
(``TEST_CHATTERBOX_WHEEL``, downloaded by scripts/test.sh, SHA-256 pinned) is parsed — it cannot be imported
without torch — and every stand-in method must have the real parameters, in order, with the real defaults; every
default in ``VARIANTS`` must be the library's. A newer chatterbox-tts that changes a signature fails here."""

import ast
import inspect
import os
import sys
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from chatterbox_worker.engines.chatterbox_variants import VARIANTS  # noqa: E402

import fakes  # noqa: E402

CLASSES = {"tts": "ChatterboxTTS", "mtl_tts": "ChatterboxMultilingualTTS", "tts_turbo": "ChatterboxTurboTTS"}
METHODS = ("from_pretrained", "from_local", "prepare_conditionals", "generate")
WHEEL = os.environ.get("TEST_CHATTERBOX_WHEEL")


def real_signatures():
    """``{(module, method): [(name, default), …]}`` from the wheel's source."""
    found = {}
    with zipfile.ZipFile(WHEEL) as wheel:
        for module, class_name in CLASSES.items():
            tree = ast.parse(wheel.read("chatterbox/%s.py" % module))
            (cls,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name]
            for item in cls.body:
                if isinstance(item, ast.FunctionDef) and item.name in METHODS:
                    args = item.args.args[1:]  # self or cls
                    defaults = [None] * (len(args) - len(item.args.defaults)) + item.args.defaults
                    found[(module, item.name)] = [(a.arg, ast.literal_eval(d) if d is not None else inspect.Parameter.empty)
                                                  for a, d in zip(args, defaults)]
    return found


@unittest.skipUnless(WHEEL, "set TEST_CHATTERBOX_WHEEL to chatterbox-tts 0.1.7's wheel (scripts/test.sh does)")
class SignatureTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.real = real_signatures()
        cls.modules = fakes.load_standins(fakes.Recorder())
        cls.addClassCleanup(lambda: [sys.modules.pop(name, None) for name in cls.modules])

    def test_every_method_the_adapter_calls_exists_in_the_wheel(self):
        self.assertEqual(sorted(self.real), sorted((module, method) for module in CLASSES for method in METHODS))

    def test_stand_ins_have_the_real_signatures(self):
        for (module, method), parameters in self.real.items():
            standin = getattr(getattr(self.modules["chatterbox." + module], CLASSES[module]), method)
            mine = [(p.name, p.default) for p in inspect.signature(standin).parameters.values() if p.name != "self"]
            self.assertEqual(mine, parameters, "%s.%s.%s" % (module, CLASSES[module], method))

    def test_documented_defaults_are_the_librarys(self):
        for variant, module in (("english", "tts"), ("multilingual", "mtl_tts"), ("turbo", "tts_turbo")):
            real = dict(self.real[(module, "generate")])
            for name, (default, low, high) in VARIANTS[variant]["params"].items():
                self.assertIn(name, real, "%s: generate has no %s" % (variant, name))
                self.assertEqual(real[name], default if name != "norm_loudness" else bool(default), "%s.%s" % (variant, name))
                self.assertTrue(low <= default <= high, "%s.%s: default outside its range" % (variant, name))
            ignored = set(real) - set(VARIANTS[variant]["params"]) - {"text", "audio_prompt_path", "language_id"}
            self.assertEqual(ignored, {"exaggeration", "cfg_weight", "min_p"} if variant == "turbo" else set(), variant)


if __name__ == "__main__":
    unittest.main()
