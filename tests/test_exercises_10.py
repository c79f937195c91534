"""Notebook 10's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import math

import pytest
import torch

from seq2seq_lib.exercises import nb10

# -- exercise 1: attention -----------------------------------------------------------------------


def _scores(q, k):
    return q @ k.T


ATTENTION_MISTAKES = [
    (lambda q, k, v: torch.softmax(_scores(q, k), dim=-1) @ v, "not scaled"),
    (lambda q, k, v: torch.softmax(_scores(q, k) / q.shape[-1], dim=-1) @ v, "divided by d_k itself"),
    (lambda q, k, v: torch.softmax(_scores(q, k) / math.sqrt(q.shape[-1]), dim=0) @ v, "runs over the queries"),
    (lambda q, k, v: (_scores(q, k) / math.sqrt(q.shape[-1])) @ v, "without a softmax"),
    (lambda q, k, v: torch.softmax(_scores(q, k) / math.sqrt(q.shape[-1]), dim=-1), "look like the weights"),
    (lambda q, k, v: q @ k @ v, "raised RuntimeError"),  # k not transposed
    (lambda q, k, v: v.sum(dim=0).expand(q.shape[0], -1).clone(), "plain sum of the values"),
    (lambda q, k, v: (torch.softmax(_scores(q, k) / math.sqrt(q.shape[-1]), dim=-1) @ v).T, "wrong shape"),
    (lambda q, k, v: (torch.softmax(_scores(q, k) / math.sqrt(q.shape[-1]), dim=-1) @ v).numpy(), "torch.Tensor"),
    (lambda q, k, v: torch.softmax(_scores(q, k) / math.sqrt(k.shape[0]), dim=-1) @ v, "differs from softmax"),
]


@pytest.mark.parametrize(("wrong", "phrase"), ATTENTION_MISTAKES)
def test_attention_mistakes(wrong, phrase):
    result = nb10.check_attention(wrong)
    assert not result and phrase in result.message, result.message


def test_attention_names_the_case_but_not_the_answer():
    q, k, v = nb10._attention_cases()[0].args
    right = torch.softmax(q @ k.T / 2.0, dim=-1) @ v  # d_k = 4 in the first case
    result = nb10.check_attention(lambda q, k, v: torch.softmax(q @ k.T, dim=-1) @ v)
    assert "case 1 (q of shape [3, 4], k of shape [5, 4], v of shape [5, 2])" in result.message
    assert f"{right[0, 0].item():.4f}"[:6] not in result.message
    assert "tensor(" not in result.message


# -- exercise 2: causal_mask ---------------------------------------------------------------------

MASK_MISTAKES = [
    (lambda n: torch.ones(n, n, dtype=torch.bool).triu(), "transposed"),
    (lambda n: torch.ones(n, n).tril(), "holds numbers"),
    (lambda n: torch.ones(n, n, dtype=torch.bool).tril(-1), "the diagonal is False"),
    (lambda n: ~torch.ones(n, n, dtype=torch.bool).tril(), "True and False are swapped"),
    (lambda n: torch.ones(n, n, dtype=torch.bool), "every key is allowed"),
    (lambda n: torch.ones(n, dtype=torch.bool), "wrong shape"),
    (lambda n: torch.ones(n, n, dtype=torch.bool).tril().tolist(), "torch.bool"),
    (lambda n: torch.ones(n, n, dtype=torch.bool).tril(1), "is not right"),
]


@pytest.mark.parametrize(("wrong", "phrase"), MASK_MISTAKES)
def test_causal_mask_mistakes(wrong, phrase):
    result = nb10.check_causal_mask(wrong)
    assert not result and phrase in result.message, result.message


def test_causal_mask_does_not_show_the_mask():
    result = nb10.check_causal_mask(lambda n: torch.ones(n, n, dtype=torch.bool).triu())
    assert "causal_mask(4)" in result.message
    assert "transposed" in result.message
    assert "tensor(" not in result.message and "[[" not in result.message and "tril" not in result.message


# -- exercise 3: split_heads ---------------------------------------------------------------------


def _head_last(x, heads):
    b, t, d = x.shape
    return x.view(b, t, heads, d // heads)


HEADS_MISTAKES = [
    (_head_last, "[B, T, heads, d_k]"),
    (lambda x, h: x.reshape(x.shape[0], h, x.shape[1], x.shape[2] // h), "mixed up"),
    (lambda x, h: x.view(x.shape[0], x.shape[1], x.shape[2] // h, h).permute(0, 3, 1, 2), "head i % heads"),
    (lambda x, h: _head_last(x, h).permute(0, 2, 3, 1), "wrong shape"),
    (lambda x, h: x.unsqueeze(1), "wrong shape"),
    (lambda x, h: _head_last(x, h).transpose(1, 2).flip(1), "the numbers are not"),
    (lambda x, h: _head_last(x, h).transpose(1, 2).numpy(), "return a torch.Tensor"),
]


@pytest.mark.parametrize(("wrong", "phrase"), HEADS_MISTAKES)
def test_split_heads_mistakes(wrong, phrase):
    result = nb10.check_split_heads(wrong)
    assert not result and phrase in result.message, result.message


def test_split_heads_names_the_case_but_not_the_answer():
    result = nb10.check_split_heads(_head_last)
    assert "split_heads(x of shape [2, 3, 8], heads=2)" in result.message
    assert "[2, 2, 3, 4]" not in result.message and "tensor(" not in result.message
