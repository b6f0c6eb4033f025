"""Chatterbox TTS through the official OpenAI Python client (pip install openai).

Usage: python examples/openai_client.py [OUT_DIR]
Settings: CHATTERBOX_URL (default http://127.0.0.1:2050), CHATTERBOX_API_KEY (any text when the server has no keys).
"""
import os
import sys
import time

from openai import OpenAI

url = os.environ.get("CHATTERBOX_URL", "http://127.0.0.1:2050")
out = sys.argv[1] if len(sys.argv) > 1 else "example-output"
os.makedirs(out, exist_ok=True)
client = OpenAI(base_url=url + "/v1", api_key=os.environ.get("CHATTERBOX_API_KEY", "unused"))

print("models:", [m.id for m in client.models.list().data])

# One call, the whole file.
speech = client.audio.speech.create(model="tts-1", voice="alloy", input="Hello from the OpenAI client.", response_format="mp3")
speech.write_to_file(os.path.join(out, "openai.mp3"))
print("wrote", os.path.join(out, "openai.mp3"))

# Streaming: bytes arrive sentence by sentence; play them as they come or write them out.
text = "Streaming starts with the first sentence. The second one follows. And a third closes it."
started = time.perf_counter()
first = None
with client.audio.speech.with_streaming_response.create(model="tts-1", voice="nova", input=text, response_format="pcm") as response:
    with open(os.path.join(out, "openai-stream.pcm"), "wb") as f:
        for chunk in response.iter_bytes():
            first = first or time.perf_counter() - started
            f.write(chunk)
print(f"streamed pcm (16-bit, 24 kHz, mono): first bytes after {first:.2f} s, all after {time.perf_counter() - started:.2f} s")

# Any installed voice id works too (GET /voices lists them).
client.audio.speech.create(model="tts-1", voice="espeak:en-gb", input="An espeak voice, for contrast.",
                           response_format="wav").write_to_file(os.path.join(out, "espeak.wav"))
print("wrote", os.path.join(out, "espeak.wav"))
