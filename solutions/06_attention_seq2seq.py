"""Solutions to the exercises of notebook 06 (the attention Seq2Seq model).

Run ``python solutions/06_attention_seq2seq.py`` to see every check pass.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from seq2seq_lib.exercises import CheckResult, nb06


def most_attended(alpha: np.ndarray) -> np.ndarray:
    """For each output row of alpha [L, S], the source position with the largest weight."""
    return np.asarray(alpha).argmax(axis=1)


SOURCE_FIELDS = {"year": [0, 1], "separators": [2, 5], "month": [3, 4], "day": [6, 7]}


def field_shares(alpha: np.ndarray) -> dict[str, np.ndarray]:
    """Each output token's total attention on the year, the separators, the month and the day of yy-mm-dd."""
    alpha = np.asarray(alpha)
    return {field: alpha[:, positions].sum(axis=1) for field, positions in SOURCE_FIELDS.items()}


def attention_entropy(alpha: np.ndarray) -> np.ndarray:
    """Entropy in nats of every row of alpha [L, S]; 0 log 0 counts as 0."""
    alpha = np.asarray(alpha, dtype=np.float64)
    logs = np.log(np.where(alpha > 0, alpha, 1.0))
    return -(alpha * logs).sum(axis=1)


class FeedingDecoder(nn.Module):
    """One decoder step of Bahdanau's choice: attend with s_{t-1}, then the LSTM cell reads [embed(y_{t-1}); c_t]."""

    def __init__(self, vocab_size: int, embedding_dim: int, units: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.score = nn.Linear(units, units)
        self.cell = nn.LSTMCell(embedding_dim + units, units)  # reads [embed(y_{t-1}); c_t]
        self.output = nn.Linear(2 * units, vocab_size)  # reads [c_t; s_t]

    def forward(self, token, state, memory):
        """token [B], state (s_{t-1}, m_{t-1}) each [B, H], memory [B, T, H] -> logits, (s_t, m_t), alpha [B, T]."""
        s_prev, m_prev = state
        scores = (self.score(memory) @ s_prev.unsqueeze(-1)).squeeze(-1)  # e_{t,j} = s_{t-1} . (W h_j + b): [B, T]
        alpha = torch.softmax(scores, dim=-1)  # over the source positions
        context = (alpha.unsqueeze(-1) * memory).sum(dim=1)  # c_t: [B, H]
        s, m = self.cell(torch.cat([self.embedding(token), context], dim=-1), (s_prev, m_prev))  # the context enters
        logits = self.output(torch.cat([context, s], dim=-1))  # from [c_t; s_t]: [B, V]
        return logits, (s, m), alpha


def run_checks() -> list[CheckResult]:
    return [
        nb06.check_feeding_decoder(FeedingDecoder),
        nb06.check_most_attended(most_attended),
        nb06.check_field_shares(field_shares),
        nb06.check_attention_entropy(attention_entropy),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
