"""Seeds and torch threads: the two settings that make a run repeatable and steady."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

import numpy as np
import torch

from .validation import check_int, check_optional_int

# torch's thread pool: far more threads than cores only adds contention.
MAX_THREADS = 256


def set_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and torch (CPU and CUDA)."""
    seed = check_int("seed", seed, 0, 2**32 - 1)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


@contextlib.contextmanager
def torch_threads(num_threads: int | None) -> Iterator[None]:
    """Run the block with ``num_threads`` torch threads (None: leave as is), then restore.

    For tensors as small as this course's, one thread is fastest: a second only adds
    synchronisation, and under load from other processes it made epochs 100x slower.
    """
    num_threads = check_optional_int("num_threads", num_threads, 1, MAX_THREADS)
    if num_threads is None:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
