"""Checks for the exercises of notebook 10 (the Transformer): attention, the causal mask, heads."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import torch

from ..i18n import tr
from .answers import tensors_close
from .engine import Case, Diagnosis, Exercise

_ATOL = 1e-5

# How the cases are named in verdicts (translated when the cases are built).
ATTENTION_LABEL = "case {number} (q of shape {q}, k of shape {k}, v of shape {v})"
MASK_LABEL = "causal_mask({n})"
HEADS_LABEL = "split_heads(x of shape {x}, heads={heads})"
LABELS = (ATTENTION_LABEL, MASK_LABEL, HEADS_LABEL)


_close = partial(tensors_close, atol=_ATOL)


# -- exercise 1: scaled dot-product attention ----------------------------------------------------
@dataclass(frozen=True)
class _Attention:
    """The right output, and what common mistakes give instead (all float64)."""

    out: torch.Tensor  # [T, d_v]
    weights: torch.Tensor  # [T, S]
    unscaled: torch.Tensor  # no division by sqrt(d_k)
    by_d: torch.Tensor  # divided by d_k instead of its square root
    over_queries: torch.Tensor  # softmax over the queries (dim 0) instead of the keys
    no_softmax: torch.Tensor  # raw scores times v
    sum_of_values: torch.Tensor  # plain sum of v per query: weights forgotten


def _attention_reference(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> _Attention:
    q, k, v = q.double(), k.double(), v.double()
    scores = q @ k.T
    d_k = q.shape[-1]
    weights = torch.softmax(scores / math.sqrt(d_k), dim=-1)
    return _Attention(
        out=weights @ v,
        weights=weights,
        unscaled=torch.softmax(scores, dim=-1) @ v,
        by_d=torch.softmax(scores / d_k, dim=-1) @ v,
        over_queries=torch.softmax(scores / math.sqrt(d_k), dim=0) @ v,
        no_softmax=(scores / math.sqrt(d_k)) @ v,
        sum_of_values=v.sum(dim=0).expand(q.shape[0], -1),
    )


def _attention_cases() -> list[Case]:
    """q [T, d_k], k [S, d_k], v [S, d_v], from a private generator; T != S and d_k != d_v in most cases."""
    gen = torch.Generator().manual_seed(10)
    cases = []
    for number, (t, s, d_k, d_v, spread) in enumerate(
        ((3, 5, 4, 2, 1.0), (1, 8, 16, 16, 2.0), (10, 8, 8, 3, 1.5), (4, 4, 9, 9, 3.0)), start=1
    ):
        q = spread * torch.randn(t, d_k, generator=gen)
        k = spread * torch.randn(s, d_k, generator=gen)
        v = torch.randn(s, d_v, generator=gen)
        label = tr(ATTENTION_LABEL, number=number, q=list(q.shape), k=list(k.shape), v=list(v.shape))
        cases.append(Case((q, k, v), _attention_reference(q, k, v), label))
    return cases


def _shape(got: object) -> tuple[int, ...] | None:
    return tuple(got.shape) if isinstance(got, torch.Tensor) else None


check_attention = Exercise(
    name="attention",
    cases=_attention_cases,
    returns=torch.Tensor,
    returns_hint="return a torch.Tensor: one output row per query.",
    same=lambda got, e: _close(got, e.out),
    diagnoses=(
        Diagnosis(
            lambda got, e: _shape(got) == tuple(e.weights.shape) and _shape(got) != tuple(e.out.shape),
            "{label}: the result has one column per key: these look like the weights. "
            "Multiply the weights by v to mix the values.",
        ),
        Diagnosis(
            lambda got, e: _shape(got) != tuple(e.out.shape),
            "{label}: the result has the wrong shape. It needs one row per query (the rows of q) and "
            "one column per feature of v.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.unscaled),
            "{label}: the scores are not scaled. Divide q k^T by the square root of d_k, the number of "
            "features of a query, before the softmax.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.by_d),
            "{label}: the scores are divided by d_k itself. The scale is its square root.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.over_queries),
            "{label}: the softmax runs over the queries. Each query's weights over the keys must sum to 1: "
            "softmax over the last axis.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.no_softmax),
            "{label}: the scores mix v without a softmax. Turn each row of scores into weights that are "
            "positive and sum to 1 first.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.sum_of_values),
            "{label}: every query gets the plain sum of the values. Weight each value by its softmax weight.",
        ),
    ),
    otherwise="{label}: the output differs from softmax(q k^T / sqrt(d_k)) v. Compute the scores, scale, "
    "softmax over the keys, then mix the rows of v.",
    success="{name} matches softmax(q k^T / sqrt(d_k)) v in all {count} cases, queries and keys of different "
    "numbers and sizes.",
)


# -- exercise 2: the causal mask -----------------------------------------------------------------
def _mask_cases() -> list[Case]:
    cases = []
    for n in (4, 1, 10):
        expected = torch.ones(n, n, dtype=torch.bool).tril()
        cases.append(Case((n,), expected, tr(MASK_LABEL, n=n)))
    return cases


def _as_bool(got: object) -> torch.Tensor:
    return torch.as_tensor(got).bool()


check_causal_mask = Exercise(
    name="causal_mask",
    cases=_mask_cases,
    returns=torch.Tensor,
    returns_hint="return a torch.Tensor of dtype torch.bool.",
    same=lambda got, e: got.dtype == torch.bool and got.shape == e.shape and torch.equal(got, e),
    diagnoses=(
        Diagnosis(
            lambda got, e: got.shape != e.shape,
            "{label}: the mask has the wrong shape. It has one row per query and one column per key, n of each.",
        ),
        Diagnosis(
            lambda got, e: got.dtype != torch.bool and torch.equal(_as_bool(got), e),
            "{label}: the pattern is right, but the tensor holds numbers. Make it dtype torch.bool, "
            "True where attention is allowed.",
        ),
        Diagnosis(
            lambda got, e: torch.equal(_as_bool(got), e.T) and e.shape[0] > 1,
            "{label}: the mask is transposed. Row t is query t, column s is key s: query t may look at keys 0..t.",
        ),
        Diagnosis(
            lambda got, e: torch.equal(_as_bool(got), ~e),
            "{label}: True and False are swapped. True means the query may look at that key.",
        ),
        Diagnosis(
            lambda got, e: torch.equal(_as_bool(got), e & ~torch.eye(e.shape[0], dtype=torch.bool)),
            "{label}: the diagonal is False, so position t cannot see its own input (and the first query "
            "sees nothing at all). Each position may look at itself.",
        ),
        Diagnosis(
            lambda got, e: bool(_as_bool(got).all()) and e.shape[0] > 1,
            "{label}: every key is allowed, so each position could read the tokens after it.",
        ),
    ),
    otherwise="{label}: the mask is not right. Row t is query t; it may look at keys 0..t and no later one.",
    success="{name} is right for all {count} lengths tried.",
)


# -- exercise 3: splitting the features into heads -----------------------------------------------
@dataclass(frozen=True)
class _Heads:
    out: torch.Tensor  # [B, h, T, d_k]
    no_transpose: torch.Tensor  # x.view(B, h, T, d_k): features and positions mixed up
    head_last: torch.Tensor  # [B, T, h, d_k]: not transposed
    interleaved: torch.Tensor  # feature i goes to head i % h


def _heads_cases() -> list[Case]:
    gen = torch.Generator().manual_seed(11)
    cases = []
    for batch, length, d_model, heads in ((2, 3, 8, 2), (1, 5, 12, 3), (3, 4, 8, 4), (2, 6, 6, 1)):
        x = torch.randn(batch, length, d_model, generator=gen)
        d_k = d_model // heads
        out = x.view(batch, length, heads, d_k).transpose(1, 2)
        expected = _Heads(
            out=out.double(),
            no_transpose=x.reshape(batch, heads, length, d_k).double(),
            head_last=x.view(batch, length, heads, d_k).double(),
            interleaved=x.view(batch, length, d_k, heads).permute(0, 3, 1, 2).double(),
        )
        cases.append(Case((x, heads), expected, tr(HEADS_LABEL, x=list(x.shape), heads=heads)))
    return cases


check_split_heads = Exercise(
    name="split_heads",
    cases=_heads_cases,
    returns=torch.Tensor,
    returns_hint="return a torch.Tensor of shape [B, heads, T, D / heads].",
    same=lambda got, e: _close(got, e.out),
    diagnoses=(
        Diagnosis(
            lambda got, e: _close(got, e.head_last),
            "{label}: the heads are split off but the result is [B, T, heads, d_k]. Move the head axis in "
            "front of the positions (transpose(1, 2)), so that each head holds a whole sequence.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.no_transpose) and not _close(got, e.out),
            "{label}: the shape is right but the numbers of different positions are mixed up: a view straight "
            "to [B, heads, T, d_k] cuts the memory in the wrong places. Split each position's features into "
            "heads first, then move the head axis.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.interleaved) and not _close(got, e.out),
            "{label}: feature i went to head i % heads. Each head takes a contiguous block of d_k features: "
            "head 0 gets features 0..d_k-1.",
        ),
        Diagnosis(
            lambda got, e: tuple(got.shape) != tuple(e.out.shape),
            "{label}: the result has the wrong shape. It is [B, heads, T, d_k], with d_k = D / heads.",
        ),
    ),
    otherwise="{label}: the shape is right, the numbers are not. Head j must hold features j*d_k .. "
    "(j+1)*d_k - 1 of every position, in order.",
    success="{name} splits the features like the library's MultiHeadAttention in all {count} cases.",
)


__all__ = ["check_attention", "check_causal_mask", "check_split_heads"]
