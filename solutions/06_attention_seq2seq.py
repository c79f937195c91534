"""Solutions to the exercises of notebook 06 (the attention Seq2Seq model).

Run ``python solutions/06_attention_seq2seq.py`` to see every check pass.
"""

from __future__ import annotations

import numpy as np
import torch

from seq2seq_lib import AttentionSeq2Seq
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


def attention_step(model: AttentionSeq2Seq, tokens, state, memory, mask):
    """One decoder step of the article's model: attend with s_{t-1}, run the LSTM, read [c_t; s_t]."""
    s_prev = state[0][0]  # s_{t-1}: [B, H]
    scores = model.score(s_prev, memory)  # e_{t,j}: [B, T]
    if mask is not None:  # padded positions: score -inf, weight exactly 0
        scores = scores.masked_fill(~mask, float("-inf"))
    alpha = torch.softmax(scores, dim=-1)  # alpha_{t,j}: [B, T]
    context = (alpha.unsqueeze(-1) * memory).sum(dim=1)  # c_t = sum_j alpha_{t,j} h_j: [B, H]
    embedded = model.decoder_embedding(tokens).unsqueeze(1)  # [B, 1, E]
    out, new_state = model.decoder(embedded, state)  # out: [B, 1, H] = s_t
    logits = model.output(torch.cat([context, out[:, 0]], dim=-1))  # from [c_t; s_t]: [B, V]
    return logits, new_state, alpha


def run_checks() -> list[CheckResult]:
    return [
        nb06.check_most_attended(most_attended),
        nb06.check_field_shares(field_shares),
        nb06.check_attention_entropy(attention_entropy),
        nb06.check_attention_step(attention_step),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
