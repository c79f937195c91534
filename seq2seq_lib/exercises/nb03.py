"""Checks for the exercises of notebook 03 (the LSTM Seq2Seq model, trained)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ..i18n import tr
from ..models import EncoderDecoder, Seq2Seq
from ..tasks.copy import LengthTaskDataset
from ..tasks.dates import date_vocabulary, translate
from ..validation import ArgumentTypeError
from .engine import Case, Diagnosis, Exercise

FIELDS = ("day", "month", "year")

# How the cases are named in verdicts (translated when the cases are built).
LISTS_LABEL = "for the predictions {predictions} against the targets {targets}, {name}"
TRANSLATE_LABEL = "greedy_translate(model, {date!r})"
STEPS_LABEL = "case {number} ({model}, {count} batches of {batch} {what})"
BATCH_KINDS = ("dates", "padded strings")
LABELS = (LISTS_LABEL, TRANSLATE_LABEL, STEPS_LABEL, *BATCH_KINDS)


def _as_number(value: object) -> float | None:
    """A finite float from an int, float, NumPy or one-element torch scalar; None otherwise (bools, text)."""
    if isinstance(value, (bool, str, bytes)):
        return None
    if isinstance(value, torch.Tensor):
        value = value.detach()
    try:
        number = float(value)
    except (TypeError, ValueError, RuntimeError):
        return None
    return number if math.isfinite(number) else None


def _lists_label(predictions: Sequence[str], targets: Sequence[str], name: str) -> str:
    return tr(LISTS_LABEL, predictions=list(predictions), targets=list(targets), name=name)


# -- exercise 1: exact match ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Exact:
    share: float
    count: int
    size: int


# (predictions, targets): whole matches, near misses, a prefix, a trailing space.
_EXACT_CASES = (
    (["05/Mar/2024", "01/Jan/2000"], ["05/Mar/2024", "01/Jan/2001"]),
    (["31/Dec/1999"], ["31/Dec/1999"]),
    (["05/Mar/202", "5/Mar/2024", "05/Mar/2024 "], ["05/Mar/2024", "05/Mar/2024", "05/Mar/2024"]),
    (["12/Oct/1987", "12/Oct/1987", "13/Oct/1987", "12/Oct/1987"], ["12/Oct/1987"] * 4),
)


def _exact_cases() -> list[Case]:
    cases = []
    for predictions, targets in _EXACT_CASES:
        count = sum(p == t for p, t in zip(predictions, targets, strict=True))
        expected = _Exact(count / len(targets), count, len(targets))
        cases.append(
            Case((list(predictions), list(targets)), expected, _lists_label(predictions, targets, "exact_match"))
        )
    return cases


def _near(got: object, value: float) -> bool:
    number = _as_number(got)
    return number is not None and abs(number - value) < 1e-9


check_exact_match = Exercise(
    name="exact_match",
    cases=_exact_cases,
    same=lambda got, e: _near(got, e.share),
    diagnoses=(
        Diagnosis(
            lambda got, e: _as_number(got) is None,
            "{label} returns {got}; return one number between 0 and 1.",
        ),
        Diagnosis(
            lambda got, e: e.size > 1 and _near(got, e.count),
            "{label} returns {got}, a count; return the share, between 0 and 1.",
        ),
        Diagnosis(
            lambda got, e: not 0 <= _as_number(got) <= 1,
            "{label} returns {got}, which is not a share between 0 and 1.",
        ),
    ),
    otherwise="{label} returns {got}. Only a prediction identical to its target, character for character, "
    "counts as a match.",
    success="{name} is right on all {count} lists tried, near misses included.",
)


# -- exercise 2: per-field accuracy --------------------------------------------------------------
def _fields(predictions: Sequence[str], targets: Sequence[str]) -> dict[str, float]:
    hits = dict.fromkeys(FIELDS, 0)
    for predicted, target in zip(predictions, targets, strict=True):
        got, want = predicted.split("/"), target.split("/")
        for i, name in enumerate(FIELDS):
            hits[name] += i < len(got) and got[i] == want[i]
    return {name: hits[name] / len(targets) for name in FIELDS}


# Chosen so that the three fields score differently, with malformed outputs among them.
_FIELD_CASES = (
    (["05/Mar/2024", "05/Apr/2024", "05/Jun/2024", "06/Jun/2024", "/"], ["05/Mar/2024"] * 5),
    (["29/Feb/2000", "29/Feb", "", "28/Feb/2000"], ["29/Feb/2000"] * 4),
    (["01/Jan/1999", "1/Jan/1999", "01/Jan/1999"], ["01/Jan/1999", "01/Jan/1999", "11/Jun/1999"]),
)


def _field_cases() -> list[Case]:
    return [Case((list(p), list(t)), _fields(p, t), _lists_label(p, t, "field_accuracy")) for p, t in _FIELD_CASES]


def _scores(got: dict) -> dict[str, float | None]:
    return {name: _as_number(got[name]) for name in FIELDS}


def _same_fields(got: object, expected: dict[str, float]) -> bool:
    if not isinstance(got, dict) or set(got) != set(FIELDS):
        return False
    scores = _scores(got)
    return all(scores[n] is not None and abs(scores[n] - expected[n]) < 1e-9 for n in FIELDS)


def _swapped_fields(got: dict, expected: dict[str, float]) -> bool:
    scores = _scores(got)
    wrong = [n for n in FIELDS if abs(scores[n] - expected[n]) > 1e-9]
    return len(wrong) == 2 and all(abs(scores[a] - expected[b]) < 1e-9 for a, b in (wrong, wrong[::-1]))


check_field_accuracy = Exercise(
    name="field_accuracy",
    cases=_field_cases,
    returns=dict,
    returns_hint="return a dict with the keys 'day', 'month' and 'year'.",
    same=_same_fields,
    diagnoses=(
        Diagnosis(
            lambda got, e: set(got) != set(FIELDS),
            "{label} returns {got}; the dict needs exactly the keys 'day', 'month' and 'year'.",
        ),
        Diagnosis(
            lambda got, e: any(s is None or not 0 <= s <= 1 for s in _scores(got).values()),
            "{label} returns {got}: each field's score is a share between 0 and 1.",
        ),
        Diagnosis(
            _swapped_fields,
            "{label} returns {got}: two fields have each other's scores. Check which part of the split is which: "
            "day/month/year.",
        ),
    ),
    otherwise="{label} returns {got}. Split each string at '/' (day/month/year); a field counts when the "
    "prediction has it and it equals the target's.",
    success="{name} is right on all {count} lists tried, malformed outputs included.",
)


# -- exercise 3: greedy decoding by hand ---------------------------------------------------------
# Dates the greedy loop is tried on: both centuries, both ends of the corpus.
PROBES = ("24-03-05", "74-07-23", "99-12-31", "00-01-01", "34-10-05", "87-11-30")


def _default_model() -> EncoderDecoder:
    """An untrained model with fixed, enlarged weights.

    Its translations are nonsense but well defined, and (unlike those of a freshly
    initialised model, which writes the same thing for every date) they change with
    the input and with the state, so a loop that drops either gives other outputs.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = Seq2Seq(date_vocabulary(), max_output_len=10)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(5.0)
    return model.eval()


def _translate_cases(model: EncoderDecoder | None = None) -> list[Case]:
    if model is not None and not isinstance(model, EncoderDecoder):
        kind = type(model).__name__
        raise ArgumentTypeError(f"model must be a seq2seq_lib model (such as the one trained above), not a {kind}")
    model = _default_model() if model is None else model
    return [Case((model, text), translate(model, text), tr(TRANSLATE_LABEL, date=text)) for text in PROBES]


check_greedy_translate = Exercise(
    name="greedy_translate",
    cases=_translate_cases,
    returns=str,
    returns_hint="return the translation as one str.",
    diagnoses=(
        Diagnosis(
            lambda got, e: "<" in got,
            "{label} gives {got}: special tokens such as <GO> and <EOS> do not belong in the text.",
        ),
        Diagnosis(
            lambda got, e: got.startswith(e),
            "{label} gives {got}, which goes on too long: stop at <EOS>, and after at most model.max_output_len steps.",
        ),
        Diagnosis(
            lambda got, e: e.startswith(got),
            "{label} gives {got}, which stops too early: run until <EOS>, up to model.max_output_len steps.",
        ),
    ),
    otherwise="{label} gives {got}, not what seq2seq_lib.translate gives. Check that each step feeds back the "
    "token just predicted and carries the state on.",
    success="{name} agrees with seq2seq_lib.translate on all {count} dates.",
    slow_hint="A loop that stops only at <EOS> never ends on a model that never writes it: "
    "stop after model.max_output_len steps at the latest.",
)


# -- exercise 4: training steps ------------------------------------------------------------------
LR, BETAS = 0.02, (0.7, 0.95)


@dataclass(frozen=True)
class _Steps:
    """The reference losses, and what some common mistakes give instead (each a list, one per batch)."""

    losses: list[float]
    no_step: list[float]  # optimizer.step() never called
    no_zero_grad: list[float]  # gradients of earlier batches accumulate
    unshifted: list[float]  # the decoder's input compared with itself: targets y[:, :-1]
    with_padding: list[float]  # <PAD> positions counted in the loss
    summed: list[float]  # the sum over positions instead of the mean
    padded: bool


def _mean_loss(model: EncoderDecoder, src: torch.Tensor, y: torch.Tensor, how: str) -> torch.Tensor:
    logits = model(src, y[:, :-1])  # [B, U, V], teacher forced
    targets = y[:, :-1] if how == "unshifted" else y[:, 1:]
    flat_logits, flat_targets = logits.reshape(-1, logits.shape[-1]), targets.reshape(-1)
    if how == "with_padding":
        return F.cross_entropy(flat_logits, flat_targets)
    reduction = "sum" if how == "summed" else "mean"
    return F.cross_entropy(flat_logits, flat_targets, ignore_index=model.vocab.pad_id, reduction=reduction)


def _run(model: EncoderDecoder, batches, how: str = "right") -> list[float]:
    """Train a private copy of ``model`` on ``batches`` the way ``how`` names; the losses before each step."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        copy_of = type(model)(model.vocab, **model.config())
    copy_of.load_state_dict(model.state_dict())
    optimizer = torch.optim.Adam(copy_of.parameters(), lr=LR, betas=BETAS)
    copy_of.train()
    losses = []
    for src, y in batches:
        if how != "no_zero_grad":
            optimizer.zero_grad()
        loss = _mean_loss(copy_of, src, y, "right" if how in ("no_step", "no_zero_grad") else how)
        loss.backward()
        if how != "no_step":
            optimizer.step()
        losses.append(loss.item())
    return losses


def _steps_cases() -> list[Case]:
    """A date model on date batches (no padding), then a copy-task model on padded batches of strings."""
    from ..tasks.dates import DateDataset

    dates = DateDataset(12, seed=3)
    date_x, date_y = dates.tensors()
    strings = LengthTaskDataset(12, 2, 7, seed=5)
    string_x, string_y = strings.tensors()
    setups = [
        ("Seq2Seq(date_vocab)", date_vocabulary(), date_x, date_y, 4, "dates", False),
        (
            "Seq2Seq(copy_vocab, embedding_dim=8, units=12)",
            strings.vocab,
            string_x,
            string_y,
            4,
            "padded strings",
            True,
        ),
    ]
    cases = []
    for number, (name, vocab, x, y, batch, what, padded) in enumerate(setups, start=1):
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(number)
            if padded:
                model = Seq2Seq(vocab, embedding_dim=8, units=12, max_output_len=y.shape[1] - 1)
            else:
                model = Seq2Seq(vocab, max_output_len=y.shape[1] - 1)
        optimizer = torch.optim.Adam(model.parameters(), lr=LR, betas=BETAS)
        batches = [(x[i : i + batch], y[i : i + batch]) for i in range(0, len(x), batch)]
        batches.append(batches[0])  # the first batch again: its loss must have fallen
        expected = _Steps(
            *(_run(model, batches, how) for how in ("right", "no_step", "no_zero_grad", "unshifted")),
            _run(model, batches, "with_padding"),
            _run(model, batches, "summed"),
            padded,
        )
        label = tr(STEPS_LABEL, number=number, model=name, count=len(batches), batch=batch, what=tr(what))
        cases.append(Case((model, optimizer, batches), expected, label))
    return cases


def _numbers(got: object) -> list[float]:
    """The answer as a list of floats; raises if it is not one."""
    numbers = [_as_number(value) for value in got]
    if any(n is None for n in numbers):
        raise TypeError("not numbers")
    return numbers


def _close(got: object, expected: list[float]) -> bool:
    numbers = _numbers(got)
    return len(numbers) == len(expected) and all(
        math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-5) for a, b in zip(numbers, expected, strict=False)
    )


def _well_formed(got: object) -> bool:
    try:
        _numbers(got)
    except Exception:
        return False
    return True


def _first_right(got: object, e: _Steps) -> bool:
    return math.isclose(_numbers(got)[0], e.losses[0], rel_tol=1e-4, abs_tol=1e-5)


check_train_steps = Exercise(
    name="train_steps",
    cases=_steps_cases,
    returns=list,
    returns_hint="return a list with one loss (a float) per batch.",
    same=lambda got, e: _well_formed(got) and _close(got, e.losses),
    diagnoses=(
        Diagnosis(
            lambda got, e: not _well_formed(got),
            "{label} returns {got}; each loss should be one number: loss.item().",
        ),
        Diagnosis(
            lambda got, e: len(got) != len(e.losses),
            "{label} returns {got}: the list should have one loss per batch, in order.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.unshifted),
            "{label} returns {got}: the targets are not shifted. The decoder reads y[:, :-1] and must predict "
            "the token that follows each one, y[:, 1:].",
        ),
        Diagnosis(
            lambda got, e: e.padded and _close(got, e.with_padding),
            "{label} returns {got}: the <PAD> positions count in the loss. Pass ignore_index=model.vocab.pad_id "
            "to the cross-entropy (or use sequence_loss).",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.summed),
            "{label} returns {got}: the loss is summed over the positions. Take the mean, as F.cross_entropy "
            "does by default.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.no_step),
            "{label} returns {got}: the loss is right on the first batch but never changes the weights. "
            "Call optimizer.step() after loss.backward().",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.no_zero_grad),
            "{label} returns {got}: the gradients of earlier batches pile up. Call optimizer.zero_grad() before "
            "each backward().",
        ),
        Diagnosis(
            lambda got, e: _first_right(got, e),
            "{label} returns {got}: the first loss is right, the later ones are not. In each step: zero_grad, "
            "the loss, backward, step; and return the loss computed before the step.",
        ),
    ),
    otherwise="{label} returns {got}, and already the first loss differs. Compute the teacher-forced logits "
    "model(src, y[:, :-1]) and their cross-entropy against y[:, 1:], ignoring <PAD>.",
    success="{name} gives the reference loss on every batch of both cases ({count} cases): "
    "each step learned what it should.",
)
