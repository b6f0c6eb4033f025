"""A stand-in for torch in a test's worker process: the worker asks it for a device only (``--device cpu`` needs none)."""
__version__ = "0.standin"


class cuda:
    @staticmethod
    def is_available():
        return False
