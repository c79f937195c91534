"""Solutions to the exercises of notebook 11 (dates as people write them).

Run ``python solutions/11_human_dates.py`` to see every check pass.
"""

from __future__ import annotations

import torch

from seq2seq_lib.exercises import CheckResult, nb11


def pad_batch(sources: list[str], vocab) -> torch.Tensor:
    """Sources of different lengths -> ids [B, S], each row right-padded with <PAD> to the longest source."""
    rows = [vocab.encode(source) for source in sources]  # one id per character
    width = max(len(row) for row in rows)
    return torch.tensor([row + [vocab.pad_id] * (width - len(row)) for row in rows], dtype=torch.long)


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax of scores [B, S] over each row's real positions (mask True); exactly 0 on the padding."""
    return torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)  # exp(-inf) = 0


def per_form_exact_match(outputs: list[str], targets: list[str], forms: list[str]) -> dict[str, float]:
    """For each form, the share of its examples whose whole output equals the target."""
    right: dict[str, list[bool]] = {}
    for output, target, form in zip(outputs, targets, forms, strict=True):
        right.setdefault(form, []).append(output == target)
    return {form: sum(marks) / len(marks) for form, marks in right.items()}


def run_checks() -> list[CheckResult]:
    return [
        nb11.check_pad_batch(pad_batch),
        nb11.check_masked_softmax(masked_softmax),
        nb11.check_per_form_exact_match(per_form_exact_match),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
