"""A learner's answer read as numbers and compared with the reference: one way for every check.

Learners return tensors (on any device, with or without gradients), NumPy arrays or plain
lists; the checks read each the same way. Anything that is not numbers (``None``, text,
ragged lists) raises ``TypeError`` or ``ValueError`` in :func:`as_floats`, which the engine
treats as "this diagnosis does not apply", and makes the comparisons return False.
"""

from __future__ import annotations

import numpy as np
import torch


def as_floats(got: object) -> np.ndarray:
    """``got`` as a float64 NumPy array; ``TypeError``/``ValueError`` if it is not numbers."""
    if isinstance(got, torch.Tensor):
        return got.detach().cpu().double().numpy()
    if got is None:  # np.asarray(None, float) would be nan, not an error
        raise TypeError("not numbers")
    return np.asarray(got, dtype=np.float64)


def not_numbers(got: object) -> bool:
    try:
        as_floats(got)
    except (TypeError, ValueError):
        return True
    return False


def arrays_close(got: object, expected: np.ndarray, atol: float) -> bool:
    """Numbers of ``expected``'s shape, each within ``atol`` of it (a tensor, an array or a list)."""
    try:
        array = as_floats(got)
    except (TypeError, ValueError):
        return False
    return array.shape == expected.shape and bool(np.allclose(array, expected, rtol=0, atol=atol))


def tensors_close(got: object, expected: torch.Tensor | None, atol: float) -> bool:
    """A floating-point tensor of ``expected``'s shape, each value within ``atol`` of it."""
    return (
        expected is not None
        and isinstance(got, torch.Tensor)
        and got.is_floating_point()
        and got.shape == expected.shape
        and torch.allclose(got.detach().cpu().double(), expected.detach().cpu().double(), rtol=0, atol=atol)
    )


__all__ = ["arrays_close", "as_floats", "not_numbers", "tensors_close"]
