"""Notebook 06's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch import nn

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


# -- exercise 1: FeedingDecoder ---------------------------------------------------------------------
class RightDecoder(nn.Module):
    """A right answer, written as a learner would; the mistakes below change one thing in it."""

    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.score = nn.Linear(units, units)
        self.cell = nn.LSTMCell(embedding_dim + units, units)
        self.output = nn.Linear(2 * units, vocab_size)

    def weights(self, query, memory):
        return torch.softmax(torch.bmm(self.score(memory), query.unsqueeze(-1)).squeeze(-1), dim=-1)

    def context(self, alpha, memory):
        return torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)

    def lstm_input(self, token, context):
        return torch.cat([self.embedding(token), context], dim=-1)

    def logits(self, context, s):
        return self.output(torch.cat([context, s], dim=-1))

    def forward(self, token, state, memory):
        alpha = self.weights(state[0], memory)
        context = self.context(alpha, memory)
        s, m = self.cell(self.lstm_input(token, context), state)
        return self.logits(context, s), (s, m), alpha


class SoftmaxOverTheBatch(RightDecoder):
    def weights(self, query, memory):
        return torch.softmax(torch.bmm(self.score(memory), query.unsqueeze(-1)).squeeze(-1), dim=0)


class ReturnsTheScores(RightDecoder):
    def forward(self, token, state, memory):
        logits, new_state, _ = super().forward(token, state, memory)
        return logits, new_state, torch.bmm(self.score(memory), state[0].unsqueeze(-1)).squeeze(-1)


class QueriesWithTheCellState(RightDecoder):
    def forward(self, token, state, memory):
        alpha = self.weights(state[1], memory)
        context = self.context(alpha, memory)
        s, m = self.cell(self.lstm_input(token, context), state)
        return self.logits(context, s), (s, m), alpha


class ContextFromTheKeys(RightDecoder):
    def context(self, alpha, memory):
        return torch.bmm(alpha.unsqueeze(1), self.score(memory)).squeeze(1)


class MeanContext(RightDecoder):
    def context(self, alpha, memory):
        return memory.mean(dim=1)


class ContextFirstIntoTheLSTM(RightDecoder):
    def lstm_input(self, token, context):
        return torch.cat([context, self.embedding(token)], dim=-1)


class StateFirstIntoTheOutput(RightDecoder):
    def logits(self, context, s):
        return self.output(torch.cat([s, context], dim=-1))


class LSTMReadsTheEmbeddingOnly(RightDecoder):
    def lstm_input(self, token, context):
        return self.embedding(token)


class OutputFromTheStateAlone(RightDecoder):
    def logits(self, context, s):
        return self.output(s)


class ReturnsTheGivenState(RightDecoder):
    def forward(self, token, state, memory):
        logits, _, alpha = super().forward(token, state, memory)
        return logits, state, alpha


class SwapsSAndM(RightDecoder):
    def forward(self, token, state, memory):
        logits, (s, m), alpha = super().forward(token, state, memory)
        return logits, (m, s), alpha


class KeepsTheLayerAxis(RightDecoder):
    def forward(self, token, state, memory):
        logits, (s, m), alpha = super().forward(token, state, memory)
        return logits, (s.unsqueeze(0), m.unsqueeze(0)), alpha


class ForgetsAlpha(RightDecoder):
    def forward(self, token, state, memory):
        logits, new_state, _ = super().forward(token, state, memory)
        return logits, new_state


class DetachesTheContext(RightDecoder):
    def context(self, alpha, memory):
        return super().context(alpha, memory).detach()


class RenamesTheCell(RightDecoder):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__(vocab_size, embedding_dim, units)
        self.lstm = self.cell
        del self.cell

    def forward(self, token, state, memory):
        alpha = self.weights(state[0], memory)
        context = self.context(alpha, memory)
        s, m = self.lstm(self.lstm_input(token, context), state)
        return self.logits(context, s), (s, m), alpha


class ForgetsTheContextSize(RightDecoder):
    def __init__(self, vocab_size, embedding_dim, units):
        super().__init__(vocab_size, embedding_dim, units)
        self.cell = nn.LSTMCell(embedding_dim, units)

    def lstm_input(self, token, context):
        return self.embedding(token)


FEEDING_MISTAKES = [
    (SoftmaxOverTheBatch, "do not sum to 1"),
    (ReturnsTheScores, "not yet passed through the softmax"),
    (QueriesWithTheCellState, "the LSTM's cell state"),
    (ContextFromTheKeys, "a weighted sum of the keys"),
    (MeanContext, "plain average"),
    (ContextFirstIntoTheLSTM, "the embedding first"),
    (StateFirstIntoTheOutput, "the context first"),
    (LSTMReadsTheEmbeddingOnly, "E + H features"),
    (OutputFromTheStateAlone, "2H features"),
    (ReturnsTheGivenState, "the state returned is the one given"),
    (SwapsSAndM, "s and m are swapped"),
    (KeepsTheLayerAxis, "each [B, H]"),
    (ForgetsAlpha, "should return a triple"),
    (DetachesTheContext, "no gradient reaches some layers of your decoder"),
    (RenamesTheCell, "keep the four layers of the stub"),
    (ForgetsTheContextSize, "keep the four layers of the stub"),
]


@pytest.mark.parametrize(("wrong", "phrase"), FEEDING_MISTAKES, ids=[w.__name__ for w, _ in FEEDING_MISTAKES])
def test_feeding_decoder_mistakes(wrong, phrase):
    result = nb06.check_feeding_decoder(wrong)
    assert not result and phrase in result.message, result.message


def test_the_right_decoder_passes():
    assert nb06.check_feeding_decoder(RightDecoder)


def test_the_notebooks_stub_is_not_written_yet():
    class FeedingDecoder(RightDecoder):
        def forward(self, token, state, memory):
            raise NotImplementedError  # your code here

    result = nb06.check_feeding_decoder(FeedingDecoder)
    assert not result and "FeedingDecoder is not written yet" in result.message


def test_the_detached_context_names_the_layer_without_gradient():
    result = nb06.check_feeding_decoder(DetachesTheContext)
    assert "no gradient: score" in result.message


def test_feeding_decoder_names_the_case_and_not_the_answer():
    result = nb06.check_feeding_decoder(MeanContext)
    first = nb06._feeding_cases()[0]
    assert result.message.startswith(first.label)
    for value in first.expected.logits.flatten()[:4].tolist() + first.expected.alpha.flatten()[:4].tolist():
        assert f"{value:.3f}" not in result.message


def test_the_feeding_cases_cover_sizes_vocabularies_a_second_step_and_training():
    cases = nb06._feeding_cases()
    sizes = {(c.args[0].embedding_dim, c.args[0].units, len(c.args[0].vocab)) for c in cases}
    assert len(sizes) >= 3 and any("step 2" in c.label for c in cases)
    assert cases[-1].args[-1] == 0 and cases[-1].expected.losses[-1] < cases[-1].expected.losses[0]


def test_case_names_are_translated():
    from seq2seq_lib.i18n import translations

    ZH = translations("zh")

    assert all(label in ZH for label in nb06.LABELS)
