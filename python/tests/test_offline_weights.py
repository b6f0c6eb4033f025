"""A Chatterbox worker with ``--weights`` loads with ``from_local`` and reaches no network: the worker runs as a
process of its own with the network blocked (``offline/sitecustomize.py``) and the chatterbox stand-ins on its path."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from test_server import Worker  # noqa: F401  (the same frame helpers)

HERE = os.path.dirname(os.path.abspath(__file__))


class OfflineWeightsTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.calls = os.path.join(self.folder.name, "calls.jsonl")
        self.attempts = os.path.join(self.folder.name, "network.log")
        path = os.pathsep.join([os.path.join(HERE, ".."), os.path.join(HERE, "standins"), os.path.join(HERE, "offline")])
        self.env = dict(os.environ, PYTHONPATH=path, CHATTERBOX_STANDIN_LOG=self.calls, NETWORK_ATTEMPTS_LOG=self.attempts)
        self.env.pop("HF_HUB_OFFLINE", None)

    def test_the_network_block_works(self):
        result = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                                env=self.env, capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("network is blocked", result.stderr)
        self.assertTrue(os.path.exists(self.attempts))

    def test_worker_with_weights_uses_from_local_and_no_network(self):
        weights = os.path.join(self.folder.name, "turbo-weights")
        os.makedirs(weights)
        worker = Worker.__new__(Worker)
        worker.process = subprocess.Popen([sys.executable, "-m", "chatterbox_worker", "--engine", "chatterbox-turbo", "--device", "cpu",
                                           "--weights", "chatterbox-turbo=" + weights],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        ready, _ = worker.receive()
        self.assertTrue(ready["available"], ready)
        worker.send({"id": 1, "op": "synthesize", "text": "Offline and fast.", "voice": "default", "params": {"top_k": 20}})
        header, audio = worker.receive()
        self.assertTrue(header["ok"], header)
        self.assertEqual((header["sample_rate"], header["samples"]), (24000, 3))
        self.assertEqual(worker.close(), 0)
        with open(self.calls) as handle:
            calls = [json.loads(line) for line in handle]
        self.assertEqual([call[0] for call in calls], ["from_local", "generate"])
        self.assertEqual(calls[0][1], ["turbo", weights])
        self.assertEqual(calls[1][2], {"top_k": "20"})
        self.assertFalse(os.path.exists(self.attempts), open(self.attempts).read() if os.path.exists(self.attempts) else "")


if __name__ == "__main__":
    unittest.main()
