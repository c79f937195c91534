"""Notebook 07's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from seq2seq_lib.exercises import nb07
from seq2seq_lib.i18n import translations

ZH = translations("zh")

# -- exercise 1: position_accuracy ---------------------------------------------------------------


def _right(p, t, pad):
    real = t != pad
    return ((p == t) & real).sum(dim=0) / real.sum(dim=0)


POSITION_MISTAKES = [
    (lambda p, t, pad: (p == t).float().mean(dim=0), "counts the padding"),
    (lambda p, t, pad: ((p == t) & (t != pad)).float().mean(dim=0), "divides by every string"),
    (lambda p, t, pad: ((p == t) & (t != pad)).sum(dim=0), "counts, not shares"),
    (lambda p, t, pad: 1 - _right(p, t, pad), "share of wrong tokens"),
    (lambda p, t, pad: ((p == t) & (t != pad)).sum() / (t != pad).sum(), "one number for all positions"),
    (lambda p, t, pad: ((p == t) & (t != pad)).sum(dim=1) / (t != pad).sum(dim=1), "the wrong axis"),
    (lambda p, t, pad: _right(p, t, pad)[:-1], "one accuracy per output position"),
    (lambda p, t, pad: _right(p[:, 1:], t[:, :-1], pad), "one accuracy per output position"),
    (lambda p, t, pad: ((p == t) & (p != pad)).sum(dim=0) / (p != pad).sum(dim=0), "from the prediction"),
    (lambda p, t, pad: ((p == t).sum(dim=0) + 1) / ((t != pad).sum(dim=0) + 1), "not the share of right"),
    (lambda p, t, pad: "accuracy", "return a tensor"),
]


@pytest.mark.parametrize(("wrong", "phrase"), POSITION_MISTAKES)
def test_position_accuracy_mistakes(wrong, phrase):
    result = nb07.check_position_accuracy(wrong)
    assert not result and phrase in result.message, result.message


def test_position_accuracy_accepts_arrays_and_lists():
    assert nb07.check_position_accuracy(lambda p, t, pad: _right(p, t, pad).numpy())
    assert nb07.check_position_accuracy(lambda p, t, pad: _right(p, t, pad).tolist())


def test_position_accuracy_does_not_give_the_accuracies_away():
    result = nb07.check_position_accuracy(lambda p, t, pad: (p == t).float().mean(dim=0))
    case = nb07._position_cases()[1]  # the first padded case is the one refused
    assert case.label in result.message
    for value in case.expected.accuracy[-3:]:
        assert f"{value:.2f}" not in result.message and f"{value:.3f}" not in result.message


# -- exercise 2: diagonal_share ------------------------------------------------------------------


def _share(a):
    return float(np.diagonal(a[: a.shape[1]]).mean())


DIAGONAL_MISTAKES = [
    (lambda a: float(np.trace(a[: a.shape[1]])), "not their mean"),
    (lambda a: float(np.trace(a) / a.shape[0]), "the <EOS> row is counted"),
    (lambda a: float(np.diagonal(a[: a.shape[1], ::-1]).mean()), "anti-diagonal"),
    (lambda a: float(np.diagonal(a, offset=-1).mean()), "one position off"),
    (lambda a: float(np.diagonal(a, offset=1).mean()), "one position off"),
    (lambda a: float((a[: a.shape[1]].argmax(axis=1) == np.arange(a.shape[1])).mean()), "largest weight"),
    (lambda a: float(a.mean()), "the mean of all weights"),
    (lambda a: torch.diagonal(torch.as_tensor(a[: a.shape[1]])), "several numbers"),
    (lambda a: np.diagonal(a[: a.shape[1]]), "returned a ndarray"),
    (lambda a: float(np.diagonal(a[: a.shape[1]]).max()), "not the mean weight on the diagonal"),
]


@pytest.mark.parametrize(("wrong", "phrase"), DIAGONAL_MISTAKES)
def test_diagonal_share_mistakes(wrong, phrase):
    result = nb07.check_diagonal_share(wrong)
    assert not result and phrase in result.message, result.message


def test_diagonal_share_accepts_numpy_and_torch_numbers():
    assert nb07.check_diagonal_share(lambda a: np.diagonal(a[: a.shape[1]]).mean())
    assert nb07.check_diagonal_share(lambda a: torch.diagonal(torch.as_tensor(a[: a.shape[1]])).mean())


def test_diagonal_share_does_not_give_the_share_away():
    result = nb07.check_diagonal_share(lambda a: float(a.mean()))
    expected = nb07._diagonal_cases()[0].expected.share
    assert f"{expected:.2f}" not in result.message and f"{expected:.3f}" not in result.message


def test_case_labels_are_translated():
    assert all(label in ZH for label in nb07.LABELS)
