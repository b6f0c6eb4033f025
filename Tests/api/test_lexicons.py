"""Pronunciation lexicons (issue 16 item 3): a word replaced by alias and by IPA changes the audio, chosen by
default per voice/language or per request, reloaded when the file changes; the CLI lists, shows and tests them."""
import io
import os
import subprocess

import numpy as np
import soundfile

from conftest import BIN, assert_error

QUIET = {"noise_scale": "0", "noise_w": "0"}


def speak(server, text, **extra):
    r = server.post("/v1/audio/speech", json={"model": "tts-1", "input": text, "response_format": "wav", "params": QUIET, **extra})
    assert r.status_code == 200, r.text
    return soundfile.read(io.BytesIO(r.content), dtype="float32")[0]


def write(folder, name, text):
    with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
        handle.write(text)


def test_alias_and_ipa_entries_change_what_is_said_and_reload(make_server, tmp_path):
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    write(lexicons, "tech.yaml", "languages: [en]\nwords:\n  SQL: sequel\n  tomato: {ipa: \"təmˈɑːtoʊ\"}\n")
    write(lexicons, "w3c.pls", '<?xml version="1.0"?><lexicon version="1.0" alphabet="ipa" xml:lang="de">'
                                '<lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme></lexicon>')
    server = make_server(directories_lexicons=str(lexicons), api_rate_limit=0)
    # Alias, by default for an English voice: the same samples as the alias written out.
    assert np.array_equal(speak(server, "I like SQL."), speak(server, "I like sequel.", lexicon="none"))
    assert not np.array_equal(speak(server, "I like SQL."), speak(server, "I like SQL.", lexicon="none"))
    # IPA: the word is spoken from its phonemes.
    assert not np.array_equal(speak(server, "A tomato."), speak(server, "A tomato.", lexicon="none"))
    # A lexicon for another language applies only when asked for.
    assert np.array_equal(speak(server, "The W3C."), speak(server, "The W3C.", lexicon="none"))
    assert np.array_equal(speak(server, "The W3C.", lexicon="w3c"), speak(server, "The World Wide Web Consortium.", lexicon="none"))
    assert_error(server.post("/v1/audio/speech", json={"model": "tts-1", "input": "Hi.", "lexicon": "nope"}), 400, "unknown_lexicon")
    # Edited on disk: the next request reads the new entry.
    write(lexicons, "tech.yaml", "languages: [en]\nwords:\n  SQL: structured query language\n")
    assert np.array_equal(speak(server, "I like SQL."), speak(server, "I like structured query language.", lexicon="none"))
    # Jobs take the lexicon too, and SSML text goes through it.
    job = server.post("/jobs", json={"text": "The W3C.", "lexicon": "w3c", "format": "wav", "params": QUIET}).json()
    assert server.wait_job(job["id"])["status"] == "succeeded"
    audio = soundfile.read(io.BytesIO(server.get(f"/jobs/{job['id']}/download").content), dtype="float32")[0]
    assert np.array_equal(audio, speak(server, "The W3C.", lexicon="w3c"))
    assert np.array_equal(speak(server, "<speak>I like SQL.</speak>"), speak(server, "I like SQL."))


def test_cli_lists_shows_and_tests_lexicons(tmp_path):
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    write(lexicons, "tech.yaml", "languages: [en]\nwords:\n  SQL: sequel\n  tomato: {ipa: \"təmˈɑːtoʊ\"}\n")
    env = dict(os.environ, CHATTERBOX_DIRECTORIES_LEXICONS=str(lexicons))
    run = lambda *args: subprocess.run([BIN, "lexicon", *args], capture_output=True, text=True, env=env, cwd=tmp_path)
    listed = run("list")
    assert listed.returncode == 0 and "tech  2 words  default for en" in listed.stdout, listed
    assert 'SQL  "sequel"' in run("show", "tech").stdout
    tested = run("test", "sql")
    assert tested.returncode == 0 and '"sequel" from tech, for piper:en_US-joe-medium' in tested.stdout, tested
    assert "read as written" in run("test", "cheese").stdout
    write(lexicons, "broken.yaml", "words: [1, 2]")
    broken = run("list")
    assert broken.returncode == 1 and "broken.yaml" in broken.stderr
