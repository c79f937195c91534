"""Encoder-decoder attention: scores e_{t,j}, weights alpha_{t,j}, context c_t.

At decoder step t the query is the decoder's previous state s_{t-1} and the keys
and values are the encoder outputs h_1..h_T:

    e_{t,j}     = score(s_{t-1}, h_j)
    alpha_{t,j} = exp(e_{t,j}) / sum_k exp(e_{t,k})
    c_t         = sum_j alpha_{t,j} h_j

Every function here also accepts a whole sequence of queries at once
(``[B, U, H]`` instead of ``[B, H]``), which is how the teacher-forced training pass
computes all U decoder steps in one go.
"""

from __future__ import annotations

import torch
from torch import nn


def attention_weights(scores: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Softmax of ``scores`` over source positions (the last dimension).

    Args:
        scores: ``[B, T]`` (or ``[B, U, T]``) scores e_{t,j}.
        mask: ``[B, T]`` bool, True where a source position is real, False where it
            is padding; ``None`` keeps every position.

    Returns:
        alpha with the shape of ``scores``; each row sums to 1 and masked positions
        are exactly 0.
    """
    if mask is None:
        return torch.softmax(scores, dim=-1)
    if mask.dtype != torch.bool:
        raise TypeError(f"mask must be a bool tensor, got {mask.dtype}")
    if mask.shape != (scores.shape[0], scores.shape[-1]):
        raise ValueError(f"mask shape {tuple(mask.shape)} does not match scores {tuple(scores.shape)}: expected [B, T]")
    if not bool(mask.any(dim=-1).all()):
        raise ValueError("mask hides every source position of some row: its weights would be undefined")
    if scores.dim() == 3:
        mask = mask.unsqueeze(1)  # the same source mask for every decoder step
    weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
    # exp(-inf) is already 0; the where makes "exactly 0" explicit and NaN-proof.
    return torch.where(mask, weights, torch.zeros_like(weights))


def context_vector(weights: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
    """c_t = sum_j alpha_{t,j} h_j.

    Args:
        weights: ``[B, T]`` (or ``[B, U, T]``) attention weights.
        values: ``[B, T, H]`` encoder outputs.

    Returns:
        ``[B, H]`` (or ``[B, U, H]``) context vectors.
    """
    if weights.shape[0] != values.shape[0] or weights.shape[-1] != values.shape[1]:
        raise ValueError(
            f"weights {tuple(weights.shape)} and values {tuple(values.shape)} disagree: "
            "expected weights [B, T] and values [B, T, H]"
        )
    if weights.dim() == 2:
        return torch.bmm(weights.unsqueeze(1), values).squeeze(1)
    return torch.bmm(weights, values)


def _as_query_sequence(
    query: torch.Tensor, keys: torch.Tensor, query_size: int | None = None, key_size: int | None = None
) -> tuple[torch.Tensor, bool]:
    """Check shapes, then ``[B, H]`` -> ``[B, 1, H]`` (and remember to squeeze back)."""
    shapes = f"query {tuple(query.shape)}, keys {tuple(keys.shape)}"
    if query.dim() not in (2, 3) or keys.dim() != 3:
        raise ValueError(f"expected query [B, H] (or [B, U, H]) and keys [B, T, H], got {shapes}")
    if query.shape[0] != keys.shape[0]:
        raise ValueError(f"query and keys have different batch sizes: {shapes}")
    if query_size is not None and query.shape[-1] != query_size:
        raise ValueError(f"query must have {query_size} features, got {shapes}")
    if key_size is not None and keys.shape[-1] != key_size:
        raise ValueError(f"keys must have {key_size} features, got {shapes}")
    if query.dim() == 2:
        return query.unsqueeze(1), True
    return query, False


class DotScore(nn.Module):
    """e_{t,j} = s_{t-1} . h_j (Luong's "dot"); no parameters, needs equal sizes."""

    def forward(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """query ``[B, H]`` or ``[B, U, H]``, keys ``[B, T, H]`` -> ``[B, T]`` or ``[B, U, T]``."""
        q, squeeze = _as_query_sequence(query, keys, query_size=keys.shape[-1])
        scores = torch.bmm(q, keys.transpose(1, 2))
        return scores.squeeze(1) if squeeze else scores


class GeneralScore(nn.Module):
    """e_{t,j} = s_{t-1} . (W h_j + b): the article's score (Luong's "general").

    One ``H x H`` linear map with bias is applied to the encoder outputs, then dotted
    with the decoder state.
    """

    def __init__(self, hidden_size: int):
        super().__init__()
        self.key_map = nn.Linear(hidden_size, hidden_size)

    def forward(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """query ``[B, H]`` or ``[B, U, H]``, keys ``[B, T, H]`` -> ``[B, T]`` or ``[B, U, T]``."""
        size = self.key_map.in_features
        q, squeeze = _as_query_sequence(query, keys, query_size=size, key_size=size)
        if q.shape[1] < keys.shape[1]:
            # q . (W k + b) = (W^T q) . k + q . b: the same numbers, but mapping the one
            # query costs T times less than mapping all T keys (the decoding case).
            query_side = q @ self.key_map.weight  # [B, U, H]
            scores = torch.bmm(query_side, keys.transpose(1, 2)) + (q @ self.key_map.bias).unsqueeze(-1)
        else:
            scores = torch.bmm(q, self.key_map(keys).transpose(1, 2))
        return scores.squeeze(1) if squeeze else scores


class AdditiveScore(nn.Module):
    """e_{t,j} = v . tanh(W_q s_{t-1} + W_k h_j) (Bahdanau et al. 2015)."""

    def __init__(self, hidden_size: int, attention_size: int | None = None):
        super().__init__()
        attention_size = attention_size or hidden_size
        self.query_map = nn.Linear(hidden_size, attention_size, bias=False)
        self.key_map = nn.Linear(hidden_size, attention_size)
        self.v = nn.Linear(attention_size, 1, bias=False)

    def forward(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """query ``[B, H]`` or ``[B, U, H]``, keys ``[B, T, H]`` -> ``[B, T]`` or ``[B, U, T]``."""
        q, squeeze = _as_query_sequence(query, keys, self.query_map.in_features, self.key_map.in_features)
        # [B, U, 1, A] + [B, 1, T, A] -> [B, U, T, A] -> [B, U, T]
        hidden = torch.tanh(self.query_map(q).unsqueeze(2) + self.key_map(keys).unsqueeze(1))
        scores = self.v(hidden).squeeze(-1)
        return scores.squeeze(1) if squeeze else scores


SCORES = {"dot": DotScore, "general": GeneralScore, "additive": AdditiveScore}


def make_score(name: str, hidden_size: int) -> nn.Module:
    """Build a score module by name: ``"dot"``, ``"general"`` or ``"additive"``."""
    if name not in SCORES:
        raise ValueError(f"unknown attention score {name!r}; choose one of {sorted(SCORES)}")
    return DotScore() if name == "dot" else SCORES[name](hidden_size)
