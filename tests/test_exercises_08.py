"""Notebook 08's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, verdicts that never give the answer away, and
the notebook's own printed texts (tr() in its code cells) translated.
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from seq2seq_lib.decoding import Hypothesis
from seq2seq_lib.exercises import nb08
from seq2seq_lib.i18n import translations

ZH = translations("zh")

ROOT = Path(__file__).resolve().parent.parent

# -- exercise 1: beam_step -----------------------------------------------------------------------


def _kept(candidates, k):
    scores, flat = candidates.reshape(-1).topk(k)
    return flat, scores


def right_step(beam_scores, log_probs, k):
    flat, scores = _kept(beam_scores[:, None] + log_probs, k)
    return flat // log_probs.shape[1], flat % log_probs.shape[1], scores


def token_only(beam_scores, log_probs, k):
    flat, _ = _kept(log_probs, k)
    v = log_probs.shape[1]
    return flat // v, flat % v, (beam_scores[:, None] + log_probs).reshape(-1)[flat]


def multiplied(beam_scores, log_probs, k):
    candidates = (beam_scores[:, None] * log_probs).nan_to_num(-1e300)
    flat, scores = _kept(candidates, k)
    return flat // log_probs.shape[1], flat % log_probs.shape[1], scores


def per_beam_best(beam_scores, log_probs, k):
    best, tokens = (beam_scores[:, None] + log_probs).max(dim=1)
    order = best.argsort(descending=True)
    return order, tokens[order], best[order]


def split_by_k(beam_scores, log_probs, k):
    flat, scores = _kept(beam_scores[:, None] + log_probs, k)
    return flat % k, flat // k, scores


def worst(beam_scores, log_probs, k):
    candidates = beam_scores[:, None] + log_probs
    scores, flat = candidates.nan_to_num(0.0, 0.0, 0.0).reshape(-1).topk(k, largest=False)
    return flat // log_probs.shape[1], flat % log_probs.shape[1], scores


def token_scores(beam_scores, log_probs, k):
    parents, tokens, _ = right_step(beam_scores, log_probs, k)
    return parents, tokens, log_probs[parents, tokens]


def swapped(beam_scores, log_probs, k):
    parents, tokens, scores = right_step(beam_scores, log_probs, k)
    return tokens, parents, scores


def too_wide(beam_scores, log_probs, k):
    flat, scores = _kept(beam_scores[:, None] + log_probs, 2 * k)
    return flat // log_probs.shape[1], flat % log_probs.shape[1], scores


STEP_MISTAKES = [
    (token_only, "the new token's log probability alone"),
    (multiplied, "logarithms add"),
    (per_beam_best, "each beam's best continuation"),
    (split_by_k, "split wrongly"),
    (worst, "the k worst"),
    (token_scores, "the scores returned are the tokens' log probabilities"),
    (swapped, "parents and tokens are swapped"),
    (too_wide, "stay k wide"),
    (lambda s, lp, k: right_step(s, lp, k)[:2], "did not return three sequences"),
    (lambda s, lp, k: (*right_step(s, lp, k)[:2], right_step(s, lp, k)[2].exp()), "their scores are not"),
]


@pytest.mark.parametrize(("wrong", "phrase"), STEP_MISTAKES)
def test_beam_step_mistakes(wrong, phrase):
    result = nb08.check_beam_step(wrong)
    assert not result and phrase in result.message, result.message


def test_beam_step_accepts_lists():
    assert nb08.check_beam_step(lambda s, lp, k: [part.tolist() for part in right_step(s, lp, k)])


def test_beam_step_does_not_give_the_candidates_away():
    result = nb08.check_beam_step(token_only)
    case = nb08._step_cases()[0]
    assert case.label in result.message
    assert str(case.expected.tokens.tolist()) not in result.message
    for value in case.expected.scores.tolist():
        assert f"{value:.2f}" not in result.message


# -- exercise 2: normalised_score ----------------------------------------------------------------

SCORE_MISTAKES = [
    (lambda h, a: h.log_prob * len(h.ids) ** a, "multiplied by U^alpha"),
    (lambda h, a: h.log_prob / (len(h.ids) - 1) ** a, "U is one short"),
    (lambda h, a: h.log_prob / len(h.text) ** a, "characters of the text"),
    (lambda h, a: h.log_prob / len(h.ids), "alpha is not used"),
    (lambda h, a: h.log_prob / (len(h.ids) * a) if a else h.log_prob, "the wrong place"),
    (lambda h, a: math.exp(h.log_prob) / len(h.ids) ** a, "that is a probability"),
    (lambda h, a: h.log_prob - len(h.ids) ** a, "not the log probability divided"),
    (lambda h, a: str(h.log_prob / len(h.ids) ** a), "one number"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SCORE_MISTAKES)
def test_normalised_score_mistakes(wrong, phrase):
    result = nb08.check_normalised_score(wrong)
    assert not result and phrase in result.message, result.message


def test_normalised_score_accepts_a_tensor():
    assert nb08.check_normalised_score(lambda h, a: torch.tensor(h.log_prob, dtype=torch.float64) / len(h.ids) ** a)


def test_normalised_score_does_not_give_the_score_away():
    result = nb08.check_normalised_score(lambda h, a: h.log_prob / len(h.ids))
    refused = next(c for c in nb08._score_cases() if c.expected.alpha != 1.0)
    assert refused.label in result.message
    assert (
        f"{refused.expected.value:.3f}" not in result.message and f"{refused.expected.value:.2f}" not in result.message
    )


def test_hypotheses_are_what_beam_search_returns():
    assert all(isinstance(case.args[0], Hypothesis) for case in nb08._score_cases())


# -- exercise 3: sampling_distribution -----------------------------------------------------------


def right_distribution(logits, temperature, top_k=None):
    scaled = logits / temperature
    if top_k is not None:
        kth = scaled.topk(top_k, dim=-1).values[:, -1:]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    return scaled.softmax(dim=-1)


def cut(scaled, top_k, fill=float("-inf"), smallest=False, k_shift=0):
    if top_k is None:
        return scaled
    k = top_k + k_shift
    kept = scaled.topk(k, dim=-1, largest=not smallest).indices
    mask = torch.ones_like(scaled, dtype=torch.bool).scatter(-1, kept, False)
    return scaled.masked_fill(mask, fill)


SAMPLING_MISTAKES = [
    (lambda z, t, k: right_distribution(z, t, k).T, "not one probability per logit"),
    (lambda z, t, k: right_distribution(z, t, k)[:, :-1], "not one probability per logit"),
    (
        lambda z, t, k: (z / t).softmax(dim=0) if k is None else right_distribution(z, t, k),
        "softmax ran over the batch",
    ),
    (lambda z, t, k: cut(z / t, k), "not probabilities"),
    (lambda z, t, k: cut(z / t, k).log_softmax(dim=-1), "log probabilities"),
    (lambda z, t, k: cut(z, k, 0.0).softmax(dim=-1) / t, "divides the probabilities by T"),
    (lambda z, t, k: cut(z * t, k).softmax(dim=-1), "multiplies the logits by T"),
    (lambda z, t, k: cut(z, k).softmax(dim=-1), "the temperature is not used"),
    (lambda z, t, k: (z / t).softmax(dim=-1), "top_k is not applied"),
    (lambda z, t, k: cut((z / t).softmax(dim=-1), k, 0.0), "do not sum to 1"),
    (lambda z, t, k: cut(z / t, k, 0.0).softmax(dim=-1), "e^0 = 1"),
    (lambda z, t, k: cut(z / t, k, smallest=True).softmax(dim=-1), "least likely"),
    (lambda z, t, k: cut(z / t, k, k_shift=-1 if k and k > 1 else 0).softmax(dim=-1), "wrong number of tokens"),
    (lambda z, t, k: cut(z / t, k, k_shift=1 if k and k < z.shape[1] else 0).softmax(dim=-1), "wrong number"),
    (lambda z, t, k: cut(z / t, k).exp() / cut(z / t, k).exp().sum(-1, keepdim=True), "overflows"),
    (lambda z, t, k: cut(z / t, k).softmax(dim=-1) + 0.01, "not softmax(logits / T) over the k most likely"),
    (lambda z, t, k: cut(z / t, k).softmax(dim=-1).tolist(), "a tensor of probabilities"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SAMPLING_MISTAKES)
def test_sampling_distribution_mistakes(wrong, phrase):
    result = nb08.check_sampling_distribution(wrong)
    assert not result and phrase in result.message, result.message


def test_sampling_distribution_accepts_numpy_and_float64():
    assert nb08.check_sampling_distribution(lambda z, t, k: right_distribution(z.double(), t, k).numpy())


def test_sampling_distribution_refuses_a_top_k_that_ignores_none():
    result = nb08.check_sampling_distribution(lambda z, t, k: right_distribution(z, t, k or 1))
    assert not result and "case 1 " in result.message


def test_sampling_distribution_does_not_give_the_probabilities_away():
    result = nb08.check_sampling_distribution(lambda z, t, k: cut(z, k).softmax(dim=-1))
    case = next(c for c in nb08._sampling_cases() if c.expected.temperature != 1.0)
    assert case.label in result.message
    for value in case.expected.probs.reshape(-1).tolist():
        assert f"{value:.3f}" not in result.message


def test_sampling_cases_have_a_cut_a_tiny_temperature_and_no_ties():
    cases = nb08._sampling_cases()
    assert any(c.expected.top_k is not None and c.expected.top_k < c.expected.logits.shape[1] for c in cases)
    assert any(c.expected.temperature <= 0.01 for c in cases)
    # the tiny-temperature case overflows exp(logits / T) in float32, as a learner's own softmax would
    assert any(float((c.args[0] / c.args[1]).max()) > 89 for c in cases if c.expected.temperature <= 0.01)
    for c in cases:
        rows = np.sort(c.expected.logits, axis=-1)
        assert (np.diff(rows, axis=-1) > 1e-3).all()


def test_case_labels_are_translated():
    assert all(label in ZH for label in nb08.LABELS)


def test_every_text_notebook_08_prints_through_tr_is_translated():
    """The notebook's own printed sentences and table headers, tr/say/label/N_("...") in its code cells, speak
    Chinese too. (A name given to tr, tr(name), is followed to its N_ literals by scripts/i18n.py, whose check
    test_i18n.py runs on every notebook.)"""
    notebook = json.loads((ROOT / "notebooks" / "08_greedy_vs_beam_search.ipynb").read_text(encoding="utf-8"))
    texts = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                called = getattr(node, "func", None)
                if isinstance(node, ast.Call) and getattr(called, "id", None) in ("tr", "say", "label", "N_"):
                    if node.args and isinstance(node.args[0], ast.Constant):
                        texts.add(node.args[0].value)
    assert len(texts) >= 20  # the cells' texts were found
    assert not sorted(texts - set(ZH)), "add these to the catalog"
