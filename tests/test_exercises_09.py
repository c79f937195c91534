"""Notebook 09's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from seq2seq_lib.exercises import nb09
from seq2seq_lib.i18n import set_language
from seq2seq_lib.i18n.zh import ZH

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


# -- exercise 2: sequence_log_prob ---------------------------------------------------------------

LOG_PROB_MISTAKES = [
    (lambda steps: math.prod(s.prob for s in steps), "the output's probability"),
    (lambda steps: -sum(math.log(s.prob) for s in steps), "never above 0"),
    (lambda steps: sum(math.log10(s.prob) for s in steps), "base 10"),
    (lambda steps: float(np.mean([math.log(s.prob) for s in steps])), "the mean"),
    (lambda steps: sum(math.log(s.prob) for s in steps[:-1]), "last step is left out"),
    (lambda steps: sum(math.log(s.prob) for s in steps[1:]), "first step is left out"),
    (lambda steps: sum(s.prob for s in steps), "adds the probabilities themselves"),
    (lambda steps: math.log(sum(s.prob for s in steps)), "logarithm of a sum"),
    (lambda steps: sum(math.log(s.top[1].prob) for s in steps), "step.prob"),
    (lambda steps: torch.tensor([s.prob for s in steps]).log().sum(), "float(...)"),
]


@pytest.mark.parametrize(("wrong", "phrase"), LOG_PROB_MISTAKES)
def test_sequence_log_prob_mistakes(wrong, phrase):
    result = nb09.check_sequence_log_prob(wrong)
    assert not result and phrase in result.message, result.message


def test_sequence_log_prob_accepts_torch_and_numpy():
    assert nb09.check_sequence_log_prob(lambda steps: torch.tensor([s.prob for s in steps]).log().sum().item())
    assert nb09.check_sequence_log_prob(lambda steps: np.log([s.prob for s in steps]).sum())


def test_sequence_log_prob_does_not_give_the_answer_away():
    result = nb09.check_sequence_log_prob(LOG_PROB_MISTAKES[3][0])
    expected = nb09._decoding_cases("sequence_log_prob")[0].expected.log_prob
    assert "'05/Mar/2024'" in result.message
    for digits in (2, 3, 4):
        assert f"{expected:.{digits}f}" not in result.message


# -- exercise 3: least_sure_step -----------------------------------------------------------------

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
