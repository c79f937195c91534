"""Solutions to the exercises of notebook 07 (accuracy against input length, with and without attention).

Run ``python solutions/07_attention_vs_length.py`` to see every check pass.
"""

from __future__ import annotations

import numpy as np
import torch

from seq2seq_lib.exercises import CheckResult, nb07


def position_accuracy(predicted: torch.Tensor, target: torch.Tensor, pad_id: int) -> torch.Tensor:
    """Share of right tokens at each output position [U], among the strings that have a real token there."""
    real = target != pad_id  # [B, U]: False where the string has ended
    right = (predicted == target) & real
    return right.sum(dim=0) / real.sum(dim=0)


def diagonal_share(alpha: np.ndarray) -> float:
    """Mean weight on alpha[t, t] over the L digit rows of a copy's weights [L + 1, L] (the <EOS> row left out)."""
    length = alpha.shape[1]
    return float(np.diagonal(alpha[:length]).mean())


def run_checks() -> list[CheckResult]:
    return [
        nb07.check_position_accuracy(position_accuracy),
        nb07.check_diagonal_share(diagonal_share),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
