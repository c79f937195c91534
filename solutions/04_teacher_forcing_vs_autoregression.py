"""Solutions to the exercises of notebook 04 (teacher forcing versus autoregressive generation).

Run ``python solutions/04_teacher_forcing_vs_autoregression.py`` to see every check pass.
"""

from __future__ import annotations

import torch

from seq2seq_lib.exercises import CheckResult, nb04


def shift_targets(y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """<GO> y_1 .. y_U <EOS> -> the decoder reads all but the last token and predicts all but the first."""
    return y[:, :-1], y[:, 1:]


def linear_schedule(epoch: int, decay_epochs: int) -> float:
    """1.0 at epoch 0, 0.0 from ``decay_epochs`` on, a straight line in between."""
    return max(0.0, 1.0 - epoch / decay_epochs)


def errors_after_first(predicted: list[str], target: list[str]) -> int:
    """How many positions after the first mistake are wrong too (0 when nothing is wrong)."""
    wrong = [p != t for p, t in zip(predicted, target, strict=True)]
    if True not in wrong:
        return 0
    first = wrong.index(True)
    return sum(wrong[first + 1 :])


def run_checks() -> list[CheckResult]:
    return [
        nb04.check_shift_targets(shift_targets),
        nb04.check_linear_schedule(linear_schedule),
        nb04.check_errors_after_first(errors_after_first),
    ]


if __name__ == "__main__":
    run_checks()
