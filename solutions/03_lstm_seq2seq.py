"""Solutions to the exercises of notebook 03 (the LSTM Seq2Seq model, written and trained).

Run ``python solutions/03_lstm_seq2seq.py`` to see every check pass.
"""

from __future__ import annotations

import torch
from torch import nn

from seq2seq_lib.exercises import CheckResult, nb03


def field_accuracy(predictions: list[str], targets: list[str]) -> dict[str, float]:
    """Per field (day/month/year): the share of predictions that have the field right."""
    names = ("day", "month", "year")
    hits = dict.fromkeys(names, 0)
    for predicted, target in zip(predictions, targets, strict=True):
        got, want = predicted.split("/"), target.split("/")
        for i, name in enumerate(names):
            if i < len(got) and got[i] == want[i]:
                hits[name] += 1
    return {name: hits[name] / len(targets) for name in names}


class FastDecoder(nn.Module):
    """The decoder as the library runs it: one nn.LSTM call over every position it is given.

    Teacher forcing gives it the whole target at once (``U`` positions); greedy decoding gives it
    one position at a time (``U = 1``) and hands the returned state back at the next call.
    """

    def __init__(self, vocab_size: int, embedding_dim: int, units: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, units, batch_first=True)
        self.output = nn.Linear(units, vocab_size)

    def forward(
        self, tokens: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor]
    ) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        """tokens ``[B, U]``, state (s, m) each ``[1, B, H]`` -> (logits ``[B, U, V]``, the new (s, m))."""
        embedded = self.embedding(tokens)  # [B, U, E]
        hidden, state = self.lstm(embedded, state)  # hidden: s_1 .. s_U, [B, U, H]; state: (s_U, m_U)
        return self.output(hidden), state  # one score per token at every position


def run_checks() -> list[CheckResult]:
    return [
        nb03.check_field_accuracy(field_accuracy),
        nb03.check_fast_decoder(FastDecoder),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
