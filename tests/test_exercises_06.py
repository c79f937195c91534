"""Notebook 06's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from seq2seq_lib.exercises import nb06

# -- exercise 1: most_attended ---------------------------------------------------------------------
ATTENDED_MISTAKES = [
    (lambda a: a.argmax(axis=0), "the wrong axis"),
    (lambda a: a.max(axis=1), "these are weights"),
    (lambda a: a.argmax(axis=1) + 1, "counted from 1"),
    (lambda a: a.argmin(axis=1), "largest in its row"),
    (lambda a: int(a.argmax()), "one position per output token"),
    (lambda a: "positions", "not a list or array"),
]


@pytest.mark.parametrize(("wrong", "phrase"), ATTENDED_MISTAKES)
def test_most_attended_mistakes(wrong, phrase):
    result = nb06.check_most_attended(wrong)
    assert not result and phrase in result.message, result.message


def test_most_attended_accepts_a_list():
    assert nb06.check_most_attended(lambda a: a.argmax(axis=1).tolist())


def test_most_attended_does_not_give_the_positions_away():
    result = nb06.check_most_attended(lambda a: a.argmin(axis=1))
    assert "[6, 7, 0]" not in result.message and "array([6, 7, 0])" not in result.message


# -- exercise 2: field_shares ----------------------------------------------------------------------
FIELDS = {"year": [0, 1], "separators": [2, 5], "month": [3, 4], "day": [6, 7]}


def shares_with(fields):
    return lambda a: {name: a[:, positions].sum(axis=1) for name, positions in fields.items()}


FIELD_MISTAKES = [
    (shares_with({**FIELDS, "year": [6, 7], "day": [0, 1]}), "the year and the day are swapped"),
    (shares_with({**FIELDS, "separators": [2]}), "do not add up to 1"),
    (shares_with({**FIELDS, "month": [2, 3]}), "do not add up to 1"),
    (shares_with({"year": [0, 1], "month": [3, 4], "day": [6, 7]}), "use exactly"),
    (lambda a: {name: a[:, p].sum() for name, p in FIELDS.items()}, "the wrong shape"),
    (lambda a: [a[:, p].sum(axis=1) for p in FIELDS.values()], "return a dict"),
    (shares_with({"year": [0, 1, 7], "separators": [2, 5], "month": [3, 4], "day": [6]}), "add up the weights"),
]


@pytest.mark.parametrize(("wrong", "phrase"), FIELD_MISTAKES)
def test_field_shares_mistakes(wrong, phrase):
    result = nb06.check_field_shares(wrong)
    assert not result and phrase in result.message, result.message


def test_field_shares_does_not_give_the_shares_away():
    result = nb06.check_field_shares(shares_with({**FIELDS, "year": [6, 7], "day": [0, 1]}))
    assert "'day': array([1., 0., 0.])" not in result.message


# -- exercise 3: attention_entropy -----------------------------------------------------------------
def _nats(a):
    return -(a * np.log(np.where(a > 0, a, 1.0))).sum(axis=1)


ENTROPY_MISTAKES = [
    (lambda a: -(a * np.log(a)).sum(axis=1), "log(0) on its own is -inf"),
    (lambda a: _nats(a) / math.log(2), "these are bits"),
    (lambda a: -_nats(a), "the sign is wrong"),
    (lambda a: _nats(a).sum(), "one entropy per output token"),
    (lambda a: -(a * np.log(a + 1e-3)).sum(axis=1), "uniform row over T positions log(T)"),
    (lambda a: None, "not an array of numbers"),
]


@pytest.mark.parametrize(("wrong", "phrase"), ENTROPY_MISTAKES)
def test_attention_entropy_mistakes(wrong, phrase):
    with np.errstate(all="ignore"):
        result = nb06.check_attention_entropy(wrong)
    assert not result and phrase in result.message, result.message


def test_attention_entropy_does_not_give_the_entropies_away():
    result = nb06.check_attention_entropy(lambda a: -_nats(a))
    assert "1.386" not in result.message.replace("-1.386", "")


# -- exercise 4: attention_step --------------------------------------------------------------------
def _weights(model, query, memory, mask, masked=True):
    scores = model.score(query, memory)
    if mask is not None and masked:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim=-1)


def _lstm(model, tokens, state):
    out, new_state = model.decoder(model.decoder_embedding(tokens).unsqueeze(1), state)
    return out[:, 0], new_state


def right_step(model, tokens, state, memory, mask):
    alpha = _weights(model, state[0][0], memory, mask)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    s_t, new_state = _lstm(model, tokens, state)
    return model.output(torch.cat([context, s_t], dim=-1)), new_state, alpha


def step_ignores_the_mask(model, tokens, state, memory, mask):
    alpha = _weights(model, state[0][0], memory, mask, masked=False)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    s_t, new_state = _lstm(model, tokens, state)
    return model.output(torch.cat([context, s_t], dim=-1)), new_state, alpha


def step_with_luong_query(model, tokens, state, memory, mask):
    s_t, new_state = _lstm(model, tokens, state)
    alpha = _weights(model, s_t, memory, mask)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    return model.output(torch.cat([context, s_t], dim=-1)), new_state, alpha


def step_returns_scores(model, tokens, state, memory, mask):
    logits, new_state, _ = right_step(model, tokens, state, memory, mask)
    return logits, new_state, model.score(state[0][0], memory)


def step_softmax_over_batch(model, tokens, state, memory, mask):
    scores = model.score(state[0][0], memory)
    if mask is not None:
        scores = scores.masked_fill(~mask, -1e9)
    alpha = torch.softmax(scores, dim=0)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    s_t, new_state = _lstm(model, tokens, state)
    return model.output(torch.cat([context, s_t], dim=-1)), new_state, alpha


def step_swaps_output_input(model, tokens, state, memory, mask):
    alpha = _weights(model, state[0][0], memory, mask)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    s_t, new_state = _lstm(model, tokens, state)
    return model.output(torch.cat([s_t, context], dim=-1)), new_state, alpha


def step_with_mean_context(model, tokens, state, memory, mask):
    alpha = _weights(model, state[0][0], memory, mask)
    s_t, new_state = _lstm(model, tokens, state)
    return model.output(torch.cat([memory.mean(dim=1), s_t], dim=-1)), new_state, alpha


def step_without_lstm(model, tokens, state, memory, mask):
    alpha = _weights(model, state[0][0], memory, mask)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    _, new_state = _lstm(model, tokens, state)
    return model.output(torch.cat([context, state[0][0]], dim=-1)), new_state, alpha


def step_returns_old_state(model, tokens, state, memory, mask):
    logits, _, alpha = right_step(model, tokens, state, memory, mask)
    return logits, state, alpha


def step_swaps_s_and_m(model, tokens, state, memory, mask):
    logits, (s, m), alpha = right_step(model, tokens, state, memory, mask)
    return logits, (m, s), alpha


def step_drops_the_layer_axis(model, tokens, state, memory, mask):
    logits, (s, m), alpha = right_step(model, tokens, state, memory, mask)
    return logits, (s[0], m[0]), alpha


def step_with_encoder_embedding(model, tokens, state, memory, mask):
    alpha = _weights(model, state[0][0], memory, mask)
    context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
    out, new_state = model.decoder(model.encoder_embedding(tokens).unsqueeze(1), state)
    return model.output(torch.cat([context, out[:, 0]], dim=-1)), new_state, alpha


def step_without_alpha(model, tokens, state, memory, mask):
    logits, new_state, _ = right_step(model, tokens, state, memory, mask)
    return logits, new_state


def step_keeps_time_axis(model, tokens, state, memory, mask):
    logits, new_state, alpha = right_step(model, tokens, state, memory, mask)
    return logits.unsqueeze(1), new_state, alpha


STEP_MISTAKES = [
    (step_ignores_the_mask, "padded source positions got some weight"),
    (step_with_luong_query, "Luong's query"),
    (step_returns_scores, "not yet passed through the softmax"),
    (step_softmax_over_batch, "do not sum to 1"),
    (step_swaps_output_input, "the context first"),
    (step_with_mean_context, "plain average"),
    (step_without_lstm, "the state given, s_{t-1}"),
    (step_returns_old_state, "the state returned is the one you were given"),
    (step_swaps_s_and_m, "s and m are swapped"),
    (step_drops_the_layer_axis, "[1, B, H]"),
    (step_with_encoder_embedding, "model.decoder_embedding"),
    (step_without_alpha, "did not return a triple"),
    (step_keeps_time_axis, "time axis of length 1"),
]


@pytest.mark.parametrize(("wrong", "phrase"), STEP_MISTAKES, ids=[w.__name__ for w, _ in STEP_MISTAKES])
def test_attention_step_mistakes(wrong, phrase):
    with torch.no_grad():
        result = nb06.check_attention_step(wrong)
    assert not result and phrase in result.message, result.message


def test_the_right_step_passes_and_so_does_model_step():
    assert nb06.check_attention_step(right_step)
    assert nb06.check_attention_step(lambda model, tokens, state, memory, mask: model.step(tokens, state, memory, mask))


def test_attention_step_names_the_case_and_not_the_answer():
    result = nb06.check_attention_step(step_with_mean_context)
    first = nb06._step_cases()[0]
    assert result.message.startswith(first.label)
    for value in first.expected.logits.flatten()[:4].tolist() + first.expected.alpha.flatten()[:4].tolist():
        assert f"{value:.3f}" not in result.message


def test_the_step_cases_cover_masks_several_models_and_a_second_step():
    cases = nb06._step_cases()
    assert any(c.args[4] is not None and not bool(c.args[4].all()) for c in cases)
    assert len({(c.args[0].embedding_dim, c.args[0].units, c.args[0].score_name) for c in cases}) == 4
    assert any("step 2" in c.label for c in cases)


def test_case_names_are_translated():
    from seq2seq_lib.i18n.zh import ZH

    assert all(label in ZH for label in nb06.LABELS)
