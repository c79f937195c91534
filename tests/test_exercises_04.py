"""Notebook 04's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import pytest

from seq2seq_lib.exercises import nb04

# -- exercise 1: shift_targets -------------------------------------------------------------------
SHIFT_MISTAKES = [
    (lambda y: (y[:, 1:], y[:, :-1]), "the two parts are swapped"),
    (lambda y: (y[:, :-1], y[:, :-1]), "contains <GO>"),  # targets not shifted
    (lambda y: (y[:, :-1], y[:, 1:].flip(1)), "right shapes but not the right tokens"),
    (lambda y: (y[:, :10], y[:, 1:11]), "the wrong shape"),  # hard-coded for dates
    (lambda y: (y[:-1], y[1:]), "the wrong shape"),  # rows cut instead of columns
    (lambda y: (y[:, 1:-1], y[:, 2:]), "the wrong shape"),
    (lambda y: y[:, :-1], "two tensors"),
    (lambda y: (y, y[:, 1:]), "the wrong shape"),
    (lambda y: (y[:, :-1].flip(1), y[:, 1:]), "does not begin with <GO>"),
    (lambda y: (y[:, :-1], y[:, :-1].roll(-1, 1)), "contains <GO>"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SHIFT_MISTAKES)
def test_shift_targets_mistakes(wrong, phrase):
    result = nb04.check_shift_targets(wrong)
    assert not result and phrase in result.message, result.message


def test_shift_targets_does_not_give_the_slices_away():
    result = nb04.check_shift_targets(lambda y: (y[:, :-1], y[:, 1:].flip(1)))
    assert "y[:, 1:]" not in result.message and "[:-1]" not in result.message.replace("[:, :-1]", ""), result.message


# -- exercise 2: linear_schedule -----------------------------------------------------------------
SCHEDULE_MISTAKES = [
    (lambda e, d: 1.0 - e / d, "outside [0, 1]"),  # never clipped at 0
    (lambda e, d: max(0.0, 1.0 - (e + 1) / d), "begin with pure teacher forcing"),
    (lambda e, d: max(0.0, e / d) if e < d else 1.0, "begin with pure teacher forcing"),
    (lambda e, d: max(0.0, 1.0 - e / (d + 1)), "fall by the same amount"),
    (lambda e, d: max(0.0, 1.0 - e / (d + 1)) if e < d else 0.0, "fall by the same amount"),
    (lambda e, d: max(0.0, 1.0 - e / (d - 1)) if d > 1 else float(e == 0), "fall by the same amount"),
    (lambda e, d: max(0.0, 1.0 - e / d) if e < d else 0.1, "from epoch decay_epochs on"),
    (lambda e, d: str(max(0.0, 1.0 - e / d)), "finite number"),
    (lambda e, d: e == 0, "finite number"),
    (lambda e, d: 0.5**e, "fall by the same amount"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SCHEDULE_MISTAKES)
def test_linear_schedule_mistakes(wrong, phrase):
    result = nb04.check_linear_schedule(wrong)
    assert not result and phrase in result.message, result.message


def test_linear_schedule_does_not_give_the_ratio_away():
    result = nb04.check_linear_schedule(lambda e, d: max(0.0, 1.0 - e / (d + 1)))
    assert "linear_schedule(1, 4)" in result.message and "0.75" not in result.message, result.message


# -- exercise 3: errors_after_first --------------------------------------------------------------
def _wrong(p, t):
    return [a != b for a, b in zip(p, t, strict=False)]


AFTER_MISTAKES = [
    (lambda p, t: sum(_wrong(p, t)), "every wrong position"),
    (lambda p, t: len(p) - 1 - _wrong(p, t).index(True) if any(_wrong(p, t)) else 0, "not every position"),
    (lambda p, t: -1 if not any(_wrong(p, t)) else sum(_wrong(p, t)) - 1, "nothing is wrong here"),
    (lambda p, t: float(max(0, sum(_wrong(p, t)) - 1)), "whole number"),
    (lambda p, t: max(0, sum(_wrong(p, t)) - 2), "look again"),
    (lambda p, t: len(p) - 1 if any(_wrong(p, t)) else 0, "not every position"),
]


@pytest.mark.parametrize(("wrong", "phrase"), AFTER_MISTAKES)
def test_errors_after_first_mistakes(wrong, phrase):
    result = nb04.check_errors_after_first(wrong)
    assert not result and phrase in result.message, result.message


def test_errors_after_first_does_not_give_the_count_away():
    result = nb04.check_errors_after_first(lambda p, t: sum(_wrong(p, t)))
    assert "'35/Mar/2024' against '05/Mar/2024' gives 1;" in result.message, result.message
    assert "expected" not in result.message and "should be 0" not in result.message, result.message
