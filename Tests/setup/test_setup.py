"""`chatterbox setup` driven like a user at a terminal (a real pseudo-terminal), and without one.

Usage: python3 Tests/setup/test_setup.py PATH_TO_CHATTERBOX   (stdlib only)
The interactive test creates a real venv, installs requirements/piper.txt from PyPI, writes
chatterbox.yaml and checks that setup's own verification spoke through the new environment.
"""

import json
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import time
import unittest

BIN = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else os.environ.get("TEST_CHATTERBOX_BIN", "")
REAL_HOME = os.path.expanduser("~")


def environment(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATTERBOX_") and k not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
    env.update(HOME=home, TERM="xterm", PIP_CACHE_DIR=os.path.join(REAL_HOME, ".cache", "pip"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


class Terminal:
    """The binary on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, args, cwd, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            os.execve(BIN, [BIN] + args, env)
        self.screen = ""
        self.seen = 0

    def expect(self, pattern, timeout=60):
        deadline = time.time() + timeout
        while True:
            match = re.search(pattern, self.screen[self.seen:])
            if match:
                self.seen += match.end()
                return match
            remaining = deadline - time.time()
            if remaining <= 0:
                raise AssertionError("timed out waiting for %r; screen ends with:\n%s" % (pattern, self.screen[-2000:]))
            ready, _, _ = select.select([self.fd], [], [], min(remaining, 1))
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    raise AssertionError("program ended waiting for %r; screen ends with:\n%s" % (pattern, self.screen[-2000:]))
                self.screen += data.decode("utf-8", "replace").replace("\r\n", "\n")

    def type(self, line):
        os.write(self.fd, (line + "\n").encode())

    def exit_code(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.2)
                if ready:
                    self.screen += os.read(self.fd, 65536).decode("utf-8", "replace").replace("\r\n", "\n")
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError("setup did not exit; screen ends with:\n" + self.screen[-2000:])


class SetupTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.work = self.folder.name
        self.home = os.path.join(self.work, "home")
        os.makedirs(self.home)
        self.env = environment(self.home)

    def run_plain(self, *args, stdin=subprocess.DEVNULL):
        return subprocess.run([BIN] + list(args), cwd=self.work, env=self.env, stdin=stdin, capture_output=True, text=True, timeout=600)

    def test_interactive_new_venv_install_config_and_verification(self):
        term = Terminal(["setup"], self.work, self.env)
        term.expect(r"Python environments")
        term.expect(r"N  create a new environment")
        term.expect(r"Choice \[[^\]]+\]: ")
        term.type("N")
        term.expect(r"1  venv")
        term.expect(r"Kind \[1\]: ")
        term.type("1")
        term.expect(r"Python version \[3\.11\]: ")
        term.type("")
        term.expect(r"Location \[\.venv\]: ")
        term.type("envs/tts")
        term.expect(r"created .*envs/tts/bin/python", timeout=120)
        menu = term.expect(r"Dependencies[\s\S]*?K  keep").group(0)
        number = re.search(r"(\d)  piper\.txt", menu).group(1)
        term.expect(r"Install \[1\]: ")
        term.type(number)
        term.expect(r"│ .*(Collecting|Requirement already satisfied|Processing|Downloading|Using cached).*piper", timeout=300)
        term.expect(r"installed piper\.txt", timeout=600)
        term.expect(r"Listen on \(host\) \[127\.0\.0\.1\]: ")
        term.type("")
        term.expect(r"Port \[2050\]: ")
        term.type("eighty")
        term.expect(r"api\.port must be an integer")
        term.expect(r"Port \[2050\]: ")
        term.type("2150")
        term.expect(r"Default voice \[piper:en_US-joe-medium\]: ")
        term.type("piper-py:en_US-joe-medium")
        term.expect(r"Output format \[wav\]: ")
        term.type("mp3")
        term.expect(r"Folder watched for text files \[[^\]]*\]: ")
        term.type("")
        term.expect(r"Folder for their audio \[[^\]]*\]: ")
        term.type("audio-out")
        term.expect(r"✓ python: Python 3\.11\.\d+ at .*envs/tts/bin/python runs the worker", timeout=60)
        term.expect(r"✓ engine piper-py: available")
        term.expect(r"✓ speak piper-py:en_US-joe-medium: \d+\.\d+ s of audio", timeout=120)
        term.expect(r"Setup complete")
        self.assertEqual(term.exit_code(), 0, term.screen[-3000:])
        self.assertRegex(term.screen, r"╭─ Python environments ─+╮")
        if os.environ.get("TEST_OUTPUT"):
            os.makedirs(os.environ["TEST_OUTPUT"], exist_ok=True)
            with open(os.path.join(os.environ["TEST_OUTPUT"], "setup-session.txt"), "w") as handle:
                handle.write(term.screen)

        python = os.path.join(self.work, "envs/tts/bin/python")
        subprocess.run([python, "-c", "import piper"], check=True)
        shown = json.loads(self.run_plain("config", "show", "--json").stdout)
        text = json.dumps(shown)
        self.assertIn(python, text)
        self.assertIn("2150", text)
        self.assertIn("audio-out", text)
        with open(os.path.join(self.work, "chatterbox.yaml")) as handle:
            yaml = handle.read()
        self.assertIn("python: %s" % python, yaml)
        self.assertIn("port: 2150", yaml)
        self.assertIn("output_format: mp3", yaml)
        # The configured default voice speaks through the environment setup made.
        synth = self.run_plain("synth", "Setup made this.", "-o", "made.mp3")
        self.assertEqual(synth.returncode, 0, synth.stderr)
        self.assertIn("piper-py:en_US-joe-medium", synth.stdout)

    def test_quit_changes_nothing(self):
        term = Terminal(["setup"], self.work, self.env)
        term.expect(r"Choice \[[^\]]+\]: ")
        term.type("7")
        term.expect(r"type a number from the list, N, S or Q")
        term.type("q")
        term.expect(r"nothing was changed")
        self.assertEqual(term.exit_code(), 1)
        self.assertFalse(os.path.exists(os.path.join(self.work, "chatterbox.yaml")))

    def test_without_a_terminal_it_names_the_flags(self):
        result = self.run_plain("setup")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--yes --env PATH", result.stderr)
        self.assertIn("--new venv --python 3.11 --path DIR", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_flags_use_an_existing_environment_without_questions(self):
        venv = os.environ.get("TEST_PYTHON", "")
        if not venv:
            self.skipTest("needs TEST_PYTHON (a venv with piper-tts)")
        with open(os.path.join(self.work, "other.yaml"), "w") as handle:
            handle.write("jobs:\n  concurrency: 3\n")
        result = self.run_plain("setup", "--yes", "--env", os.path.dirname(os.path.dirname(venv)), "--no-install", "--config", "other.yaml")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("✓ speak piper-py:en_US-joe-medium", result.stdout)
        with open(os.path.join(self.work, "other.yaml")) as handle:
            yaml = handle.read()
        self.assertIn("concurrency: 3", yaml, "keys already in the file are kept")
        self.assertIn("python: " + os.path.dirname(os.path.dirname(venv)) + "/bin/python", yaml)

    def test_chatterbox_weights_from_a_folder_or_the_hub_cache(self):
        venv = os.environ.get("TEST_PYTHON", "")
        if not venv:
            self.skipTest("needs TEST_PYTHON (a venv with piper-tts)")
        local = os.path.join(self.work, "weights", "chatterbox")
        cache = os.path.join(self.work, "hf")
        snapshot = os.path.join(cache, "models--ResembleAI--chatterbox-turbo", "snapshots", "0123abcd")
        for folder in (local, snapshot):
            os.makedirs(folder)
            with open(os.path.join(folder, "t3.safetensors"), "wb") as handle:
                handle.write(b"\0" * 3_000_000)
        env = dict(self.env, HF_HUB_CACHE=cache)
        env_folder = os.path.dirname(os.path.dirname(venv))
        result = subprocess.run([BIN, "setup", "--yes", "--env", env_folder, "--no-install", "--chatterbox-weights", "chatterbox=weights/chatterbox",
                                 "--chatterbox-weights", "chatterbox-turbo=hf-cache"], cwd=self.work, env=env, capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(os.path.join(self.work, "chatterbox.yaml")) as handle:
            yaml = handle.read()
        self.assertIn("chatterbox=" + os.path.realpath(local), yaml.replace(self.work, os.path.realpath(self.work)))
        self.assertIn("chatterbox-turbo=" + snapshot, yaml)
        doctor = subprocess.run([BIN, "doctor"], cwd=self.work, env=env, capture_output=True, text=True, timeout=600)
        self.assertIn("weights chatterbox: weights from", doctor.stdout)
        self.assertIn("(3 MB), loaded offline with from_local", doctor.stdout)
        refused = subprocess.run([BIN, "setup", "--yes", "--env", env_folder, "--no-install", "--chatterbox-weights", "chatterbox-multilingual=hf-cache"],
                                 cwd=self.work, env=env, capture_output=True, text=True, timeout=600)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("has no ResembleAI/chatterbox", refused.stderr)

    def test_failures_explain_themselves(self):
        result = self.run_plain("setup", "--new", "venv", "--python", "2.9", "--path", "old", "--yes")
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stdout, r"no Python 2\.9 on PATH \(found: .*3\.11")
        with open(os.path.join(self.work, "bad.txt"), "w") as handle:
            handle.write("chatterbox-tts-no-such-package-anywhere==0.0.1\n")
        result = self.run_plain("setup", "--new", "venv", "--path", "env2", "--requirements", "bad.txt", "--yes")
        self.assertEqual(result.returncode, 1)
        self.assertIn("installing %s/bad.txt failed (pip exit 1)" % self.work, result.stdout)
        self.assertIn("hint: a package has no build for this Python", result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.work, "chatterbox.yaml")))
        result = self.run_plain("setup", "--new", "venv", "--path", "env2", "--yes")
        self.assertEqual(result.returncode, 1)
        self.assertIn("exists and is not empty", result.stdout)
        self.assertEqual(self.run_plain("setup", "--new", "pipx", "--yes").returncode, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
