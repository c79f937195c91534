"""Notebook 03's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from seq2seq_lib.exercises import nb03
from seq2seq_lib.i18n import translations

ZH = translations("zh")


# -- exercise 1: field_accuracy ------------------------------------------------------------------
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


# -- exercise 2: FastDecoder ----------------------------------------------------------------------
class Right(nn.Module):
    """The solution, with switches for the mistakes learners make."""

    def __init__(self, vocab_size, embedding_dim, units, **mistakes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, units, batch_first=True)
        self.output = nn.Linear(units, vocab_size)
        self.mistakes = mistakes

    def forward(self, tokens, state):
        if self.mistakes.get("resets"):
            self.reset()
        embedded = self.embedding(tokens)
        if self.mistakes.get("detach"):
            embedded = embedded.detach()
        hidden, new_state = self.lstm(embedded) if self.mistakes.get("zero_state") else self.lstm(embedded, state)
        logits = hidden if self.mistakes.get("no_output") else self.output(hidden)
        for name, change in LOGIT_MISTAKES.items():
            if self.mistakes.get(name):
                logits = change(logits)
        for name, change in STATE_MISTAKES.items():
            if self.mistakes.get(name):
                new_state = change(new_state, state)
        return logits if self.mistakes.get("logits_only") else (logits, new_state)

    def reset(self):
        """Undo every Adam step: the weights go back to those of the first call."""
        if not hasattr(self, "first"):
            self.first = [p.detach().clone() for p in self.parameters()]
        with torch.no_grad():
            for p, first in zip(self.parameters(), self.first, strict=True):
                p.copy_(first)


LOGIT_MISTAKES = {
    "softmax": lambda logits: logits.softmax(dim=-1),
    "log_softmax": lambda logits: logits.log_softmax(dim=-1),
    "transposed": lambda logits: logits.transpose(0, 1),
    "squeezed": lambda logits: logits[:, 0] if logits.shape[1] == 1 else logits,
}
STATE_MISTAKES = {
    "old_state": lambda new, old: old,
    "swapped": lambda new, old: new[::-1],
    "state_2d": lambda new, old: tuple(part[0] for part in new),
}


def mistake(**switches):
    return lambda vocab_size, embedding_dim, units: Right(vocab_size, embedding_dim, units, **switches)


class Named(nn.Module):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.rnn = nn.LSTM(embedding_dim, units, batch_first=True)  # not "lstm"
        self.output = nn.Linear(units, vocab_size)

    def forward(self, tokens, state):
        hidden, state = self.rnn(self.embedding(tokens), state)
        return self.output(hidden), state


class HardCoded(Right):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__(27, 16, 32)  # the date model's sizes, whatever it is given


class NoGrad(Right):
    def forward(self, tokens, state):
        with torch.no_grad():
            return super().forward(tokens, state)


class NotWritten(nn.Module):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, units, batch_first=True)
        self.output = nn.Linear(units, vocab_size)

    def forward(self, tokens, state):
        raise NotImplementedError  # your code here


class NotBatchFirst(Right):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__(vocab_size, embedding_dim, units)
        self.lstm = nn.LSTM(embedding_dim, units)  # reads [U, B, E]: the state's B does not match


class CellNamedLstm(Right):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__(vocab_size, embedding_dim, units)
        self.lstm = nn.LSTMCell(embedding_dim, units)  # weight_ih, not weight_ih_l0


class Plain:
    def __init__(self, vocab_size, embedding_dim, units):
        pass


DECODER_MISTAKES = [
    (mistake(no_output=True), "Pass them through self.output"),
    (mistake(softmax=True), "are probabilities"),
    (mistake(log_softmax=True), "are log-probabilities"),
    (mistake(transposed=True), "batch_first=True"),
    (mistake(zero_state=True), "starts from a zero state"),
    (mistake(old_state=True), "hands back the state it was given"),
    (mistake(swapped=True), "comes back as (m, s)"),
    (mistake(state_2d=True), "each [1, B, H]"),
    (mistake(squeezed=True), "one position at a time"),
    (mistake(logits_only=True), "forward should return a pair"),
    (mistake(detach=True), "no gradient reached"),
    (mistake(resets=True), "did not lower the loss"),
    (NoGrad, "a training step"),
    (Named, "self.lstm (nn.LSTM"),
    (HardCoded, "the sizes given to __init__"),
    (NotWritten, "FastDecoder.forward is not written yet"),
    (NotBatchFirst, "decoder(tokens, state) raised RuntimeError"),
    (CellNamedLstm, "could not copy the library's decoder weights"),
    (Plain, "should be a subclass of nn.Module"),
]


@pytest.mark.parametrize(("wrong", "phrase"), DECODER_MISTAKES)
def test_fast_decoder_mistakes(wrong, phrase):
    result = nb03.check_fast_decoder(wrong)
    assert not result and phrase in result.message, result.message


def test_the_right_decoder_passes_and_its_mistakes_are_caught_on_the_case_they_show_in():
    assert nb03.check_fast_decoder(mistake())
    result = nb03.check_fast_decoder(HardCoded)
    assert "FastDecoder(13, 8, 12)" in result.message, result.message  # the first case has the date sizes


def test_fast_decoder_verdicts_do_not_give_the_logits_away():
    result = nb03.check_fast_decoder(mistake(zero_state=True))
    reference = nb03._decoder_cases()[0].expected.logits
    assert f"{reference[0, 0, 0].item():.3f}" not in result.message, result.message


def test_every_decoder_verdict_speaks_chinese():
    assert all(text in ZH for text in nb03.check_fast_decoder.messages)
    assert all(label in ZH for label in nb03.LABELS)
