"""Checks for the exercises of notebook 07 (accuracy against input length, with and without attention)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import torch

from ..i18n import tr
from ..tasks.copy import LengthTaskDataset
from .answers import arrays_close, as_floats
from .engine import Case, Diagnosis, Exercise

# How the cases are named in verdicts (translated when the cases are built, so in the learner's language).
POSITIONS_LABEL = "case {number} ({batch} strings of {low} to {high} digits)"
DIAGONAL_LABEL = "case {number} (weights of a {length}-digit string, shape {shape})"
LABELS = (POSITIONS_LABEL, DIAGONAL_LABEL)

_ATOL = 1e-5


_close = partial(arrays_close, atol=_ATOL)


# -- exercise 1: accuracy at each output position ------------------------------------------------
@dataclass(frozen=True)
class _Positions:
    accuracy: np.ndarray  # [U]: share right among the strings that have a token there
    with_padding: np.ndarray  # padded positions counted (as right: both sides are <PAD>)
    padding_wrong: np.ndarray  # every string in the denominator, padding counted as wrong
    by_prediction: np.ndarray  # positions chosen by where the prediction is not padding
    hits: np.ndarray  # [U] number right, not a share
    per_string: np.ndarray  # [B] the mean over positions instead
    overall: float  # one number: the token accuracy
    batch: int


def _expected_positions(predicted: torch.Tensor, target: torch.Tensor, pad_id: int) -> _Positions:
    right = (predicted == target).double()  # [B, U]
    real = (target != pad_id).double()
    hits = (right * real).sum(dim=0)
    return _Positions(
        accuracy=(hits / real.sum(dim=0)).numpy(),
        with_padding=right.mean(dim=0).numpy(),
        padding_wrong=(hits / len(target)).numpy(),
        by_prediction=(((predicted == target) & (predicted != pad_id)).sum(dim=0) / (predicted != pad_id).sum(dim=0))
        .double()
        .numpy(),
        hits=hits.numpy(),
        per_string=((right * real).sum(dim=1) / real.sum(dim=1)).numpy(),
        overall=float(hits.sum() / real.sum()),
        batch=len(target),
    )


def _corrupt(
    target: torch.Tensor, pad_id: int, eos_id: int, share: float, gen: torch.Generator, digits: range
) -> torch.Tensor:
    """A prediction as greedy decoding gives one, padded to the target's width.

    Some real tokens are replaced by random digits (more of them later on); every third string
    ends one token early (<EOS>, then <PAD>) and every fourth runs on past its end with a digit.
    """
    position = torch.arange(target.shape[1], dtype=torch.float64) / max(1, target.shape[1] - 1)
    wrong_rate = share * (0.3 + position)  # [U]: later positions go wrong more often, as in greedy decoding
    wrong = (torch.rand(target.shape, generator=gen, dtype=torch.float64) < wrong_rate) & (target != pad_id)
    noise = torch.randint(digits.start, digits.stop, target.shape, generator=gen)
    predicted = torch.where(wrong, noise, target)
    lengths = (target != pad_id).sum(dim=1)  # digits + <EOS>
    for row, length in enumerate(lengths.tolist()):
        if row % 3 == 2 and length > 2:  # stops one digit early
            predicted[row, length - 2] = eos_id
            predicted[row, length - 1 :] = pad_id
        elif row % 4 == 3 and length < target.shape[1]:  # a digit instead of <EOS>, then <EOS> past the end
            predicted[row, length - 1] = int(noise[row, length - 1])
            predicted[row, length] = eos_id
    return predicted


def _position_cases() -> list[Case]:
    """Copy-task targets of one length (no padding), then of mixed lengths (padded), then a batch of one."""
    gen = torch.Generator().manual_seed(7)
    setups = ((12, 6, 6, 0.3), (20, 3, 8, 0.4), (50, 3, 15, 0.5), (1, 4, 9, 0.5))
    cases = []
    for number, (batch, low, high, share) in enumerate(setups, start=1):
        data = LengthTaskDataset(batch, low, high, seed=number)
        target = data.tensors()[1][:, 1:]  # [B, U]: digits, <EOS>, then <PAD>
        target = target[:, : int((target != data.vocab.pad_id).sum(dim=1).max())]  # no all-padding column
        digits = range(data.vocab.encode("0")[0], data.vocab.encode("9")[0] + 1)
        predicted = _corrupt(target, data.vocab.pad_id, data.vocab.eos_id, share, gen, digits)
        label = tr(POSITIONS_LABEL, number=number, batch=batch, low=low, high=high)
        expected = _expected_positions(predicted, target, data.vocab.pad_id)
        cases.append(Case((predicted, target, data.vocab.pad_id), expected, label))
    return cases


def _shape(got: object) -> tuple[int, ...]:
    return as_floats(got).shape


check_position_accuracy = Exercise(
    name="position_accuracy",
    cases=_position_cases,
    returns=(torch.Tensor, np.ndarray, list),
    returns_hint="return a tensor (or array) with one accuracy per output position.",
    same=lambda got, e: _close(got, e.accuracy),
    diagnoses=(
        Diagnosis(
            lambda got, e: _shape(got) == (),
            "{label} gives {got}: one number for all positions. Return one accuracy per output position, [U] numbers.",
        ),
        Diagnosis(
            lambda got, e: _shape(got) == (e.batch,) and e.batch != len(e.accuracy),
            "{label} gives one number per string: the mean is taken over the wrong axis. "
            "Average over the strings (dim 0), one result per position.",
        ),
        Diagnosis(
            lambda got, e: _shape(got) != e.accuracy.shape,
            "{label} gives {got}, which has the wrong shape: return one accuracy per output position, as many as "
            "target has columns.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.hits),
            "{label} gives counts, not shares: divide the number right at each position by the number "
            "of strings that have a token there.",
        ),
        Diagnosis(
            lambda got, e: _close(got, 1 - e.accuracy),
            "{label} gives the share of wrong tokens at each position, not the share of right ones.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.with_padding),
            "{label} counts the padding: where a short string has ended, both sides hold <PAD> and agree, "
            "which makes late positions look too good. Count only positions where target is not pad_id.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.padding_wrong),
            "{label} divides by every string, also those that have already ended at that position: late "
            "positions look too bad. Divide by the number of strings that have a real token there.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.by_prediction),
            "{label} decides which positions count from the prediction. A prediction may stop early or run "
            "on; the target says where each string really has a token: mask with target != pad_id.",
        ),
    ),
    otherwise="{label} gives {got}, which is not the share of right tokens at each position. Compare "
    "predicted and target element by element, keep the positions where target is not padding, and "
    "average each column over the strings that count.",
    success="{name} is right on all {count} batches tried, padded ones among them.",
)


# -- exercise 2: the attention's diagonal share --------------------------------------------------
@dataclass(frozen=True)
class _Diagonal:
    share: float  # mean over the L digit rows of alpha[t, t]
    with_eos_row: float  # the <EOS> row counted too (as 0)
    total: float  # the sum, not the mean
    anti: float  # the reverse task's diagonal
    shifted: tuple[float, ...]  # one position off, either way
    argmax_rows: float  # share of rows whose largest weight sits on the diagonal
    uniform: float  # the mean of all weights


def _mean_or_nan(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else float("nan")


def _expected_diagonal(alpha: np.ndarray) -> _Diagonal:
    length = alpha.shape[1]
    digits = alpha[:length]  # [L, L]: the rows that write a digit
    diagonal = np.diagonal(digits)
    return _Diagonal(
        share=float(diagonal.mean()),
        with_eos_row=float(diagonal.sum() / alpha.shape[0]),
        total=float(diagonal.sum()),
        anti=float(np.diagonal(digits[:, ::-1]).mean()),
        shifted=(_mean_or_nan(np.diagonal(alpha, offset=1)), _mean_or_nan(np.diagonal(alpha, offset=-1))),
        argmax_rows=float((digits.argmax(axis=1) == np.arange(length)).mean()),
        uniform=float(alpha.mean()),
    )


def _weights(gen: np.random.Generator, length: int, sharpness: float, offset: int = 0) -> np.ndarray:
    """Attention weights [L + 1, L] of a copy: peaked near the diagonal (shifted by ``offset``), rows sum to 1."""
    rows = np.arange(length + 1)[:, None]
    columns = np.arange(length)[None, :]
    scores = -sharpness * np.abs(columns - np.minimum(rows + offset, length - 1)) + gen.normal(
        0, 1.0, (length + 1, length)
    )
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def _diagonal_cases() -> list[Case]:
    gen = np.random.default_rng(11)
    alphas = [
        _weights(gen, 6, 2.0),
        _weights(gen, 12, 1.0),
        _weights(gen, 9, 0.3, offset=1),  # a model that reads one position ahead: a small share
        _weights(gen, 3, 4.0),
        _weights(gen, 15, 0.8),
    ]
    cases = []
    for number, alpha in enumerate(alphas, start=1):
        alpha = alpha.astype(np.float32)
        label = tr(DIAGONAL_LABEL, number=number, length=alpha.shape[1], shape=list(alpha.shape))
        cases.append(Case((alpha,), _expected_diagonal(alpha.astype(np.float64)), label))
    return cases


def _number(got: object) -> float:
    """A learner's number (Python, NumPy or a 0-d tensor) as a float; raises for anything else."""
    if isinstance(got, torch.Tensor):
        if got.dim() != 0:
            raise TypeError("not one number")
        return float(got)
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise TypeError("not a number")
    return float(got)


def _is(got: object, value: float) -> bool:
    try:
        return abs(_number(got) - value) < 1e-4
    except (TypeError, ValueError):
        return False


check_diagonal_share = Exercise(
    name="diagonal_share",
    cases=_diagonal_cases,
    returns=(float, int, np.floating, torch.Tensor),
    returns_hint="return one number (a float).",
    same=lambda got, e: _is(got, e.share),
    diagnoses=(
        Diagnosis(
            lambda got, e: isinstance(got, torch.Tensor) and got.dim() != 0,
            "{label} gives a tensor of several numbers: return their mean, one number.",
        ),
        Diagnosis(
            lambda got, e: _is(got, e.total),
            "{label} gives {got}: the sum of the diagonal weights, not their mean. A share lies between 0 and 1.",
        ),
        Diagnosis(
            lambda got, e: _is(got, e.with_eos_row),
            "{label} gives {got}: the <EOS> row is counted. alpha has one more row than columns; the last "
            "row writes <EOS> and has no diagonal entry: average over the L digit rows only.",
        ),
        Diagnosis(
            lambda got, e: _is(got, e.anti),
            "{label} gives {got}: that is the anti-diagonal, where the reverse task would look. "
            "A copy writes digit t from source position t.",
        ),
        Diagnosis(
            lambda got, e: any(_is(got, value) for value in e.shifted),
            "{label} gives {got}: the diagonal is one position off. Output row t (counted from 0) pairs "
            "with source column t.",
        ),
        Diagnosis(
            lambda got, e: _is(got, e.argmax_rows),
            "{label} gives {got}: the share of rows whose largest weight is on the diagonal. The exercise asks "
            "for the weight itself: the mean of alpha[t, t].",
        ),
        Diagnosis(
            lambda got, e: _is(got, e.uniform),
            "{label} gives {got}: the mean of all weights. Take only the diagonal entries alpha[t, t].",
        ),
    ),
    otherwise="{label} gives {got}, which is not the mean weight on the diagonal of the digit rows.",
    success="{name} is right for all {count} attention maps tried.",
)


__all__ = ["LABELS", "check_diagonal_share", "check_position_accuracy"]
