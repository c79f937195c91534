"""Notebook 09's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from seq2seq_lib.exercises import nb09
from seq2seq_lib.i18n import set_language, translations

ZH = translations("zh")

# -- exercise 1: top_k -------------------------------------------------------------------------


def _pairs(probs, vocab, order):
    return [(vocab.tokens[i], float(probs[i])) for i in order]


TOP_K_MISTAKES = [
    (lambda p, v, k: _pairs(p, v, p.argsort()[:k].tolist()), "least probable tokens"),  # ascending sort
    (lambda p, v, k: _pairs(p, v, p.argsort()[-k:].tolist()), "in the wrong order"),  # the right k, smallest first
    (lambda p, v, k: [(i, float(p[i])) for i in p.argsort(descending=True)[:k].tolist()], "token ids"),
    (lambda p, v, k: [(float(p[i]), v.tokens[i]) for i in p.argsort(descending=True)[:k].tolist()], "in that order"),
    (lambda p, v, k: _pairs(p, v, p.argsort(descending=True)[: k + 1].tolist()), "wrong length"),
    (lambda p, v, k: _pairs(p, v, p.argsort(descending=True)[1 : k + 1].tolist()), "most probable token is missing"),
    (
        lambda p, v, k: [(v.tokens[i], float(torch.softmax(p, 0)[i])) for i in p.argsort(descending=True)[:k].tolist()],
        "not their probabilities",
    ),
    (
        lambda p, v, k: [(v.tokens[i], float(p.log()[i])) for i in p.argsort(descending=True)[:k].tolist()],
        "not their probabilities",
    ),
    (lambda p, v, k: [v.tokens[i] for i in p.argsort(descending=True)[:k].tolist()], "one pair (token, probability)"),
    (lambda p, v, k: {v.tokens[i]: float(p[i]) for i in p.argsort(descending=True)[:k].tolist()}, "a list of"),
]


@pytest.mark.parametrize(("wrong", "phrase"), TOP_K_MISTAKES)
def test_top_k_mistakes(wrong, phrase):
    result = nb09.check_top_k(wrong)
    assert not result and phrase in result.message, result.message


def test_top_k_accepts_candidates_tensors_and_lists():
    def with_topk(p, v, k):  # torch.topk, its values left as 0-d tensors, pairs as lists
        values, ids = p.topk(k)
        return [[v.tokens[i], value] for i, value in zip(ids.tolist(), values, strict=True)]

    assert nb09.check_top_k(with_topk)


def test_top_k_does_not_give_the_answer_away():
    result = nb09.check_top_k(TOP_K_MISTAKES[0][0])
    first = nb09._top_k_cases()[0]
    assert first.label in result.message
    for token, prob in first.expected.pairs:
        assert f"'{token}'" not in result.message and f"{prob:.3f}"[:5] not in result.message


# -- exercise 2: least_sure_step -----------------------------------------------------------------

LEAST_SURE_MISTAKES = [
    (lambda steps: min(range(len(steps)), key=lambda i: steps[i].prob), "counts from 0"),
    (lambda steps: max(steps, key=lambda s: s.prob).position, "surest of"),
    (lambda steps: max(steps, key=lambda s: s.top[1].prob).position, "runner-up"),
    (lambda steps: min(steps, key=lambda s: s.prob), "whole number"),  # the Step itself
    (lambda steps: min(s.prob for s in steps), "whole number"),  # the probability
    (lambda steps: torch.tensor([s.prob for s in steps]).argmin() + 1, "whole number"),
    (lambda steps: len(steps) + 1, "not a step of this decoding"),
    (lambda steps: 4, "not the least probable one"),  # the month step, whatever the decoding
]


@pytest.mark.parametrize(("wrong", "phrase"), LEAST_SURE_MISTAKES)
def test_least_sure_step_mistakes(wrong, phrase):
    result = nb09.check_least_sure_step(wrong)
    assert not result and phrase in result.message, result.message


def test_least_sure_step_accepts_numpy_integers():
    assert nb09.check_least_sure_step(lambda steps: np.argmin([s.prob for s in steps]) + 1)


def test_least_sure_step_does_not_give_the_answer_away():
    result = nb09.check_least_sure_step(LEAST_SURE_MISTAKES[7][0])
    cases = nb09._decoding_cases("least_sure_step")
    failed = next(c for c in cases if c.expected.least_sure != 4)
    assert failed.label in result.message
    assert f"{failed.label} gives 4:" in result.message
    assert str(failed.expected.least_sure) not in result.message.replace(failed.label, "").replace("gives 4", "")


# -- exercise 3: first_wrong_step -----------------------------------------------------------------


def _by_characters(steps, right):
    output, answer = "".join(s.token for s in steps if s.token != "<EOS>"), "".join(t for t in right if t != "<EOS>")
    for i, (a, b) in enumerate(zip(output, answer, strict=False)):
        if a != b:
            return i + 1
    return None if output == answer else min(len(output), len(answer)) + 1


def _first_from_zero(steps, right):
    for i, (step, token) in enumerate(zip(steps, right, strict=False)):
        if step.token != token:
            return i
    return None


def _last_wrong(steps, right):
    wrong = [s.position for s in steps if s.position > len(right) or s.token != right[s.position - 1]]
    return wrong[-1] if wrong else None


FIRST_WRONG_MISTAKES = [
    (_first_from_zero, "counts from 0"),
    (_by_characters, "character by character"),
    (_last_wrong, "the last wrong step"),
    (
        lambda steps, right: next((s.position for s, t in zip(steps, right, strict=False) if s.token != t), 0),
        "then the answer is None",
    ),
    (lambda steps, right: None, "the output is not right"),
    (
        lambda steps, right: next((s.token for s, t in zip(steps, right, strict=False) if s.token != t), None),
        "whole number",
    ),
    (lambda steps, right: None if [s.token for s in steps] == right else 4, "not the first that differs"),  # the month
]


@pytest.mark.parametrize(("wrong", "phrase"), FIRST_WRONG_MISTAKES)
def test_first_wrong_step_mistakes(wrong, phrase):
    result = nb09.check_first_wrong_step(wrong)
    assert not result and phrase in result.message, result.message


def test_first_wrong_step_accepts_the_short_zip_answer():
    assert nb09.check_first_wrong_step(
        lambda steps, right: next((s.position for s, t in zip(steps, right, strict=False) if s.token != t), None)
    )


def test_the_first_wrong_cases_cover_a_right_output_an_early_stop_and_one_that_runs_on():
    cases = nb09._first_wrong_cases()
    firsts = [c.expected.first_wrong for c in cases]
    assert None in firsts and 1 in firsts and 4 in firsts
    assert any(len(c.args[0]) < len(c.args[1]) for c in cases) and any(len(c.args[0]) > len(c.args[1]) for c in cases)
    assert any(c.expected.by_characters not in (c.expected.first_wrong, None) for c in cases)


# -- every case is one the diagnoses can tell apart ----------------------------------------------


def test_the_decoding_cases_tell_the_mistakes_apart():
    cases = nb09._decoding_cases("least_sure_step")
    assert {c.expected.least_sure for c in cases} >= {1, 4, len(cases[0].args[0])}
    assert any(nb09._strongest_runner_up(c.expected) != c.expected.least_sure for c in cases)
    for case in cases:
        (steps,) = case.args
        assert [s.position for s in steps] == list(range(1, len(steps) + 1))
        for step in steps:
            probs = [c.prob for c in step.top]
            assert probs == sorted(probs, reverse=True) and sum(probs) <= 1 + 1e-9 and step.top[0].prob == step.prob


def test_labels_are_translated():
    assert all(label in ZH for label in nb09.LABELS)
    try:
        set_language("zh")
        result = nb09.check_least_sure_step(LEAST_SURE_MISTAKES[0][0])
        assert result.message.startswith("least_sure_step 作用于") and "从 0 开始" in result.message, result.message
    finally:
        set_language("en")
