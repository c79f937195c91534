"""Checks for the exercises of notebook 03 (the LSTM Seq2Seq model, trained)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch

from ..models import EncoderDecoder, Seq2Seq
from ..tasks.dates import translate
from ..vocab import Vocabulary
from . import CheckResult, call_answer, verdict

FIELDS = ("day", "month", "year")

# (predictions, targets): whole matches, near misses, a prefix, a malformed output.
_EXACT_CASES = (
    (["05/Mar/2024", "01/Jan/2000"], ["05/Mar/2024", "01/Jan/2001"]),
    (["31/Dec/1999"], ["31/Dec/1999"]),
    (["05/Mar/202", "5/Mar/2024", "05/Mar/2024 "], ["05/Mar/2024", "05/Mar/2024", "05/Mar/2024"]),
    (["12/Oct/1987", "12/Oct/1987", "13/Oct/1987", "12/Oct/1987"], ["12/Oct/1987"] * 4),
)

# Chosen so that the three fields score differently (day 3/5, month 1/5, year 4/5 first), with malformed outputs.
_FIELD_CASES = (
    (["05/Mar/2024", "05/Apr/2024", "05/Jun/2024", "06/Jun/2024", "/"], ["05/Mar/2024"] * 5),
    (["29/Feb/2000", "29/Feb", "", "28/Feb/2000"], ["29/Feb/2000"] * 4),
    (["01/Jan/1999", "1/Jan/1999", "01/Jan/1999"], ["01/Jan/1999", "01/Jan/1999", "11/Jun/1999"]),
)


def _exact(predictions: Sequence[str], targets: Sequence[str]) -> float:
    return sum(p == t for p, t in zip(predictions, targets, strict=True)) / len(targets)


def _fields(predictions: Sequence[str], targets: Sequence[str]) -> dict[str, float]:
    hits = dict.fromkeys(FIELDS, 0)
    for predicted, target in zip(predictions, targets, strict=True):
        got, want = predicted.split("/"), target.split("/")
        for i, field in enumerate(FIELDS):
            hits[field] += i < len(got) and got[i] == want[i]
    return {field: hits[field] / len(targets) for field in FIELDS}


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # int, float, numpy or one-element torch scalars
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def check_exact_match(exact_match: Callable[[list[str], list[str]], float]) -> CheckResult:
    """``exact_match(predictions, targets)``: the share of predictions equal to their target, in [0, 1]."""
    what = "exact_match"
    for predictions, targets in _EXACT_CASES:
        ok, got = call_answer(exact_match, list(predictions), list(targets), what=what)
        if not ok:
            return got
        number = _as_number(got)
        if number is None:
            return verdict(False, f"{what} returned {got!r}; return one number between 0 and 1.")
        expected = _exact(predictions, targets)
        if abs(number - expected) < 1e-9:
            continue
        right = sum(p == t for p, t in zip(predictions, targets, strict=True))
        where = f"predictions {list(predictions)} against targets {list(targets)}"
        if abs(number - right) < 1e-9 and len(targets) > 1:
            return verdict(False, f"for {where} you return a count; return the share, between 0 and 1.")
        if not 0 <= number <= 1:
            return verdict(False, f"for {where} you return {got!r}, which is not a share between 0 and 1.")
        return verdict(
            False,
            f"for {where} you return {number:.4g}. Only a prediction identical to its target, character for "
            "character, counts as a match.",
        )
    return verdict(True, f"{what} is right on all {len(_EXACT_CASES)} lists tried, near misses included.")


def check_field_accuracy(field_accuracy: Callable[[list[str], list[str]], dict]) -> CheckResult:
    """``field_accuracy(predictions, targets)``: ``{'day': .., 'month': .., 'year': ..}``, each a share in [0, 1]."""
    what = "field_accuracy"
    for predictions, targets in _FIELD_CASES:
        ok, got = call_answer(field_accuracy, list(predictions), list(targets), what=what)
        if not ok:
            return got
        if not isinstance(got, dict) or set(got) != set(FIELDS):
            keys = sorted(got) if isinstance(got, dict) else type(got).__name__
            return verdict(False, f"{what} should return a dict with the keys 'day', 'month' and 'year', got {keys}.")
        expected = _fields(predictions, targets)
        where = f"predictions {list(predictions)} against targets {list(targets)}"
        numbers = {field: _as_number(got[field]) for field in FIELDS}
        for field in FIELDS:
            number = numbers[field]
            if number is None or not 0 <= number <= 1:
                return verdict(
                    False, f"for {where}, {field!r} is {got[field]!r}: each field's score is a share between 0 and 1."
                )
        for field in FIELDS:
            number = numbers[field]
            if abs(number - expected[field]) < 1e-9:
                continue
            swapped = [
                other
                for other in FIELDS
                if abs(number - expected[other]) < 1e-9 and abs(numbers[other] - expected[field]) < 1e-9
            ]
            if swapped:
                return verdict(
                    False,
                    f"for {where}, {field!r} and {swapped[0]!r} have each other's scores: check which part is which.",
                )
            return verdict(
                False,
                f"for {where}, the {field!r} score is {number:.4g}. Split each string at '/' (day/month/year); a "
                "field counts when the prediction has it and it equals the target's.",
            )
    return verdict(True, f"{what} is right on all {len(_FIELD_CASES)} lists tried, malformed outputs included.")


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
        model = Seq2Seq(Vocabulary.dates())
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(5.0)
    return model.eval()


def check_greedy_translate(
    greedy_translate: Callable[[EncoderDecoder, str], str], model: EncoderDecoder | None = None
) -> CheckResult:
    """``greedy_translate(model, text)``: greedy decoding written out with ``encode``, ``initial_state`` and ``step``.

    Compared with :func:`seq2seq_lib.translate` on a few dates, for ``model`` (default: an
    untrained model with fixed weights, whose outputs are nonsense but depend on the date).
    """
    what = "greedy_translate"
    if model is None:
        model = _default_model()
    for text in PROBES:
        expected = translate(model, text)
        ok, got = call_answer(greedy_translate, model, text, what=f"{what}(model, {text!r})")
        if not ok:
            return got
        if not isinstance(got, str):
            return verdict(
                False, f"{what}(model, {text!r}) returned {type(got).__name__}; return the translation as a str."
            )
        if got == expected:
            continue
        if "<" in got:
            problem = "special tokens such as <GO> and <EOS> do not belong in the text"
        elif got.startswith(expected):
            problem = "it goes on too long: stop at <EOS>, and after at most model.max_output_len steps"
        elif expected.startswith(got):
            problem = "it stops too early: run up to model.max_output_len steps, until <EOS>"
        else:
            problem = "check that each step feeds back the token just predicted and carries the state on"
        return verdict(
            False, f"for {text!r} your loop gives {got!r} but seq2seq_lib.translate gives {expected!r}; {problem}."
        )
    return verdict(True, f"{what} agrees with seq2seq_lib.translate on all {len(PROBES)} dates.")
