"""Solutions to the exercises of notebook 06 (the attention Seq2Seq model).

Run ``python solutions/06_attention_seq2seq.py`` to see every check pass.
"""

from __future__ import annotations

import numpy as np

from seq2seq_lib.exercises import CheckResult, nb06


def most_attended(alpha: np.ndarray) -> np.ndarray:
    """For each output row of alpha [L, S], the source position with the largest weight."""
    return np.asarray(alpha).argmax(axis=1)


def field_accuracy(predicted: list[str], truth: list[str]) -> dict[str, float]:
    """Share of dates whose day, month and year (the parts between '/') match the truth's."""
    fields = ("day", "month", "year")
    right = dict.fromkeys(fields, 0)
    for guess, answer in zip(predicted, truth):
        guess_parts, answer_parts = guess.split("/"), answer.split("/")
        for k, field in enumerate(fields):
            if k < len(guess_parts) and guess_parts[k] == answer_parts[k]:
                right[field] += 1
    return {field: right[field] / len(truth) for field in fields}


def attention_entropy(alpha: np.ndarray) -> np.ndarray:
    """Entropy in nats of every row of alpha [L, S]; 0 log 0 counts as 0."""
    alpha = np.asarray(alpha, dtype=np.float64)
    logs = np.log(np.where(alpha > 0, alpha, 1.0))
    return -(alpha * logs).sum(axis=1)


def run_checks() -> list[CheckResult]:
    return [
        nb06.check_most_attended(most_attended),
        nb06.check_field_accuracy(field_accuracy),
        nb06.check_attention_entropy(attention_entropy),
    ]


if __name__ == "__main__":
    run_checks()
