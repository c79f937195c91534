"""Notebook 05's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import numpy as np
import pytest

from seq2seq_lib.exercises import nb05


def _exp(scores):
    return np.exp(scores)


# -- exercise 1: softmax ---------------------------------------------------------------------------
SOFTMAX_MISTAKES = [
    (lambda s: np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True), "exp() overflows"),  # the naive formula
    (lambda s: np.exp(s - s.max()) / np.exp(s - s.max()).sum(), "the whole array sums to 1"),  # 2-D: one sum
    (lambda s: np.exp(s - s.max()) / np.exp(s - s.max()).sum(axis=0), "the columns sum to 1"),
    (lambda s: np.exp(s - s.max(axis=-1, keepdims=True)), "not yet divided by their total"),
    (lambda s: s / s.sum(axis=-1, keepdims=True), "not softmax"),
    (lambda s: (np.exp(s - s.max(axis=-1, keepdims=True)) / 2).tolist(), "NumPy array"),
    (lambda s: np.exp(s - s.max(axis=-1, keepdims=True))[..., :1], "another shape"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SOFTMAX_MISTAKES)
def test_softmax_mistakes(wrong, phrase):
    with np.errstate(all="ignore"):
        result = nb05.check_softmax(wrong)
    assert not result and phrase in result.message, result.message


def test_softmax_with_the_global_maximum_underflows_on_a_2d_case():
    def global_shift(s):
        e = np.exp(s - s.max())
        return e / e.sum(axis=-1, keepdims=True)

    with np.errstate(all="ignore"):
        result = nb05.check_softmax(global_shift)
    assert not result and "row by row" in result.message and "[[800." in result.message


def test_softmax_does_not_give_the_weights_away():
    result = nb05.check_softmax(lambda s: np.exp(s))
    assert result.message.startswith("softmax([1., 2., 3.])")
    assert "0.0900" not in result.message and "0.6652" not in result.message and "0.09" not in result.message


# -- exercise 2: the context vector ------------------------------------------------------------------
CONTEXT_MISTAKES = [
    (lambda a, h: a[:, None] * h, "not added up"),
    (lambda a, h: (a[:, None] * h).sum(axis=1), "the wrong axis"),
    (lambda a, h: h.mean(axis=0), "without their weights"),
    (lambda a, h: h.sum(axis=0), "without their weights"),
    (lambda a, h: (h * a[None, : h.shape[1]]).sum(axis=0) if h.shape[0] == h.shape[1] else a @ h, "the columns"),
    (lambda a, h: (a @ h).tolist(), "NumPy array"),
    (lambda a, h: (a @ h)[:1], "the wrong shape"),
]


@pytest.mark.parametrize(("wrong", "phrase"), CONTEXT_MISTAKES)
def test_context_vector_mistakes(wrong, phrase):
    result = nb05.check_context_vector(wrong)
    assert not result and phrase in result.message, result.message


def test_context_vector_does_not_give_c_away():
    result = nb05.check_context_vector(lambda a, h: h.mean(axis=0))
    first = nb05._context_cases()[0]
    assert result.message.startswith(first.label)
    for value in first.expected.c:
        assert f"{value:.4f}".rstrip("0") not in result.message.split("gives")[0].split("h of shape")[1]
    assert "-0.4, 0.9, 0.6" not in result.message  # the one-hot answer is h_3: not shown


# -- exercise 3: masked softmax ----------------------------------------------------------------------
def _softmax(s):
    e = np.exp(s - s.max())
    return e / e.sum()


MASK_MISTAKES = [
    (lambda s, m: _softmax(np.where(m, s, 0.0)), "got the score 0"),
    (lambda s, m: np.where(m, _softmax(s), 0.0), "no longer sums to 1"),
    (lambda s, m: _softmax(s), "not exactly 0"),
    (lambda s, m: _softmax(np.where(m, s, -1.0)), "not exactly 0"),
    (lambda s, m: np.where(m, np.exp(s), 0.0) / np.where(m, np.exp(s), 0.0).sum(), "not all finite"),
    (lambda s, m: np.where(m, np.exp(s - s.max()), 0.0), "do not sum to 1"),
    (lambda s, m: _softmax(s[m]), "another shape"),
]


@pytest.mark.parametrize(("wrong", "phrase"), MASK_MISTAKES)
def test_masked_softmax_mistakes(wrong, phrase):
    with np.errstate(all="ignore"):
        result = nb05.check_masked_softmax(wrong)
    assert not result and phrase in result.message, result.message


def test_masked_softmax_does_not_give_the_weights_away():
    result = nb05.check_masked_softmax(lambda s, m: np.where(m, _softmax(s), 0.0))
    case = nb05._masked_cases()[1]
    assert result.message.startswith(case.label)
    for value in case.expected.alpha[:3]:
        assert f"{value:.4f}" not in result.message


# -- exercise 4: the general score -------------------------------------------------------------------
GENERAL_MISTAKES = [
    (lambda s, h, W, b: h @ s, "the dot score"),
    (lambda s, h, W, b: (h @ W + b) @ s, "the wrong way round"),
    (lambda s, h, W, b: (h @ W.T) @ s, "the bias b"),
    (lambda s, h, W, b: (h @ W.T) @ s + b.sum(), "the bias b"),
    (lambda s, h, W, b: (h @ W.T + b) @ s + 0.1 * np.arange(len(h)), "map each h_j with W and b first"),
    (lambda s, h, W, b: ((h @ W.T + b) @ s)[:, None], "the wrong shape"),
    (lambda s, h, W, b: list((h @ W.T + b) @ s), "NumPy array"),
]


@pytest.mark.parametrize(("wrong", "phrase"), GENERAL_MISTAKES)
def test_general_score_mistakes(wrong, phrase):
    result = nb05.check_general_score(wrong)
    assert not result and phrase in result.message, result.message


def test_general_score_does_not_give_the_scores_away():
    result = nb05.check_general_score(lambda s, h, W, b: h @ s)
    first = nb05._general_cases()[0]
    assert result.message.startswith(first.label)
    for value in first.expected.e:
        assert f"{value:.4f}" not in result.message
