"""Checks for the exercises of notebook 04 (teacher forcing versus autoregressive generation)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch

from ..tasks.dates import target_tokens
from ..vocab import EOS, GO, PAD, Vocabulary
from . import CheckResult, call_answer, verdict


def _target_batch() -> torch.Tensor:
    """Three date targets ``<GO> ... <EOS>`` as a ``[3, 11]`` id tensor."""
    vocab = Vocabulary.dates()
    rows = [vocab.encode([GO, *target_tokens(d), EOS]) for d in ("05/Mar/2024", "31/Dec/1999", "29/Feb/2000")]
    return torch.tensor(rows, dtype=torch.long)


def _other_batch() -> torch.Tensor:
    """Targets of another length (with padding), so that no width can be hard-coded."""
    vocab = Vocabulary.dates()
    rows = [
        vocab.encode([GO, "1", "2", EOS, PAD]),
        vocab.encode([GO, "7", "/", "9", EOS]),
    ]
    return torch.tensor(rows, dtype=torch.long)


def check_shift_targets(shift_targets: Callable[[torch.Tensor], tuple[torch.Tensor, torch.Tensor]]) -> CheckResult:
    """``shift_targets(y)``: targets ``[B, U+1]`` -> (decoder inputs ``[B, U]``, decoder targets ``[B, U]``)."""
    what = "shift_targets"
    vocab = Vocabulary.dates()
    for y in (_target_batch(), _other_batch()):
        ok, got = call_answer(shift_targets, y.clone(), what=what)
        if not ok:
            return got
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return verdict(False, f"{what} should return two tensors, (decoder_inputs, decoder_targets).")
        try:
            inputs, targets = (torch.as_tensor(part) for part in got)
        except (TypeError, ValueError, RuntimeError):
            return verdict(False, f"{what} should return two tensors; what it returned cannot be read as tensors.")
        batch, width = y.shape
        for name, part in (("decoder_inputs", inputs), ("decoder_targets", targets)):
            if tuple(part.shape) != (batch, width - 1):
                return verdict(
                    False,
                    f"for y of shape {list(y.shape)} your {name} has shape {list(part.shape)}; "
                    f"both parts should have one position fewer than y, with every row kept.",
                )
        if not bool((inputs[:, 0] == vocab.go_id).all()):
            return verdict(
                False, "every row of decoder_inputs should begin with <GO>: it is what the decoder reads first."
            )
        if bool((targets == vocab.go_id).any()):
            return verdict(False, "decoder_targets contains <GO>, but the decoder is never asked to predict <GO>.")
        if not bool((targets[:, 0] == y[:, 1]).all()):
            return verdict(
                False,
                "the first decoder target of each row should be the first real token of y, "
                "the one the decoder must produce after reading <GO>.",
            )
        if not (torch.equal(inputs, y[:, :-1]) and torch.equal(targets, y[:, 1:])):
            return verdict(
                False,
                "the two parts have the right shapes but not the right tokens: at every step t, "
                "decoder_targets[:, t] should be the token that follows decoder_inputs[:, t] in y.",
            )
    return verdict(True, f"{what} splits both batches tried into the decoder's inputs and targets.")


_SCHEDULE_CASES = ((4, range(0, 9)), (10, (0, 1, 5, 9, 10, 11, 40)), (1, (0, 1, 2)))


def check_linear_schedule(linear_schedule: Callable[[int, int], float]) -> CheckResult:
    """``linear_schedule(epoch, decay_epochs)``: 1 at epoch 0, falling linearly to 0 at ``decay_epochs``, then 0."""
    what = "linear_schedule"
    for decay_epochs, epochs in _SCHEDULE_CASES:
        for epoch in epochs:
            call = f"{what}({epoch}, {decay_epochs})"
            # The first call names just the function, so that a stub gets the usual message.
            first = (decay_epochs, epoch) == (_SCHEDULE_CASES[0][0], 0)
            ok, got = call_answer(linear_schedule, epoch, decay_epochs, what=what if first else call)
            if not ok:
                return got
            if isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isfinite(got):
                return verdict(False, f"{call} returned {got!r}; return one finite number (a float).")
            if not 0.0 <= got <= 1.0:
                return verdict(
                    False,
                    f"{call} returned {got:g}, outside [0, 1]: it is a probability, and train() refuses it.",
                )
            expected = max(0.0, 1.0 - epoch / decay_epochs)
            if abs(got - expected) > 1e-9:
                if epoch == 0:
                    hint = "training should begin with pure teacher forcing"
                elif epoch >= decay_epochs:
                    hint = f"from epoch {decay_epochs} on the decoder should read only its own predictions"
                else:
                    hint = f"the ratio should fall by the same amount every epoch and reach 0 at epoch {decay_epochs}"
                return verdict(False, f"{call} returned {got:g}, expected {expected:g}: {hint}.")
    return verdict(True, f"{what} starts at 1, falls in equal steps to 0 and stays in [0, 1] in every case tried.")


_MISTAKE_CASES: tuple[tuple[Sequence[str], Sequence[str], int], ...] = (
    (target_tokens("05/Mar/2024"), target_tokens("05/Mar/2024"), 0),
    (target_tokens("35/Mar/2024"), target_tokens("05/Mar/2024"), 0),
    (target_tokens("32/Sep/2009"), target_tokens("22/Jul/2009"), 1),
    (target_tokens("15/Jul/1986"), target_tokens("15/Jul/1989"), 0),
    (["3", "2", "9", "/", "Dec", "/", "2", "0", "1"], target_tokens("28/Aug/2001"), 6),
    (target_tokens("25/Jun/1986"), target_tokens("15/Jul/1986"), 1),
)


def check_errors_after_first(errors_after_first: Callable[[list[str], list[str]], int]) -> CheckResult:
    """``errors_after_first(predicted, target)``: wrong positions strictly after the first wrong one."""
    what = "errors_after_first"
    for predicted, target, expected in _MISTAKE_CASES:
        ok, got = call_answer(errors_after_first, list(predicted), list(target), what=what)
        if not ok:
            return got
        if isinstance(got, bool) or not isinstance(got, int):
            return verdict(False, f"{what} returned {got!r} ({type(got).__name__}); return a whole number (int).")
        if got == expected:
            continue
        shown = f"predicted {''.join(predicted)!r} against {''.join(target)!r}"
        wrong_total = sum(p != t for p, t in zip(predicted, target, strict=True))
        if expected == 0 and wrong_total == 0:
            hint = "nothing is wrong here, so nothing can follow a first mistake"
        elif got == wrong_total:
            hint = "you seem to count every wrong position; leave out the first mistake itself"
        elif got > expected:
            hint = "count only the positions that are wrong, not every position after the first mistake"
        else:
            hint = "look again at every position after the first mistake"
        return verdict(False, f"for {shown} {what} gives {got}; {hint}.")
    return verdict(True, f"{what} counts the later mistakes right in all {len(_MISTAKE_CASES)} cases tried.")
