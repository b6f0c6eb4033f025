"""Choosing where torch models run."""

from ..errors import EngineError


def torch_device(requested):
    """``cpu``, ``cuda`` or ``mps``: ``auto`` takes CUDA, then Apple's MPS, then the CPU."""
    if requested == "cpu":
        return "cpu"
    import torch

    if requested == "cuda":
        if not torch.cuda.is_available():
            raise EngineError(
                "device_unavailable",
                "CUDA was asked for but torch %s sees no CUDA device; install the CUDA build of torch "
                "(requirements/cuda.txt) or set processing.use_gpu: false" % torch.__version__,
            )
        return "cuda"
    if requested != "auto":
        raise EngineError("invalid_parameter", "device must be auto, cpu or cuda, not %r" % requested)
    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def seed_everything(seed):
    """Makes the next generation repeatable."""
    import random

    import torch

    random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
