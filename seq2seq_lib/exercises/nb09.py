"""Checks for the exercises of notebook 09 (the decoding explorer): reading a decoding's steps.

The learner writes three of the computations one needs to find where a model goes wrong,
from a decoding's steps as ``decode_steps`` returns them: the ``k`` most probable tokens of
a step, the step the model was least sure of, and the first step whose token is wrong. The
cases are fixed, made-up probabilities (no model, no random draw from the global
generators), so a verdict is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

import torch

from ..explorer import Candidate, Step
from ..i18n import tr
from ..tasks.dates import date_vocabulary
from .engine import Case, Diagnosis, Exercise

# How the cases are named in verdicts (translated when the cases are built, so in the learner's language).
TOP_K_LABEL = "top_k on probability row {number} (k={k})"
STEPS_LABEL = "{name} on the steps of {output!r} ({count} steps)"
WRONG_STEP_LABEL = "first_wrong_step on the steps of {output!r}, the right answer {right!r}"
LABELS = (TOP_K_LABEL, STEPS_LABEL, WRONG_STEP_LABEL)


def _close(a: object, b: float, tol: float = 1e-5) -> bool:
    try:
        return abs(float(a) - b) <= tol * max(1.0, abs(b))
    except (TypeError, ValueError):
        return False


# -- exercise 1: the top k of a step ---------------------------------------------------------
@dataclass(frozen=True)
class _TopK:
    pairs: list[tuple[str, float]]  # the k most probable, most probable first
    ranking: list[str]  # every token, most probable first
    k: int


def _probability_rows() -> list[torch.Tensor]:
    """Fixed rows over the 27 date tokens: random-looking ones, and one as sure as a trained model."""
    generator = torch.Generator().manual_seed(909)  # its own generator: the global ones are left alone
    rows = [torch.softmax(3 * torch.randn(27, generator=generator, dtype=torch.float64), 0) for _ in range(3)]
    peaked = torch.full((27,), 1e-4, dtype=torch.float64)
    peaked[22], peaked[17], peaked[15] = 0.97, 0.01, 0.0074  # Mar, Dec, Apr
    rows.append(peaked / peaked.sum())
    return [row.float() for row in rows]


def _top_k_cases() -> list[Case]:
    vocab = date_vocabulary()
    cases = []
    for number, (row, k) in enumerate(zip(_probability_rows(), (3, 1, 5, 3), strict=True), start=1):
        order = row.argsort(descending=True, stable=True).tolist()
        ranking = [vocab.tokens[i] for i in order]
        pairs = [(vocab.tokens[i], float(row[i])) for i in order[:k]]
        cases.append(Case((row, vocab, k), _TopK(pairs, ranking, k), tr(TOP_K_LABEL, number=number, k=k)))
    return cases


def _tokens_of(got: list) -> list:
    return [pair[0] for pair in got]


def _same_top_k(got: list, e: _TopK) -> bool:
    if len(got) != e.k:
        return False
    for pair, (token, prob) in zip(got, e.pairs, strict=True):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            return False
        if pair[0] != token or isinstance(pair[1], bool) or not _close(pair[1], prob):
            return False
    return True


def _ids_for_tokens(got: list, e: _TopK) -> bool:
    if any(isinstance(t, str) for t in _tokens_of(got)):
        return False
    tokens = date_vocabulary().tokens
    return [tokens[int(t)] for t in _tokens_of(got)] == [t for t, _ in e.pairs][: len(got)]


def _pairs_swapped(got: list, e: _TopK) -> bool:
    return all(isinstance(pair[1], str) for pair in got)


def _least_probable(got: list, e: _TopK) -> bool:
    return set(_tokens_of(got)) == set(e.ranking[-len(got) :]) and e.k < len(e.ranking)


def _right_tokens_wrong_order(got: list, e: _TopK) -> bool:
    tokens = _tokens_of(got)
    return sorted(tokens) == sorted(t for t, _ in e.pairs) and tokens != [t for t, _ in e.pairs]


def _skips_the_first(got: list, e: _TopK) -> bool:
    return _tokens_of(got)[:1] == e.ranking[1:2]


def _right_tokens_wrong_probabilities(got: list, e: _TopK) -> bool:
    return _tokens_of(got) == [t for t, _ in e.pairs]


check_top_k = Exercise(
    name="top_k",
    cases=_top_k_cases,
    returns=list,
    returns_hint="return a list of (token, probability) pairs.",
    same=_same_top_k,
    diagnoses=(
        Diagnosis(
            lambda got, e: any(not isinstance(pair, (tuple, list)) or len(pair) != 2 for pair in got),
            "{label} gives {got}: each element should be one pair (token, probability).",
        ),
        Diagnosis(_pairs_swapped, "{label} gives {got}: each pair should be (token, probability), in that order."),
        Diagnosis(
            _ids_for_tokens,
            "{label} gives {got}: these are token ids. The explorer shows tokens: look each id up in vocab.tokens.",
        ),
        Diagnosis(
            lambda got, e: len(got) != e.k,
            "{label} gives {got}: a list of the wrong length. k says how many pairs to return.",
        ),
        Diagnosis(
            _least_probable,
            "{label} gives {got}: these are the least probable tokens. Sort from the most probable down "
            "(descending=True).",
        ),
        Diagnosis(
            _right_tokens_wrong_order,
            "{label} gives {got}: the right tokens, in the wrong order. The most probable comes first.",
        ),
        Diagnosis(
            _skips_the_first,
            "{label} gives {got}: the most probable token is missing. The top k starts with the token greedy "
            "decoding chooses.",
        ),
        Diagnosis(
            _right_tokens_wrong_probabilities,
            "{label} gives {got}: the right tokens, but not their probabilities. Return each token's value "
            "from probs as it is (no softmax or log on top).",
        ),
    ),
    otherwise="{label} gives {got}, which are not the k most probable tokens with their probabilities.",
    success="{name} lists the right tokens and probabilities in all {count} cases tried.",
)


# -- made-up decodings, as decode_steps returns them -------------------------------------
def _steps(tokens: list[str], probs: list[float], runners_up: list[float]) -> list[Step]:
    """Steps of a decoding: each chose ``tokens[i]`` with ``probs[i]``; its runner-up had ``runners_up[i]``."""
    vocab = date_vocabulary()
    steps = []
    for position, (token, prob, second) in enumerate(zip(tokens, probs, runners_up, strict=True), start=1):
        other = "Jan" if token != "Jan" else "Feb"
        rest = max(0.0, 1.0 - prob - second)
        third = "Sep" if token != "Sep" else "Oct"
        top = (Candidate(token, prob), Candidate(other, second), Candidate(third, min(rest, second)))
        steps.append(Step(position, token, vocab.token_to_id[token], prob, top, None))
    return steps


_DATE = ["0", "5", "/", "Mar", "/", "2", "0", "2", "4", "<EOS>"]
_DECODINGS = (
    # a well-trained model: sure of everything, least sure of the month
    (_DATE, [0.999, 0.998, 0.9998, 0.962, 0.9999, 0.997, 0.995, 0.993, 0.989, 0.9995]),
    # an under-trained one: unsure of the month and of the last year digit
    (
        ["3", "1", "/", "Jun", "/", "2", "0", "3", "3", "<EOS>"],
        [0.91, 0.64, 0.998, 0.244, 0.999, 0.97, 0.93, 0.71, 0.38, 0.99],
    ),
    # least sure at the very first step
    (
        ["1", "4", "/", "Jul", "/", "1", "9", "9", "9", "<EOS>"],
        [0.41, 0.95, 0.99, 0.88, 0.99, 0.97, 0.96, 0.9, 0.72, 0.98],
    ),
    # an untrained model: never writes <EOS>, least sure at the last step
    (
        ["9", "9", "9", "9", "/", "/", "/", "Oct", "Oct", "Oct"],
        [0.07, 0.069, 0.068, 0.066, 0.065, 0.064, 0.063, 0.061, 0.06, 0.052],
    ),
)
# The runner-up of each step: chosen so that the step whose runner-up is most probable is not the least sure one.
_RUNNERS_UP = (
    [0.0005, 0.001, 0.00005, 0.03, 0.00005, 0.002, 0.004, 0.006, 0.01, 0.0004],
    [0.05, 0.3, 0.001, 0.18, 0.0005, 0.02, 0.05, 0.28, 0.36, 0.005],
    [0.39, 0.04, 0.005, 0.11, 0.005, 0.02, 0.03, 0.08, 0.27, 0.01],
    [0.069, 0.068, 0.067, 0.065, 0.064, 0.063, 0.062, 0.06, 0.059, 0.051],
)


@dataclass(frozen=True)
class _Decoding:
    steps: list[Step]
    least_sure: int  # the position of the step with the lowest probability


def _decoding_cases(name: str) -> list[Case]:
    vocab = date_vocabulary()
    cases = []
    for (tokens, probs), runners_up in zip(_DECODINGS, _RUNNERS_UP, strict=True):
        steps = _steps(tokens, probs, runners_up)
        expected = _Decoding(steps, min(steps, key=lambda s: s.prob).position)
        output = vocab.decode([s.token_id for s in steps])
        cases.append(Case((steps,), expected, tr(STEPS_LABEL, name=name, output=output, count=len(steps))))
    return cases


# -- exercise 2: where the model hesitates ---------------------------------------------------
def _surest(e: _Decoding) -> int:
    return max(e.steps, key=lambda s: s.prob).position


def _strongest_runner_up(e: _Decoding) -> int:
    return max(e.steps, key=lambda s: s.top[1].prob).position


check_least_sure_step = Exercise(
    name="least_sure_step",
    cases=lambda: _decoding_cases("least_sure_step"),
    returns=Integral,
    returns_hint="return the step's position as a whole number (int), as the step slider shows it.",
    same=lambda got, e: got == e.least_sure,
    diagnoses=(
        Diagnosis(
            lambda got, e: got == e.least_sure - 1,
            "{label} gives {got}: that counts from 0. The slider and Step.position count steps from 1.",
        ),
        Diagnosis(
            lambda got, e: got == _surest(e),
            "{label} gives {got}: the step the model is surest of. Look for the lowest probability.",
        ),
        Diagnosis(
            lambda got, e: got == _strongest_runner_up(e),
            "{label} gives {got}: the step whose runner-up (step.top[1]) is most probable. The question is about "
            "the chosen token's own probability, step.prob.",
        ),
        Diagnosis(
            lambda got, e: not 1 <= got <= len(e.steps),
            "{label} gives {got}, which is not a step of this decoding: positions run from 1 to the number of steps.",
        ),
    ),
    otherwise="{label} gives {got}: at that step the chosen token is not the least probable one. Compare "
    "step.prob across the steps.",
    success="{name} finds the least sure step of all {count} decodings tried.",
)


# -- exercise 3: where the model goes wrong -------------------------------------------------------
# (the decoding's tokens, the right answer's tokens with <EOS>): each case's first wrong step differs
_RIGHT_ANSWERS = (
    ["0", "5", "/", "Mar", "/", "2", "0", "2", "4", "<EOS>"],  # the decoding is right
    ["3", "1", "/", "Jul", "/", "2", "0", "3", "3", "<EOS>"],  # wrong at the month
    ["1", "4", "/", "Jul", "/", "1", "9", "8", "9", "<EOS>"],  # wrong at a year digit, after the month
    ["0", "9", "/", "Oct", "/", "1", "9", "9", "9", "<EOS>"],  # wrong from the first step on, never stops
)
_EARLY_STOP = (["0", "5", "/", "Mar", "<EOS>"], [0.9, 0.9, 0.9, 0.5, 0.4])  # <EOS> where "/" belongs
_RUNS_ON = (["0", "5", "/", "Mar", "/", "2", "0", "2", "4", "4", "<EOS>"], [0.9] * 9 + [0.3, 0.9])  # one digit too many


@dataclass(frozen=True)
class _FirstWrong:
    steps: list[Step]
    right: list[str]
    first_wrong: int | None  # the position of the first wrong step, None if the output is right
    by_characters: int | None  # what comparing the two texts character by character gives (counted from 1)
    last_wrong: int | None


def _first_difference(a: list[str], b: list[str]) -> int | None:
    """The position (from 1) where two token lists first differ, a missing token counting as a difference."""
    for position in range(1, max(len(a), len(b)) + 1):
        if position > len(a) or position > len(b) or a[position - 1] != b[position - 1]:
            return position
    return None


def _first_wrong_cases() -> list[Case]:
    vocab = date_vocabulary()
    decodings = [
        (tokens, probs, runners_up) for (tokens, probs), runners_up in zip(_DECODINGS, _RUNNERS_UP, strict=True)
    ]
    decodings += [(tokens, probs, [0.05] * len(tokens)) for tokens, probs in (_EARLY_STOP, _RUNS_ON)]
    rights = [*_RIGHT_ANSWERS, _RIGHT_ANSWERS[0], _RIGHT_ANSWERS[0]]
    cases = []
    for (tokens, probs, runners_up), right in zip(decodings, rights, strict=True):
        steps = _steps(tokens, probs, runners_up)
        wrong = [s.position for s in steps if s.position > len(right) or s.token != right[s.position - 1]]
        output, right_text = vocab.decode([s.token_id for s in steps]), vocab.decode(vocab.encode(right))
        by_characters = _first_difference(list(output), list(right_text))
        expected = _FirstWrong(steps, right, _first_difference(tokens, right), by_characters, max(wrong, default=None))
        cases.append(Case((steps, right), expected, tr(WRONG_STEP_LABEL, output=output, right=right_text)))
    return cases


check_first_wrong_step = Exercise(
    name="first_wrong_step",
    cases=_first_wrong_cases,
    returns=(Integral, type(None)),
    returns_hint="return the step's position as a whole number (int), or None when the output is right.",
    same=lambda got, e: got == e.first_wrong if e.first_wrong is not None else got is None,
    diagnoses=(
        Diagnosis(
            lambda got, e: e.first_wrong is None,
            "{label} gives {got}: every step of this decoding writes the right token, and then the answer is None.",
        ),
        Diagnosis(
            lambda got, e: got is None,
            "{label} gives None, but the output is not right. Compare each step's token with the right answer's "
            "token at the same position, <EOS> included.",
        ),
        Diagnosis(
            lambda got, e: got == e.first_wrong - 1,
            "{label} gives {got}: that counts from 0. The slider and Step.position count steps from 1.",
        ),
        Diagnosis(
            lambda got, e: e.by_characters is not None and got in (e.by_characters, e.by_characters - 1),
            "{label} gives {got}: that compares the two texts character by character. A month is one token of "
            "three characters: compare step.token with the right answer's tokens, one step at a time.",
        ),
        Diagnosis(
            lambda got, e: got == e.last_wrong,
            "{label} gives {got}: the last wrong step. The question is about the first one, where the decoding "
            "leaves the right answer.",
        ),
    ),
    otherwise="{label} gives {got}: at that step the token is not the first that differs from the right answer.",
    success="{name} finds where each of the {count} decodings tried leaves the right answer.",
)


__all__ = ["LABELS", "check_first_wrong_step", "check_least_sure_step", "check_top_k"]
