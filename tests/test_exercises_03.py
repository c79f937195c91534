"""Notebook 03's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from seq2seq_lib.exercises import nb03

# -- exercise 1: exact_match ---------------------------------------------------------------------
EXACT_MISTAKES = [
    (lambda p, t: sum(a == b for a, b in zip(p, t, strict=False)), "a count; return the share"),
    (lambda p, t: 100 * sum(a == b for a, b in zip(p, t, strict=False)) / len(t), "not a share between 0 and 1"),
    (lambda p, t: sum(a.strip() == b for a, b in zip(p, t, strict=False)) / len(t), "character for character"),
    (lambda p, t: sum(b.startswith(a) for a, b in zip(p, t, strict=False)) / len(t), "character for character"),
    (lambda p, t: f"{sum(a == b for a, b in zip(p, t, strict=False)) / len(t):.2f}", "one number between 0 and 1"),
    (lambda p, t: p == t, "one number between 0 and 1"),
]


@pytest.mark.parametrize(("wrong", "phrase"), EXACT_MISTAKES)
def test_exact_match_mistakes(wrong, phrase):
    result = nb03.check_exact_match(wrong)
    assert not result and phrase in result.message, result.message


def test_exact_match_does_not_give_the_share_away():
    error_rate = lambda p, t: sum(a != b for a, b in zip(p, t, strict=True)) / len(t)  # noqa: E731
    result = nb03.check_exact_match(error_rate)
    assert "['31/Dec/1999']" in result.message and "returns 0.0." in result.message, result.message
    assert "1.0" not in result.message and " 1 " not in result.message, result.message


# -- exercise 2: field_accuracy ------------------------------------------------------------------
def _fields(p, t, order=("day", "month", "year"), count=False, strict=False):
    hits = dict.fromkeys(order, 0)
    for a, b in zip(p, t, strict=False):
        got, want = a.split("/"), b.split("/")
        if strict and len(got) != 3:
            continue
        for i, name in enumerate(order):
            hits[name] += i < len(got) and got[i] == want[i]
    return {k: (v if count else v / len(t)) for k, v in hits.items()}


FIELD_MISTAKES = [
    (lambda p, t: _fields(p, t, order=("month", "day", "year")), "each other's scores"),
    (lambda p, t: _fields(p, t, count=True), "a share between 0 and 1"),
    (lambda p, t: {"d": 0.0, "m": 0.0, "y": 0.0}, "exactly the keys"),
    (lambda p, t: [0.5, 0.5, 0.5], "return a dict"),
    (lambda p, t: _fields([a[:2] + "/" + a[3:6] + "/" + a[7:] for a in p], t), "a field counts when"),
]


@pytest.mark.parametrize(("wrong", "phrase"), FIELD_MISTAKES)
def test_field_accuracy_mistakes(wrong, phrase):
    result = nb03.check_field_accuracy(wrong)
    assert not result and phrase in result.message, result.message


def test_field_accuracy_does_not_give_the_scores_away():
    result = nb03.check_field_accuracy(lambda p, t: _fields(p, t, order=("month", "day", "year")))
    assert "0.6" not in result.message.split("returns")[-1].split(":")[-1]
    assert "'day': 0.6" not in result.message and "'month': 0.2," not in result.message


# -- exercise 3: greedy_translate ----------------------------------------------------------------
@torch.no_grad()
def _greedy(model, text, feed_back=True, keep_state=True, steps=None):
    vocab = model.vocab
    src = torch.tensor([vocab.encode(text)])
    memory, encoder_state = model.encode(src)
    first = state = model.initial_state(encoder_state)
    token = torch.tensor([vocab.go_id])
    ids = []
    for _ in range(steps or model.max_output_len):
        logits, new_state, _ = model.step(token, state, memory)
        state = new_state if keep_state else first
        predicted = logits.argmax(dim=-1)
        if feed_back:
            token = predicted
        ids.append(predicted.item())
        if ids[-1] == vocab.eos_id:
            break
    return vocab.decode(ids)


GREEDY_MISTAKES = [
    (lambda m, s: _greedy(m, s, feed_back=False), "feeds back the token just predicted"),
    (lambda m, s: _greedy(m, s, keep_state=False), "carries the state on"),
    (lambda m, s: _greedy(m, s, steps=5), "stops too early"),
    (lambda m, s: "<GO>" + _greedy(m, s), "special tokens"),
    (lambda m, s: list(_greedy(m, s)), "as one str"),
]


@pytest.mark.parametrize(("wrong", "phrase"), GREEDY_MISTAKES)
def test_greedy_translate_mistakes(wrong, phrase):
    result = nb03.check_greedy_translate(wrong)
    assert not result and phrase in result.message, result.message


def test_greedy_translate_does_not_give_the_translation_away():
    result = nb03.check_greedy_translate(lambda m, s: _greedy(m, s, feed_back=False))
    case = nb03._translate_cases()[0]
    assert repr(case.expected) not in result.message, result.message


# -- exercise 4: train_steps ---------------------------------------------------------------------
def _steps(model, optimizer, batches, shift=True, ignore_pad=True, step=True, zero=True, reduction="mean", item=True):
    losses = []
    for src, y in batches:
        if zero:
            optimizer.zero_grad()
        logits = model(src, y[:, :-1])
        targets = y[:, 1:] if shift else y[:, :-1]
        extra = {"ignore_index": model.vocab.pad_id} if ignore_pad else {}
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction=reduction, **extra)
        loss.backward()
        if step:
            optimizer.step()
        losses.append(loss.item() if item else loss)
    return losses


def _after_step(model, optimizer, batches):
    losses = []
    for src, y in batches:
        _steps(model, optimizer, [(src, y)])
        with torch.no_grad():  # the loss after the step
            logits = model(src, y[:, :-1])
            loss = F.cross_entropy(logits.flatten(0, 1), y[:, 1:].flatten(), ignore_index=model.vocab.pad_id)
        losses.append(loss.item())
    return losses


def _double_step(model, optimizer, batches):
    losses = _steps(model, optimizer, batches[:1])
    optimizer.step()  # one step too many
    return losses + _steps(model, optimizer, batches[1:])


STEP_MISTAKES = [
    (lambda m, o, b: _steps(m, o, b, shift=False), "the targets are not shifted"),
    (lambda m, o, b: _steps(m, o, b, ignore_pad=False), "<PAD> positions count"),
    (lambda m, o, b: _steps(m, o, b, step=False), "Call optimizer.step()"),
    (lambda m, o, b: _steps(m, o, b, zero=False), "Call optimizer.zero_grad()"),
    (lambda m, o, b: _steps(m, o, b, reduction="sum"), "summed over the positions"),
    (lambda m, o, b: _steps(m, o, b)[:-1], "one loss per batch"),
    (lambda m, o, b: [f"{x:.3f}" for x in _steps(m, o, b)], "loss.item()"),
    (_after_step, "already the first loss differs"),
    (_double_step, "the first loss is right, the later ones are not"),
    (lambda m, o, b: [m(s, y[:, 1:]) for s, y in b], "loss.item()"),
]


@pytest.mark.parametrize(("wrong", "phrase"), STEP_MISTAKES)
def test_train_steps_mistakes(wrong, phrase):
    result = nb03.check_train_steps(wrong)
    assert not result and phrase in result.message, result.message


def test_train_steps_accepts_tensor_losses():
    assert nb03.check_train_steps(lambda m, o, b: _steps(m, o, b, item=False))


def test_train_steps_does_not_give_the_losses_away():
    result = nb03.check_train_steps(lambda m, o, b: _steps(m, o, b, step=False))
    expected = nb03._steps_cases()[0].expected.losses
    for value in expected[1:]:
        assert f"{value:.3f}" not in result.message, result.message
