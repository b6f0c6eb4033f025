"""Word timestamps and captions, as users get them: `/v1/audio/speech` with `timestamps` (JSON and SSE),
`GET /jobs/{id}/captions` read back by the `srt` and `webvtt-py` parsers and by ffmpeg, and
`chatterbox synth --timestamps`. Piper's times come from the model's own durations (the duration
predictor's output, exposed at load time), so they are exact for the audio sent, at noise 0 too."""
import base64
import io
import json
import os
import shutil
import subprocess
import wave

import srt
import webvtt

from conftest import BIN, assert_error

QUIET = {"noise_scale": 0, "noise_w": 0}
TEXT = "Timestamps let a reader follow along. Each word is marked, from the first one to the last one, in order."


def speech(server, **body):
    body.setdefault("input", TEXT)
    body.setdefault("params", QUIET)
    return server.post("/v1/audio/speech", json=body)


def wav_seconds(data):
    with wave.open(io.BytesIO(data)) as w:
        return w.getnframes() / w.getframerate()


def check_words(words, duration, text=TEXT):
    assert [w["word"] for w in words] == text.split()
    for word, following in zip(words, words[1:]):
        assert word["start"] < word["end"] <= following["start"], (word, following)
    assert 0 <= words[0]["start"] < 0.3
    # The last word ends within one sentence's trailing quiet of the audio's end.
    assert 0 <= duration - words[-1]["end"] < 0.5, (duration, words[-1])


def test_json_answer_carries_the_audio_and_its_words(server):
    response = speech(server, response_format="pcm", timestamps=True)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["format"] == "pcm" and body["sample_rate"] == 24000 and body["content_type"] == "audio/pcm"
    audio = base64.b64decode(body["audio"])
    # The same samples as without timestamps: timing words changes nothing that is heard.
    assert audio == speech(server, response_format="pcm").content
    check_words(body["words"], len(audio) / 2 / 24000)


def test_sse_sends_each_sentences_words_after_its_audio(server):
    response = speech(server, response_format="pcm", stream_format="sse", timestamps=True)
    assert response.status_code == 200
    events = [json.loads(line[6:]) for line in response.text.split("\n") if line.startswith("data: ")]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "speech.audio.delta" and kinds[-1] == "speech.audio.done"
    assert kinds.index("speech.audio.word") > 0 and kinds.count("speech.audio.delta") >= 2
    # Words of the second sentence come after audio that reaches them.
    heard, words = 0.0, []
    for event in events:
        if event["type"] == "speech.audio.delta":
            heard += len(base64.b64decode(event["audio"])) / 2 / 24000
        elif event["type"] == "speech.audio.word":
            assert event["end"] <= heard + 1e-3, (event, heard)
            words.append({k: event[k] for k in ("word", "start", "end")})
    check_words(words, heard)
    assert words == speech(server, response_format="pcm", timestamps=True).json()["words"]


def test_gap_at_a_break_is_the_break(server):
    plain = speech(server, input="<speak>One two. Three four.</speak>", response_format="wav", timestamps=True).json()["words"]
    broken = speech(server, input='<speak>One two.<break time="700ms"/> Three four.</speak>', response_format="wav",
                    timestamps=True).json()["words"]
    gap = lambda words: words[2]["start"] - words[1]["end"]
    assert abs(gap(broken) - gap(plain) - 0.7) <= 0.01, (plain, broken)
    assert broken[:2] == plain[:2]


def test_espeak_words_come_from_its_word_events(server):
    text = "Espeak speaks this, slowly. And of the rest, this too."
    body = speech(server, input=text, voice="espeak:en-us", response_format="wav", params={}, timestamps=True).json()
    duration = wav_seconds(base64.b64decode(body["audio"]))
    words = body["words"]
    assert [w["word"] for w in words] == text.split()
    for word, following in zip(words, words[1:]):
        assert word["start"] < word["end"] <= following["start"], (word, following)
    # The sentence pause lies between "slowly." and "And", not inside either.
    assert words[4]["start"] - words[3]["end"] > 0.1
    assert 0 <= duration - words[-1]["end"] < 0.5


def test_job_captions_read_back_by_parsers_and_ffmpeg(server, tmp_path):
    job = server.post("/jobs", json={"text": TEXT + " A third sentence closes the job.", "format": "wav", "params": QUIET}).json()
    assert_error(server.get(f"/jobs/{job['id']}/captions?format=xml"), 400, "invalid_format")
    done = server.wait_job(job["id"])
    assert done["status"] == "succeeded"
    duration = wav_seconds(server.get(f"/jobs/{job['id']}/download").content)
    words = server.get(f"/jobs/{job['id']}/captions").json()["words"]
    check_words(words, duration, TEXT + " A third sentence closes the job.")

    srt_text = server.get(f"/jobs/{job['id']}/captions?format=srt")
    assert srt_text.headers["content-type"].startswith("application/x-subrip")
    cues = list(srt.parse(srt_text.text))
    assert " ".join(c.content for c in cues).split() == [w["word"] for w in words]
    assert abs(cues[0].start.total_seconds() - words[0]["start"]) < 0.001
    assert abs(cues[-1].end.total_seconds() - words[-1]["end"]) < 0.001
    assert all(len(c.content) <= 42 or " " not in c.content for c in cues)

    vtt_text = server.get(f"/jobs/{job['id']}/captions?format=vtt")
    assert vtt_text.headers["content-type"].startswith("text/vtt")
    captions = webvtt.from_buffer(io.StringIO(vtt_text.text))
    assert [c.text for c in captions] == [c.content for c in cues]
    assert [c.start_in_seconds for c in captions] == [int(c.start.total_seconds()) for c in cues]

    ffprobe = shutil.which("ffprobe")
    assert ffprobe, "ffmpeg is not installed (scripts/test.sh installs it)"
    for name, text in (("job.srt", srt_text.text), ("job.vtt", vtt_text.text)):
        path = tmp_path / name
        path.write_text(text)
        packets = subprocess.run([ffprobe, "-v", "error", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", str(path)],
                                 capture_output=True, text=True, check=True).stdout.split()
        assert len(packets) == len(cues), (name, packets)
        start, length = map(float, packets[-1].split(","))
        assert abs(start + length - words[-1]["end"]) < 0.002


def test_captions_wait_for_the_job(server):
    job = server.post("/jobs", json={"text": "Not finished yet. " * 40, "format": "wav"}).json()
    response = server.get(f"/jobs/{job['id']}/captions?format=srt")
    if response.status_code != 200:  # it may already be done on a fast machine
        assert_error(response, 409, "not_finished")
    assert_error(server.get("/jobs/00000000-0000-0000-0000-000000000000/captions"), 404)


def test_synth_writes_timestamps_files(tmp_path):
    env = dict(os.environ)
    for name in ("words.json", "words.srt", "words.vtt"):
        result = subprocess.run([os.path.abspath(BIN), "synth", TEXT, "-o", "out.wav", "--timestamps", name, "--param", "noise_scale=0",
                                 "--param", "noise_w=0"], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    duration = wav_seconds((tmp_path / "out.wav").read_bytes())
    words = json.loads((tmp_path / "words.json").read_text())["words"]
    check_words(words, duration)
    assert " ".join(c.content for c in srt.parse((tmp_path / "words.srt").read_text())).split() == TEXT.split()
    assert len(webvtt.read(str(tmp_path / "words.vtt"))) == len(list(srt.parse((tmp_path / "words.srt").read_text())))
    refused = subprocess.run([os.path.abspath(BIN), "synth", "Hi.", "-o", "out.wav", "--timestamps", "words.txt"], cwd=tmp_path,
                             env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and ".json, .srt or .vtt" in refused.stderr


WRITTEN = "It costs $5 at 3:30 PM. Call Dr. Smith on 5/12 about the 2 rooms."


def test_captions_show_the_text_as_written(server, tmp_path):
    # The normaliser reads "$5" as "five dollars": the caption shows "$5" for as long as both words are heard.
    body = speech(server, input=WRITTEN, response_format="wav", timestamps=True).json()
    words = body["words"]
    assert [w["word"] for w in words] == ["It", "costs", "$5", "at", "3:30 PM.", "Call", "Dr.", "Smith", "on", "5/12", "about", "the", "2", "rooms."]
    for word, following in zip(words, words[1:]):
        assert word["start"] < word["end"] <= following["start"], (word, following)
    assert words[2]["end"] - words[2]["start"] > words[1]["end"] - words[1]["start"], "two spoken words under one caption"
    # The same over SSE, in jobs' captions and from `synth --timestamps`.
    events = speech(server, input=WRITTEN, response_format="pcm", stream_format="sse", timestamps=True).text.split("\n")
    streamed = [json.loads(line[6:]) for line in events if line.startswith("data: ")]
    assert [e["word"] for e in streamed if e["type"] == "speech.audio.word"] == [w["word"] for w in words]
    job = server.post("/jobs", json={"text": WRITTEN, "format": "wav", "params": QUIET}).json()
    assert server.wait_job(job["id"])["status"] == "succeeded"
    assert [w["word"] for w in server.get(f"/jobs/{job['id']}/captions").json()["words"]] == [w["word"] for w in words]
    result = subprocess.run([os.path.abspath(BIN), "synth", WRITTEN, "-o", "out.wav", "--timestamps", "words.srt"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert " ".join(c.content for c in srt.parse((tmp_path / "words.srt").read_text())) == WRITTEN
    # SSML is captioned as spoken: its text is markup, not what is shown.
    ssml = speech(server, input="<speak>It costs $5.</speak>", response_format="wav", timestamps=True).json()["words"]
    assert [w["word"] for w in ssml] == ["It", "costs", "five", "dollars."]
