"""Notebook 11's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import pytest
import torch

from seq2seq_lib.exercises import nb11


# -- exercise 1: pad_batch --------------------------------------------------------------------------
def padded(sources, vocab, pad=None, left=False, width=None, dtype=torch.long):
    rows = [vocab.encode(source) for source in sources]
    width = width or max(len(row) for row in rows)
    pad = vocab.pad_id if pad is None else pad
    filled = [[pad] * (width - len(r)) + r if left else r + [pad] * (width - len(r)) for r in rows]
    return torch.tensor(filled, dtype=dtype)


PAD_MISTAKES = [
    (lambda s, v: padded(s, v, dtype=torch.float32), "floating-point"),
    (lambda s, v: padded(s, v, dtype=torch.int32), "dtype is not torch.long"),
    (lambda s, v: padded(s, v).T, "rows and columns are swapped"),
    (lambda s, v: padded(s, v, left=True), "padding is on the left"),
    (lambda s, v: padded(s, v, width=29), "longer than the batch's longest source"),
    (lambda s, v: padded([x[: min(map(len, s))] for x in s], v), "cut off"),
    (lambda s, v: padded(s, v, pad=v.eos_id), "the padding is not <PAD>"),
    (lambda s, v: [v.encode(x) for x in s], "return a tensor of ids"),
    (lambda s, v: padded(s[::-1], v), "each row holds a source's ids"),
]


@pytest.mark.parametrize(("wrong", "phrase"), PAD_MISTAKES)
def test_pad_batch_mistakes(wrong, phrase):
    result = nb11.check_pad_batch(wrong)
    assert not result and phrase in result.message, result.message


def test_pad_batch_names_the_batch_not_the_ids():
    result = nb11.check_pad_batch(lambda s, v: padded(s, v, left=True))
    assert "pad_batch(['2024/3/5', 'march 5, 2024', '2024-03-05'], vocab)" in result.message
    assert "tensor(" not in result.message


# -- exercise 2: masked_softmax ---------------------------------------------------------------------
SOFTMAX_MISTAKES = [
    (lambda s, m: torch.softmax(s, dim=-1), "the mask is not used"),
    (lambda s, m: torch.softmax(s.masked_fill(~m, 0.0), dim=-1), "A score of 0 is not 'no weight'"),
    (lambda s, m: torch.softmax(s * m, dim=-1), "A score of 0 is not 'no weight'"),
    (lambda s, m: torch.softmax(s, dim=-1) * m, "the rows no longer sum to 1"),
    (lambda s, m: torch.softmax(s.masked_fill(m, float("-inf")), dim=-1), "read upside down"),
    (lambda s, m: torch.softmax(s.masked_fill(~m, float("-inf")), dim=0), "runs over the batch"),
    (lambda s, m: torch.softmax(s.masked_fill(~m, float("-inf")) * m, dim=-1), "NaN"),  # -inf * 0 is NaN
    (lambda s, m: torch.softmax(s.masked_fill(~m, float("-inf")), dim=-1)[:, :-1], "shaped like scores"),
    (lambda s, m: s.masked_fill(~m, float("-inf")).argmax(dim=-1), "shaped like scores"),
    (lambda s, m: "weights", "return a tensor of weights"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SOFTMAX_MISTAKES)
def test_masked_softmax_mistakes(wrong, phrase):
    result = nb11.check_masked_softmax(wrong)
    assert not result and phrase in result.message, result.message


@pytest.mark.parametrize(
    "right",
    [
        lambda s, m: torch.softmax(s.masked_fill(~m, -1e9), dim=-1),  # a very large negative score
        lambda s, m: (w := torch.softmax(s, dim=-1) * m) / w.sum(dim=-1, keepdim=True),  # renormalized after
        lambda s, m: torch.softmax(s + m.float().log(), dim=-1),  # log(0) = -inf on the padding
    ],
)
def test_masked_softmax_accepts_other_right_answers(right):
    assert nb11.check_masked_softmax(right)


def test_masked_softmax_does_not_change_the_learners_tensors_for_the_next_case():
    def in_place(scores, mask):
        scores.masked_fill_(~mask, float("-inf"))
        return torch.softmax(scores, dim=-1)

    assert nb11.check_masked_softmax(in_place)


# -- exercise 3: per_form_exact_match ---------------------------------------------------------------
def scores_by(rule):
    def answer(outputs, targets, forms):
        result = {}
        for form in dict.fromkeys(forms):
            rows = [i for i, f in enumerate(forms) if f == form]
            result[form] = rule(rows, outputs, targets)
        return result

    return answer


def right(rows, o, t):
    return sum(o[i] == t[i] for i in rows)


SCORE_MISTAKES = [
    (scores_by(right), "counts of right outputs"),
    (scores_by(lambda rows, o, t: right(rows, o, t) / len(o)), "divided by the number of all examples"),
    (scores_by(lambda rows, o, t: 1 - right(rows, o, t) / len(rows)), "shares of wrong outputs"),
    (scores_by(lambda rows, o, t: right(range(len(o)), o, t) / len(o)), "the score of the whole set"),
    (
        scores_by(
            lambda rows, o, t: (
                sum(a == b for i in rows for a, b in zip(o[i], t[i], strict=False)) / sum(len(t[i]) for i in rows)
            )
        ),
        "counts right characters",
    ),
    (lambda o, t, f: {"all": sum(a == b for a, b in zip(o, t, strict=True)) / len(o)}, "one key per form"),
    (lambda o, t, f: [(form, 1.0) for form in f], "return a dict"),
    (scores_by(lambda rows, o, t: "high"), "should be a number"),
    (scores_by(lambda rows, o, t: 0.5), "for each form, the share"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SCORE_MISTAKES)
def test_per_form_exact_match_mistakes(wrong, phrase):
    result = nb11.check_per_form_exact_match(wrong)
    assert not result and phrase in result.message, result.message


def test_per_form_exact_match_accepts_numpy_floats_and_fractions():
    import numpy as np

    def answer(outputs, targets, forms):
        right = np.array(outputs) == np.array(targets)
        forms = np.array(forms)
        return {form: right[forms == form].mean() for form in dict.fromkeys(forms.tolist())}

    assert nb11.check_per_form_exact_match(answer)


def test_per_form_exact_match_does_not_give_the_shares_away():
    result = nb11.check_per_form_exact_match(scores_by(right))
    assert "0.666" not in result.message and "0.6667" not in result.message
