"""Checks for the exercises of notebook 04 (teacher forcing versus autoregressive generation)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from ..i18n import tr
from ..tasks.dates import date_vocabulary, target_tokens
from ..vocab import EOS, GO, PAD
from .engine import Case, Diagnosis, Exercise

# How the cases are named in verdicts (translated when the cases are built).
SHIFT_LABEL = "shift_targets(y) for y of shape {shape}"
SCHEDULE_LABEL = "linear_schedule({epoch}, {decay})"
AFTER_LABEL = "errors_after_first for {predicted!r} against {target!r}"
LABELS = (SHIFT_LABEL, SCHEDULE_LABEL, AFTER_LABEL)


# -- exercise 1: decoder inputs and targets ------------------------------------------------------
def _target_batch() -> torch.Tensor:
    """Three date targets ``<GO> ... <EOS>`` as a ``[3, 11]`` id tensor."""
    vocab = date_vocabulary()
    rows = [vocab.encode([GO, *target_tokens(d), EOS]) for d in ("05/Mar/2024", "31/Dec/1999", "29/Feb/2000")]
    return torch.tensor(rows, dtype=torch.long)


def _other_batch() -> torch.Tensor:
    """Targets of another length (with padding), so that no width can be hard-coded."""
    vocab = date_vocabulary()
    rows = [vocab.encode([GO, "1", "2", EOS, PAD]), vocab.encode([GO, "7", "/", "9", EOS])]
    return torch.tensor(rows, dtype=torch.long)


@dataclass(frozen=True)
class _Shift:
    y: torch.Tensor
    go_id: int


def _shift_cases() -> list[Case]:
    go_id = date_vocabulary().go_id
    return [
        Case((y,), _Shift(y, go_id), tr(SHIFT_LABEL, shape=list(y.shape))) for y in (_target_batch(), _other_batch())
    ]


def _pair(got: object) -> tuple[torch.Tensor, torch.Tensor]:
    """The answer as two tensors; raises if it is not a pair."""
    inputs, targets = got
    return torch.as_tensor(inputs), torch.as_tensor(targets)


def _well_formed_pair(got: object) -> bool:
    try:
        _pair(got)
    except Exception:
        return False
    return True


def _same_shift(got: object, e: _Shift) -> bool:
    if not _well_formed_pair(got):
        return False
    inputs, targets = _pair(got)
    return torch.equal(inputs, e.y[:, :-1]) and torch.equal(targets, e.y[:, 1:])


def _shape_wrong(got: object, e: _Shift) -> bool:
    batch, width = e.y.shape
    return any(tuple(part.shape) != (batch, width - 1) for part in _pair(got))


check_shift_targets = Exercise(
    name="shift_targets",
    cases=_shift_cases,
    returns=(tuple, list),
    returns_hint="return two tensors, (decoder_inputs, decoder_targets).",
    same=_same_shift,
    diagnoses=(
        Diagnosis(
            lambda got, e: not _well_formed_pair(got),
            "{label} did not return two tensors: return the pair (decoder_inputs, decoder_targets).",
        ),
        Diagnosis(
            _shape_wrong,
            "{label}: a part has the wrong shape. Both parts keep every row and have one position fewer than y.",
        ),
        Diagnosis(
            lambda got, e: torch.equal(_pair(got)[0], e.y[:, 1:]) and torch.equal(_pair(got)[1], e.y[:, :-1]),
            "{label}: the two parts are swapped. The decoder reads <GO> first, and is never asked to predict it.",
        ),
        Diagnosis(
            lambda got, e: not bool((_pair(got)[0][:, 0] == e.go_id).all()),
            "{label}: decoder_inputs does not begin with <GO> in every row: it is what the decoder reads first.",
        ),
        Diagnosis(
            lambda got, e: bool((_pair(got)[1] == e.go_id).any()),
            "{label}: decoder_targets contains <GO>, but the decoder is never asked to predict <GO>.",
        ),
    ),
    otherwise="{label}: the parts have the right shapes but not the right tokens. At every step t, "
    "decoder_targets[:, t] is the token that follows decoder_inputs[:, t] in y.",
    success="{name} splits both batches tried ({count}) into the decoder's inputs and targets.",
)


# -- exercise 2: a schedule for scheduled sampling -----------------------------------------------
@dataclass(frozen=True)
class _Ratio:
    value: float
    epoch: int
    decay: int


_SCHEDULE_CASES = ((4, range(0, 9)), (10, (0, 1, 5, 9, 10, 11, 40)), (1, (0, 1, 2)))


def _schedule_cases() -> list[Case]:
    return [
        Case(
            (epoch, decay),
            _Ratio(max(0.0, 1.0 - epoch / decay), epoch, decay),
            tr(SCHEDULE_LABEL, epoch=epoch, decay=decay),
        )
        for decay, epochs in _SCHEDULE_CASES
        for epoch in epochs
    ]


def _finite(got: object) -> bool:
    return not isinstance(got, bool) and isinstance(got, (int, float)) and math.isfinite(got)


check_linear_schedule = Exercise(
    name="linear_schedule",
    cases=_schedule_cases,
    same=lambda got, e: _finite(got) and abs(got - e.value) < 1e-9,
    diagnoses=(
        Diagnosis(lambda got, e: not _finite(got), "{label} returned {got}; return one finite number (a float)."),
        Diagnosis(
            lambda got, e: not 0.0 <= got <= 1.0,
            "{label} returned {got}, outside [0, 1]: it is a probability, and train() refuses it.",
        ),
        Diagnosis(
            lambda got, e: e.epoch == 0,
            "{label} returned {got}: training should begin with pure teacher forcing.",
        ),
        Diagnosis(
            lambda got, e: e.epoch >= e.decay,
            "{label} returned {got}: from epoch decay_epochs on, the decoder should read only its own predictions.",
        ),
    ),
    otherwise="{label} returned {got}: the ratio should fall by the same amount every epoch and reach 0 at "
    "epoch decay_epochs.",
    success="{name} starts at 1, falls in equal steps to 0 and stays in [0, 1] in all {count} cases tried.",
)


# -- exercise 3: how far a mistake reaches -------------------------------------------------------
@dataclass(frozen=True)
class _After:
    count: int
    wrong_total: int


_MISTAKE_CASES = (
    (target_tokens("05/Mar/2024"), target_tokens("05/Mar/2024")),
    (target_tokens("35/Mar/2024"), target_tokens("05/Mar/2024")),
    (target_tokens("32/Sep/2009"), target_tokens("22/Jul/2009")),
    (target_tokens("15/Jul/1986"), target_tokens("15/Jul/1989")),
    (["3", "2", "9", "/", "Dec", "/", "2", "0", "1"], target_tokens("28/Aug/2001")),
    (target_tokens("25/Jun/1986"), target_tokens("15/Jul/1986")),
)


def _after_cases() -> list[Case]:
    cases = []
    for predicted, target in _MISTAKE_CASES:
        wrong = [p != t for p, t in zip(predicted, target, strict=True)]
        count = sum(wrong[wrong.index(True) + 1 :]) if True in wrong else 0
        label = tr(AFTER_LABEL, predicted="".join(predicted), target="".join(target))
        cases.append(Case((list(predicted), list(target)), _After(count, sum(wrong)), label))
    return cases


check_errors_after_first = Exercise(
    name="errors_after_first",
    cases=_after_cases,
    returns=int,
    returns_hint="return a whole number (int).",
    same=lambda got, e: got == e.count,
    diagnoses=(
        Diagnosis(
            lambda got, e: e.wrong_total == 0,
            "{label} gives {got}; nothing is wrong here, so nothing can follow a first mistake.",
        ),
        Diagnosis(
            lambda got, e: got == e.wrong_total,
            "{label} gives {got}; you seem to count every wrong position: leave out the first mistake itself.",
        ),
        Diagnosis(
            lambda got, e: got > e.count,
            "{label} gives {got}; count only the positions that are wrong, not every position after the first mistake.",
        ),
    ),
    otherwise="{label} gives {got}; look again at every position after the first mistake.",
    success="{name} counts the later mistakes right in all {count} cases tried.",
)
