"""Solutions to the exercises of notebook 10 (the Transformer).

Run ``python solutions/10_transformer.py`` to see every check pass.
"""

from __future__ import annotations

import math

import torch

from seq2seq_lib.exercises import CheckResult, nb10


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """softmax(q k^T / sqrt(d_k)) v: q [T, d_k], k [S, d_k], v [S, d_v] -> [T, d_v]."""
    scores = q @ k.T / math.sqrt(q.shape[-1])  # [T, S]: one row of scores per query
    weights = torch.softmax(scores, dim=-1)  # each query's weights over the keys sum to 1
    return weights @ v


def causal_mask(n: int) -> torch.Tensor:
    """[n, n] bool: True where query t may look at key s, i.e. s <= t (on and below the diagonal)."""
    return torch.ones(n, n, dtype=torch.bool).tril()


def split_heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[B, T, D] -> [B, heads, T, D / heads]: head j takes features j*d_k .. (j+1)*d_k - 1."""
    batch, length, d_model = x.shape
    return x.view(batch, length, heads, d_model // heads).transpose(1, 2)


def run_checks() -> list[CheckResult]:
    return [
        nb10.check_attention(attention),
        nb10.check_causal_mask(causal_mask),
        nb10.check_split_heads(split_heads),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
