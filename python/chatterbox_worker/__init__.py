"""The Python side of Chatterbox TTS: hosts models that exist only as Python code.

The Swift server starts one process per engine (``python -m chatterbox_worker --engine ID``) and
talks to it over stdin/stdout with length-prefixed frames (see ``protocol``).
"""

__version__ = "1.0"
