"""The worker process as the server sees it: frames over real pipes, with the real piper-tts engine."""

import importlib.util
import json
import os
import struct
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
VOICE = os.environ.get("CHATTERBOX_TEST_VOICE", "/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx")


class Worker:
    def __init__(self, engine):
        env = dict(os.environ, PYTHONPATH=os.path.join(HERE, ".."))
        self.process = subprocess.Popen([sys.executable, "-m", "chatterbox_worker", "--engine", engine],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def send(self, header):
        body = json.dumps(header).encode()
        self.process.stdin.write(struct.pack(">I", len(body)) + body)
        self.process.stdin.flush()

    def receive(self):
        (length,) = struct.unpack(">I", self.process.stdout.read(4))
        header = json.loads(self.process.stdout.read(length))
        audio = self.process.stdout.read(4 * header["samples"]) if "samples" in header else b""
        return header, audio

    def close(self):
        self.process.stdin.close()
        code = self.process.wait(timeout=20)
        self.process.stdout.close()
        self.process.stderr.close()
        return code


@unittest.skipUnless(importlib.util.find_spec("piper") and os.path.isfile(VOICE), "needs piper-tts and the joe voice")
class WorkerProcessTests(unittest.TestCase):
    def setUp(self):
        self.worker = Worker("piper-py")
        self.ready, _ = self.worker.receive()

    def tearDown(self):
        if self.worker.process.poll() is None:
            self.worker.close()

    def test_ready_frame_then_speech_as_float32(self):
        self.assertEqual(self.ready["op"], "ready")
        self.assertTrue(self.ready["available"])
        self.worker.send({"id": 1, "op": "synthesize", "text": "Hello from the worker.", "voice": "en_US-joe-medium", "voice_path": VOICE,
                          "params": {"noise_scale": 0, "noise_w": 0}})
        header, audio = self.worker.receive()
        self.assertTrue(header["ok"], header)
        self.assertEqual(header["id"], 1)
        self.assertEqual(header["sample_rate"], 22050)
        samples = struct.unpack("<%df" % header["samples"], audio)
        self.assertGreater(len(samples) / 22050, 1.0)
        self.assertGreater(max(abs(s) for s in samples), 0.1)
        self.assertEqual(self.worker.close(), 0)

    def test_errors_are_replies_and_the_worker_keeps_serving(self):
        requests = [
            ({"id": 1, "op": "dance"}, "bad_request"),
            ({"id": 2, "op": "synthesize", "text": "x", "voice_path": "/nope.onnx"}, "unknown_voice"),
            ({"id": 3, "op": "synthesize", "text": "x", "voice_path": VOICE, "params": {"pitch": 3}}, "invalid_parameter"),
            ({"id": 4, "op": "synthesize", "text": "x", "voice_path": VOICE, "params": {"speaker": 4}}, "invalid_parameter"),
            ({"id": 5, "op": "synthesize", "voice_path": VOICE}, "bad_request"),
        ]
        for request, code in requests:
            self.worker.send(request)
            header, _ = self.worker.receive()
            self.assertFalse(header["ok"])
            self.assertEqual(header["id"], request["id"])
            self.assertEqual(header["error"]["code"], code, header)
        self.worker.send({"id": 8, "op": "load", "voice_path": "/nope.onnx"})
        self.assertEqual(self.worker.receive()[0]["error"]["code"], "unknown_voice")
        self.worker.send({"id": 9, "op": "load", "voice_path": VOICE})
        self.assertTrue(self.worker.receive()[0]["ok"])
        self.worker.send({"id": 6, "op": "ping"})
        self.assertTrue(self.worker.receive()[0]["ok"])
        self.worker.send({"id": 7, "op": "shutdown"})
        self.assertTrue(self.worker.receive()[0]["ok"])
        self.assertEqual(self.worker.process.wait(timeout=20), 0)

    def test_a_garbled_frame_is_reported_and_ends_the_worker(self):
        self.worker.process.stdin.write(struct.pack(">I", 5) + b"{nope")
        self.worker.process.stdin.flush()
        header, _ = self.worker.receive()
        self.assertEqual(header["error"]["code"], "bad_request")
        self.assertEqual(self.worker.process.wait(timeout=20), 2)


class CheckTests(unittest.TestCase):
    def test_check_lists_every_engine_with_a_reason_when_unavailable(self):
        env = dict(os.environ, PYTHONPATH=os.path.join(HERE, ".."))
        out = subprocess.run([sys.executable, "-m", "chatterbox_worker", "--check"], capture_output=True, env=env, check=True).stdout
        report = json.loads(out)
        self.assertEqual(sorted(report["engines"]), ["chatterbox", "chatterbox-turbo", "piper-py", "speecht5"])
        for name, engine in report["engines"].items():
            self.assertTrue(engine["available"] or "missing Python packages" in engine["reason"], (name, engine))


if __name__ == "__main__":
    unittest.main()
