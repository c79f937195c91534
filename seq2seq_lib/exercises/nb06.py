"""Checks for the exercises of notebook 06 (the attention Seq2Seq model)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch

from ..i18n import tr
from ..models import AttentionSeq2Seq
from ..tasks.copy import task_vocabulary
from ..tasks.dates import date_vocabulary
from .answers import arrays_close, as_floats, not_numbers, tensors_close
from .engine import Case, Diagnosis, Exercise

_ATOL = 1e-9
_TORCH_ATOL = 1e-5

# How the cases of the attention step are named in verdicts (translated when the cases are built).
STEP_LABEL = "step {step} of {model}, batch of {batch}"
MASKED_STEP_LABEL = "step {step} of {model}, batch of {batch}, some source positions padded"
LABELS = (STEP_LABEL, MASKED_STEP_LABEL)


_close = partial(arrays_close, atol=_ATOL)


def _rows(alpha: np.ndarray) -> str:
    return str([[round(float(v), 2) for v in row] for row in alpha])


# -- exercise 1: the most attended source character ---------------------------------------------
# Maps [U, T] with more source positions than output rows, so that the two axes cannot be confused.
_ALPHAS = (
    np.array(
        [
            [0.05, 0.05, 0.0, 0.0, 0.0, 0.0, 0.8, 0.1],
            [0.0, 0.0, 0.0, 0.1, 0.0, 0.0, 0.2, 0.7],
            [0.6, 0.3, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0],
        ]
    ),
    np.array([[0.1, 0.2, 0.3, 0.15, 0.25]]),
    np.array([[0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.4, 0.1]]),
)


def _attended_cases() -> list[Case]:
    return [Case((a,), a.argmax(axis=1), f"most_attended for the rows {_rows(a)}") for a in _ALPHAS]


check_most_attended = Exercise(
    name="most_attended",
    cases=_attended_cases,
    same=lambda got, e: _close(got, e.astype(np.float64)),
    diagnoses=(
        Diagnosis(lambda got, e: not_numbers(got), "{label} gives {got}, which is not a list or array of positions."),
        Diagnosis(
            lambda got, e: as_floats(got).size != e.size and as_floats(got).ndim == 1 and as_floats(got).size > e.size,
            "{label} gives {got}: one number per source position. The maximum is taken over the wrong axis: "
            "each output token (row) needs one answer.",
        ),
        Diagnosis(
            lambda got, e: as_floats(got).shape != e.shape,
            "{label} gives {got}: return one position per output token (per row).",
        ),
        Diagnosis(
            lambda got, e: bool(np.any(as_floats(got) != np.round(as_floats(got)))),
            "{label} gives {got}: these are weights, but the question asks for positions "
            "(whole numbers counted from 0).",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.astype(np.float64) + 1),
            "{label} gives {got}: the positions are counted from 1. Count them from 0, as NumPy indexes.",
        ),
    ),
    otherwise="{label} gives {got}: each answer is the source position whose weight is the largest in its row.",
    success="{name} finds the most attended source position in all {count} maps tried.",
)


# -- exercise 2: each field's share of the attention ---------------------------------------------
# Source positions of each field of ``yy-mm-dd``.
SOURCE_FIELDS = {"year": (0, 1), "separators": (2, 5), "month": (3, 4), "day": (6, 7)}

_FIELD_ALPHAS = (
    np.array(
        [
            [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        ]
    ),
    np.array(
        [
            [0.05, 0.1, 0.2, 0.05, 0.1, 0.3, 0.15, 0.05],
            [0.6, 0.2, 0.0, 0.0, 0.05, 0.05, 0.0, 0.1],
        ]
    ),
    np.array([[0.0, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.0]]),
)


def _shares(alpha: np.ndarray) -> dict[str, np.ndarray]:
    return {field: alpha[:, list(positions)].sum(axis=1) for field, positions in SOURCE_FIELDS.items()}


def _field_cases() -> list[Case]:
    return [Case((a,), _shares(a), f"field_shares for the rows {_rows(a)}") for a in _FIELD_ALPHAS]


def _same_keys(got: object, e: dict) -> bool:
    return isinstance(got, dict) and set(got) == set(e)


def _field_shapes_right(got: dict, e: dict) -> bool:
    return all(as_floats(got[field]).shape == e[field].shape for field in e)


def _same_shares(got: object, e: dict) -> bool:
    return _same_keys(got, e) and all(_close(got[field], e[field]) for field in e)  # type: ignore[index]


def _shares_do_not_add_up(got: dict, e: dict) -> bool:
    return not np.allclose(sum(as_floats(got[field]) for field in e), 1.0, atol=_ATOL)


check_field_shares = Exercise(
    name="field_shares",
    cases=_field_cases,
    returns=dict,
    returns_hint='return a dict with the keys "year", "month", "day" and "separators".',
    same=_same_shares,
    diagnoses=(
        Diagnosis(
            lambda got, e: not _same_keys(got, e),
            '{label} gives {got}: use exactly the keys "year", "month", "day" and "separators".',
        ),
        Diagnosis(
            lambda got, e: not _field_shapes_right(got, e),
            "{label}: a field's value has the wrong shape. Each is one number per output token (per row).",
        ),
        Diagnosis(
            lambda got, e: _close(got["year"], e["day"]) and _close(got["day"], e["year"]),
            "{label}: the year and the day are swapped. The source is written yy-mm-dd: the year comes first.",
        ),
        Diagnosis(
            _shares_do_not_add_up,
            "{label}: the four shares of a row do not add up to 1. Every source position belongs to exactly one "
            "field, the two '-' to \"separators\".",
        ),
    ),
    otherwise="{label} gives {got}: add up the weights of each field's positions (counted from 0), row by row.",
    success="{name} splits the attention of every row right in all {count} maps tried.",
)


# -- exercise 3: how sharp is the attention? -----------------------------------------------------
_ENTROPY_ALPHAS = (
    np.array([[0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]),
    np.array([[0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.7, 0.1, 0.1, 0.1, 0.0, 0.0, 0.0, 0.0]]),
    np.array([[0.1, 0.2, 0.3, 0.4]]),
)


def _entropy(alpha: np.ndarray) -> np.ndarray:
    safe = np.where(alpha > 0, alpha, 1.0)
    return -(alpha * np.log(safe)).sum(axis=1)


def _entropy_cases() -> list[Case]:
    return [Case((a,), _entropy(a), f"attention_entropy for the rows {_rows(a)}") for a in _ENTROPY_ALPHAS]


check_attention_entropy = Exercise(
    name="attention_entropy",
    cases=_entropy_cases,
    same=_close,
    diagnoses=(
        Diagnosis(lambda got, e: not_numbers(got), "{label} gives {got}, which is not an array of numbers."),
        Diagnosis(
            lambda got, e: as_floats(got).shape != e.shape,
            "{label} gives {got}: return one entropy per output token (per row).",
        ),
        Diagnosis(
            lambda got, e: not bool(np.all(np.isfinite(as_floats(got)))),
            "{label} gives {got}: a weight of exactly 0 contributes nothing to the entropy (0 log 0 counts as 0), "
            "but log(0) on its own is -inf.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e / math.log(2)),
            "{label} gives {got}: these are bits. Use the natural logarithm (nats), np.log.",
        ),
        Diagnosis(
            lambda got, e: _close(got, -e), "{label} gives {got}: the sign is wrong; an entropy is never negative."
        ),
    ),
    otherwise="{label} gives {got}: a one-hot row has entropy 0 and a uniform row over T positions log(T).",
    success="{name} is right for all {count} attention maps tried.",
)


# -- exercise 4: one attention decoder step -------------------------------------------------------
@dataclass(frozen=True)
class _Step:
    """What model.step gives, and what some common mistakes give instead."""

    logits: torch.Tensor  # [B, V]
    s: torch.Tensor  # [1, B, H]
    m: torch.Tensor
    alpha: torch.Tensor  # [B, T]
    given_s: torch.Tensor
    given_m: torch.Tensor
    scores: torch.Tensor  # e_{t,j}, before the softmax
    unmasked_alpha: torch.Tensor | None  # the weights if the mask is ignored (None: nothing padded)
    query_s_t_alpha: torch.Tensor  # the weights of Luong's query s_t instead of s_{t-1}
    swapped_output: torch.Tensor  # logits of [s_t; c_t]
    mean_context: torch.Tensor  # logits with the plain average of the h_j as the context
    old_state_output: torch.Tensor  # logits of [c_t; s_{t-1}]: the LSTM step left out
    vocab_size: int
    units: int
    source_len: int


def _expected_step(model: AttentionSeq2Seq, tokens, state, memory, mask) -> _Step:
    with torch.no_grad():
        logits, (s, m), alpha = model.step(tokens, state, memory, mask)
        scores = model.score(state[0][0], memory)
        unmasked = torch.softmax(scores, dim=-1) if mask is not None else None
        luong_context, luong_alpha = model.attend(s[0], memory, mask)
        context, _ = model.attend(state[0][0], memory, mask)
        swapped = model.output(torch.cat([s[0], context], dim=-1))
        mean_context = model.output(torch.cat([memory.mean(dim=1), s[0]], dim=-1))
        old_state = model.output(torch.cat([context, state[0][0]], dim=-1))
    return _Step(
        logits,
        s,
        m,
        alpha,
        *state,
        scores,
        unmasked,
        luong_alpha,
        swapped,
        mean_context,
        old_state,
        len(model.vocab),
        model.units,
        memory.shape[1],
    )


def _build(vocab, embedding_dim: int, units: int, score: str, seed: int) -> AttentionSeq2Seq:
    with torch.random.fork_rng(devices=[]):  # leave the learner's random numbers alone
        torch.manual_seed(seed)
        model = AttentionSeq2Seq(vocab, embedding_dim=embedding_dim, units=units, score=score)
    return model.eval()


def _step_cases() -> list[Case]:
    """Four models; two steps each; the last one with padded sources (a mask)."""
    gen = torch.Generator().manual_seed(6)
    other = task_vocabulary()
    setups = [
        (date_vocabulary(), 16, 32, "general", 5, False, "AttentionSeq2Seq(vocab)"),
        (date_vocabulary(), 8, 4, "general", 1, False, "AttentionSeq2Seq(vocab, embedding_dim=8, units=4)"),
        (date_vocabulary(), 6, 10, "dot", 3, False, 'AttentionSeq2Seq(vocab, embedding_dim=6, units=10, score="dot")'),
        (other, 6, 12, "general", 4, True, "AttentionSeq2Seq(other_vocab, embedding_dim=6, units=12)"),
    ]
    cases = []
    for number, (vocab, embedding_dim, units, score, batch, padded, name) in enumerate(setups, start=1):
        model = _build(vocab, embedding_dim, units, score, seed=10 + number)
        src = torch.randint(3, len(vocab), (batch, 8), generator=gen)
        if padded:  # right padding of different lengths; the first row keeps all 8 positions
            for row, length in enumerate((8, 5, 3, 6)[:batch]):
                src[row, length:] = vocab.pad_id
        with torch.no_grad():
            mask = model.source_mask(src)
            memory, encoder_state = model.encode(src, mask)
            state = model.initial_state(encoder_state)
        tokens = torch.full((batch,), vocab.go_id, dtype=torch.long)
        for step_number in (1, 2):
            expected = _expected_step(model, tokens, state, memory, mask)
            template = MASKED_STEP_LABEL if padded else STEP_LABEL
            label = tr(template, step=step_number, model=name, batch=batch)
            cases.append(Case((model, tokens, state, memory, mask), expected, label))
            state = (expected.s, expected.m)
            tokens = torch.randint(3, len(vocab), (batch,), generator=gen)
    return cases


_t_close = partial(tensors_close, atol=_TORCH_ATOL)


def _parts(got: object) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(logits, s, m, alpha) of an answer shaped like (logits, (s, m), alpha); raises if it is not."""
    logits, (s, m), alpha = got
    if not all(isinstance(t, torch.Tensor) for t in (logits, s, m, alpha)):
        raise TypeError("not tensors")
    return logits, s, m, alpha


def _well_formed(got: object) -> bool:
    try:
        _parts(got)
    except Exception:
        return False
    return True


def _same_step(got: object, e: _Step) -> bool:
    if not _well_formed(got):
        return False
    logits, s, m, alpha = _parts(got)
    return _t_close(logits, e.logits) and _t_close(s, e.s) and _t_close(m, e.m) and _t_close(alpha, e.alpha)


def _alpha(got: object) -> torch.Tensor:
    return _parts(got)[3]


def _logits(got: object) -> torch.Tensor:
    return _parts(got)[0]


def _rows_do_not_sum_to_one(got: object, e: _Step) -> bool:
    alpha = _alpha(got).detach().double()
    return not torch.allclose(alpha.sum(dim=-1), torch.ones(alpha.shape[0], dtype=torch.float64), atol=1e-5)


def _old_state(got: object, e: _Step) -> bool:
    _, s, m, _ = _parts(got)
    return _t_close(s, e.given_s) and _t_close(m, e.given_m)


def _swapped_state(got: object, e: _Step) -> bool:
    _, s, m, _ = _parts(got)
    return _t_close(s, e.m) and _t_close(m, e.s)


check_attention_step = Exercise(
    name="attention_step",
    cases=_step_cases,
    returns=tuple,
    returns_hint="return a triple (logits, (s, m), alpha), as model.step does.",
    same=_same_step,
    diagnoses=(
        Diagnosis(
            lambda got, e: not _well_formed(got),
            "{label} did not return a triple (logits, (s, m), alpha) of tensors: the scores, the new state "
            "as nn.LSTM returns it, and the attention weights.",
        ),
        Diagnosis(
            lambda got, e: _alpha(got).shape != e.alpha.shape,
            "{label}: alpha has the wrong shape. It holds one weight per source position for every example, [B, T].",
        ),
        Diagnosis(
            lambda got, e: _t_close(_alpha(got), e.scores),
            "{label}: alpha holds the scores e_{{t,j}}, not yet passed through the softmax.",
        ),
        Diagnosis(
            _rows_do_not_sum_to_one,
            "{label}: the weights of an example do not sum to 1. The softmax runs over the source positions, "
            "the last axis (dim=-1).",
        ),
        Diagnosis(
            lambda got, e: _t_close(_alpha(got), e.unmasked_alpha),
            "{label}: padded source positions got some weight. Give them the score -inf before the softmax "
            "(scores.masked_fill(~mask, float('-inf'))), so that their weight is exactly 0.",
        ),
        Diagnosis(
            lambda got, e: _t_close(_alpha(got), e.query_s_t_alpha),
            "{label}: alpha was computed from the new state s_t (Luong's query). In this model the query is "
            "the state before the step, s_{{t-1}}: attend first, then run the LSTM.",
        ),
        Diagnosis(
            lambda got, e: not _t_close(_alpha(got), e.alpha),
            "{label}: alpha differs from model.step's. The scores are model.score(s_{{t-1}}, memory), with "
            "s_{{t-1}} = state[0][0], [B, H].",
        ),
        Diagnosis(
            lambda got, e: _logits(got).shape == (e.logits.shape[0], 1, e.vocab_size),
            "{label}: the logits still have nn.LSTM's time axis of length 1: they must be [B, V].",
        ),
        Diagnosis(
            lambda got, e: _logits(got).shape != e.logits.shape,
            "{label}: the logits have the wrong shape. One row per example, one score per token: [B, V].",
        ),
        Diagnosis(
            lambda got, e: _t_close(_logits(got), e.swapped_output),
            "{label}: the output layer reads [s_t; c_t]. Its weights expect [c_t; s_t]: the context first.",
        ),
        Diagnosis(
            lambda got, e: _t_close(_logits(got), e.mean_context),
            "{label}: the context is the plain average of the h_j. Weight each h_j by its alpha_{{t,j}}.",
        ),
        Diagnosis(
            lambda got, e: _t_close(_logits(got), e.old_state_output),
            "{label}: the output layer reads the state given, s_{{t-1}}. Run the LSTM one step and use "
            "its new output s_t.",
        ),
        Diagnosis(
            lambda got, e: not _t_close(_logits(got), e.logits),
            "{label}: the weights are right but the logits differ from model.step's. The LSTM reads the "
            "embedding of the previous token (model.decoder_embedding, then model.decoder), and the output "
            "layer reads torch.cat([c_t, s_t], dim=-1).",
        ),
        Diagnosis(
            _old_state,
            "{label}: the logits are right, but the state returned is the one you were given: "
            "return the new one that model.decoder gives.",
        ),
        Diagnosis(_swapped_state, "{label}: s and m are swapped. nn.LSTM returns (s, m), the hidden state first."),
    ),
    otherwise="{label}: the logits and weights are right, but the new state (s, m) is not the one "
    "model.decoder returns, in its layout [1, B, H].",
    success="{name} gives model.step's logits, new state and weights in all {count} cases: four models, "
    "two steps each, padded sources among them.",
)
