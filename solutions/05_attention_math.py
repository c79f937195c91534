"""Solutions to the exercises of notebook 05 (the mathematics of attention).

Run ``python solutions/05_attention_math.py`` to see every check pass.
"""

from __future__ import annotations

import numpy as np

from seq2seq_lib.exercises import CheckResult, nb05


def softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; subtracting each row's maximum keeps exp() from overflowing."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def context_vector(alpha: np.ndarray, h: np.ndarray) -> np.ndarray:
    """c = sum_j alpha_j h_j: alpha [T], h [T, H] -> [H]."""
    return (alpha[:, None] * h).sum(axis=0)


def masked_softmax(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Softmax over the real positions (mask True); padded positions get exactly 0."""
    weights = np.zeros_like(scores, dtype=np.float64)
    weights[mask] = softmax(scores[mask])
    return weights


def general_score(s: np.ndarray, h: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """e_j = s . (W h_j + b); the rows of h are the h_j, so W h_j for all j at once is h @ W.T."""
    return (h @ W.T + b) @ s


def run_checks() -> list[CheckResult]:
    return [
        nb05.check_softmax(softmax),
        nb05.check_context_vector(context_vector),
        nb05.check_masked_softmax(masked_softmax),
        nb05.check_general_score(general_score),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
