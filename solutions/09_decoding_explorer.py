"""Solutions to the exercises of notebook 09 (the decoding explorer).

Run ``python solutions/09_decoding_explorer.py`` to see every check pass.
"""

from __future__ import annotations

import torch

from seq2seq_lib.exercises import CheckResult, nb09
from seq2seq_lib.explorer import Step
from seq2seq_lib.vocab import Vocabulary


def top_k(probs: torch.Tensor, vocab: Vocabulary, k: int) -> list[tuple[str, float]]:
    """The k most probable tokens of one step, most probable first, with their probabilities."""
    order = probs.argsort(descending=True, stable=True)[:k]  # stable: ties go to the smaller id, as argmax does
    return [(vocab.tokens[i], float(probs[i])) for i in order.tolist()]


def least_sure_step(steps: list[Step]) -> int:
    """The position (1 for the first step) where the chosen token had the lowest probability."""
    return min(steps, key=lambda step: step.prob).position


def first_wrong_step(steps: list[Step], right: list[str]) -> int | None:
    """The position (1 for the first step) of the first token that differs from the right answer's; None if none."""
    for step in steps:
        if step.position > len(right) or step.token != right[step.position - 1]:
            return step.position
    return None if len(steps) == len(right) else len(steps) + 1  # a decoding that stopped short


def run_checks() -> list[CheckResult]:
    return [
        nb09.check_top_k(top_k),
        nb09.check_least_sure_step(least_sure_step),
        nb09.check_first_wrong_step(first_wrong_step),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
