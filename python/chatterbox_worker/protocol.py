"""Frames between the Swift server and this worker.

Every frame is a 4-byte big-endian length, then that many bytes of UTF-8 JSON (the header).
A reply whose header says ``"samples": N`` is followed by N little-endian float32 samples
(4*N raw bytes). Requests never carry samples.
"""

import json
import struct
import sys

MAX_HEADER_BYTES = 16 * 1024 * 1024


class ProtocolError(Exception):
    """The other side sent something that is not a frame."""


def read_exactly(stream, count):
    """Reads ``count`` bytes, or returns None at end of stream before the first byte."""
    data = b""
    while len(data) < count:
        part = stream.read(count - len(data))
        if not part:
            if data:
                raise ProtocolError("stream ended inside a frame (%d of %d bytes)" % (len(data), count))
            return None
        data += part
    return data


def read_frame(stream):
    """The next request header as a dict, or None when the server closed the stream."""
    prefix = read_exactly(stream, 4)
    if prefix is None:
        return None
    (length,) = struct.unpack(">I", prefix)
    if length > MAX_HEADER_BYTES:
        raise ProtocolError("header of %d bytes is larger than %d" % (length, MAX_HEADER_BYTES))
    body = read_exactly(stream, length)
    if body is None:
        raise ProtocolError("stream ended before a %d-byte header" % length)
    header = json.loads(body.decode("utf-8"))
    if not isinstance(header, dict):
        raise ProtocolError("a header must be a JSON object")
    return header


def float32_bytes(samples):
    """Samples (a numpy array, a torch tensor or a list of floats) as little-endian float32 bytes."""
    if hasattr(samples, "detach"):  # torch tensor
        samples = samples.detach().cpu().numpy()
    if hasattr(samples, "astype"):  # numpy array
        return samples.reshape(-1).astype("<f4").tobytes()
    from array import array

    values = array("f", samples)
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def write_frame(stream, header, audio=None):
    """Writes one reply: the header (with ``samples`` counted from ``audio`` when given) and the raw samples."""
    if audio is not None:
        header = dict(header, samples=len(audio) // 4)
    body = json.dumps(header).encode("utf-8")
    stream.write(struct.pack(">I", len(body)) + body)
    if audio:
        stream.write(audio)
    stream.flush()
