"""Solutions to the exercises of notebook 06 (the attention Seq2Seq model).

Run ``python solutions/06_attention_seq2seq.py`` to see every check pass.
"""

from __future__ import annotations

import numpy as np

from seq2seq_lib.exercises import CheckResult, nb06


def most_attended(alpha: np.ndarray) -> np.ndarray:
    """For each output row of alpha [L, S], the source position with the largest weight."""
    return np.asarray(alpha).argmax(axis=1)


SOURCE_FIELDS = {"year": [0, 1], "separators": [2, 5], "month": [3, 4], "day": [6, 7]}


def field_shares(alpha: np.ndarray) -> dict[str, np.ndarray]:
    """Each output token's total attention on the year, the separators, the month and the day of yy-mm-dd."""
    alpha = np.asarray(alpha)
    return {field: alpha[:, positions].sum(axis=1) for field, positions in SOURCE_FIELDS.items()}


def attention_entropy(alpha: np.ndarray) -> np.ndarray:
    """Entropy in nats of every row of alpha [L, S]; 0 log 0 counts as 0."""
    alpha = np.asarray(alpha, dtype=np.float64)
    logs = np.log(np.where(alpha > 0, alpha, 1.0))
    return -(alpha * logs).sum(axis=1)


def run_checks() -> list[CheckResult]:
    return [
        nb06.check_most_attended(most_attended),
        nb06.check_field_shares(field_shares),
        nb06.check_attention_entropy(attention_entropy),
    ]


if __name__ == "__main__":
    run_checks()
