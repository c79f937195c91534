"""The exercise checks of notebooks 04-06: solutions pass, plausible mistakes and stubs do not."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from seq2seq_lib.exercises import CheckResult, nb04, nb05, nb06

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def load_solutions(name: str):
    spec = importlib.util.spec_from_file_location(f"solutions_{name}", SOLUTIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTION_FILES = ("04_teacher_forcing_vs_autoregression", "05_attention_math", "06_attention_seq2seq")


@pytest.mark.parametrize("name", SOLUTION_FILES)
def test_solutions_pass_every_check(name, capsys):
    results = load_solutions(name).run_checks()
    assert results and all(isinstance(r, CheckResult) for r in results)
    failed = [str(r) for r in results if not r.passed]
    assert not failed, failed
    printed = capsys.readouterr().out
    assert printed.count("Correct! ") == len(results)


def stub(*args):
    raise NotImplementedError  # what the notebooks hand out


def naive_softmax(scores):
    e = np.exp(scores)
    return e / e.sum(axis=-1, keepdims=True)


def flat_softmax(scores):
    e = np.exp(scores - scores.max())
    return e / e.sum()  # one distribution over the whole array, not one per row


def in_place_softmax(scores):
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    return scores


def stable_softmax(scores):
    return load_solutions("05_attention_math").softmax(scores)


def _entropy_bits(alpha):
    alpha = np.asarray(alpha, dtype=np.float64)
    return -(alpha * np.log2(np.where(alpha > 0, alpha, 1.0))).sum(axis=1)


def _mistakes(p, t):
    return [a != b for a, b in zip(p, t, strict=True)]


def _first_or_none(wrong):
    return wrong.index(True) if True in wrong else None


def _shares(alpha, fields):
    return {name: alpha[:, positions].sum(axis=1) for name, positions in fields.items()}


FIELDS = {"year": [0, 1], "separators": [2, 5], "month": [3, 4], "day": [6, 7]}
FIELDS_FROM_1 = {"year": [1, 2], "separators": [3, 6], "month": [4, 5], "day": [7, 0]}
FIELDS_REVERSED = {"year": [6, 7], "separators": [2, 5], "month": [3, 4], "day": [0, 1]}


# check -> plausible wrong answers, each of which the check must refuse.
WRONG_ANSWERS = {
    nb04.check_shift_targets: [
        lambda y: (y[:, 1:], y[:, :-1]),  # swapped
        lambda y: (y, y[:, 1:]),  # inputs not shortened
        lambda y: (y[:, :-1], y[:, :-1]),  # targets not shifted
        lambda y: (y[:, 1:-1], y[:, 2:]),  # <GO> dropped
        lambda y: (y[:, :10], y[:, 1:11]),  # hard-coded date width
    ],
    nb04.check_linear_schedule: [
        lambda epoch, n: 1.0 - epoch / n,  # leaves [0, 1]
        lambda epoch, n: epoch / n if epoch < n else 1.0,  # rises instead of falling
        lambda epoch, n: max(0.0, 1.0 - epoch / (n + 1)),  # off by one
        lambda epoch, n: 1.0 if epoch < n else 0.0,  # a step, not a line
        lambda epoch, n: 0.5,
    ],
    nb04.check_errors_after_first: [
        lambda p, t: sum(_mistakes(p, t)),  # counts the first mistake too
        lambda p, t: 0 if _first_or_none(_mistakes(p, t)) is None else len(p) - _first_or_none(_mistakes(p, t)) - 1,
        lambda p, t: 0,
    ],
    nb05.check_softmax: [naive_softmax, flat_softmax, in_place_softmax, lambda s: np.exp(s) / 3.0],
    nb05.check_context_vector: [
        lambda alpha, h: alpha[:, None] * h,  # not summed
        lambda alpha, h: (alpha[:, None] * h).sum(axis=1),  # summed over the wrong axis
        lambda alpha, h: h.mean(axis=0),  # ignores the weights
        lambda alpha, h: h.sum(axis=0),
    ],
    nb05.check_masked_softmax: [
        lambda s, m: stable_softmax(s),  # mask ignored
        lambda s, m: stable_softmax(s) * m,  # zeroed but not renormalised
        lambda s, m: stable_softmax(np.where(m, s, 0.0)),  # padding scored 0 instead of removed
        lambda s, m: np.where(m, np.exp(s) / np.exp(s[m]).sum(), 0.0),  # overflows on large scores
    ],
    nb05.check_general_score: [
        lambda s, h, W, b: (h @ W.T) @ s,  # bias forgotten
        lambda s, h, W, b: (h @ W + b) @ s,  # W transposed
        lambda s, h, W, b: h @ s,  # the dot score
        lambda s, h, W, b: (h @ W.T + b).sum(axis=1),
    ],
    nb06.check_most_attended: [
        lambda alpha: alpha.argmax(axis=0),  # wrong axis
        lambda alpha: alpha.max(axis=1),  # weights, not positions
        lambda alpha: alpha.argmin(axis=1),
        lambda alpha: alpha.argmax(axis=1) + 1,  # counted from 1
    ],
    nb06.check_field_shares: [
        lambda alpha: _shares(alpha, FIELDS_FROM_1),  # positions counted from 1
        lambda alpha: _shares(alpha, FIELDS_REVERSED),  # day and year swapped
        lambda alpha: {k: v for k, v in _shares(alpha, FIELDS).items() if k != "separators"},
        lambda alpha: {k: alpha[:, p].max(axis=1) for k, p in FIELDS.items()},  # max, not sum
        lambda alpha: {k: alpha[p].sum(axis=1) for k, p in FIELDS.items()},  # rows, not columns
    ],
    nb06.check_attention_entropy: [
        _entropy_bits,
        lambda alpha: -(alpha * np.log(alpha)).sum(axis=1),  # nan for zero weights
        lambda alpha: (alpha * np.log(np.where(alpha > 0, alpha, 1.0))).sum(axis=1),  # sign
        lambda alpha: -(alpha * np.log(np.where(alpha > 0, alpha, 1.0))).sum(axis=0),  # wrong axis
    ],
}

CASES = [(check, k, wrong) for check, answers in WRONG_ANSWERS.items() for k, wrong in enumerate(answers)]


@pytest.mark.parametrize(("check", "k", "wrong"), CASES, ids=[f"{c.__name__}-{k}" for c, k, _ in CASES])
def test_checks_refuse_wrong_answers(check, k, wrong, capsys):
    result = check(wrong)
    assert isinstance(result, CheckResult)
    assert not result.passed, f"{check.__name__} accepted wrong answer #{k}: {result}"
    printed = capsys.readouterr().out
    assert printed.startswith("Not yet: ")
    assert "Traceback" not in printed


@pytest.mark.parametrize("check", list(WRONG_ANSWERS), ids=lambda c: c.__name__)
def test_checks_report_a_stub_as_not_written(check, capsys):
    result = check(stub)
    assert not result.passed
    assert "is not written yet" in result.message
    assert capsys.readouterr().out.strip() == str(result)


def test_every_check_of_notebooks_04_06_is_covered():
    checks = {getattr(m, n) for m in (nb04, nb05, nb06) for n in dir(m) if n.startswith("check_")}
    assert checks == set(WRONG_ANSWERS)
