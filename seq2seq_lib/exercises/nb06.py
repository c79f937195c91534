"""Checks for the exercises of notebook 06 (the attention Seq2Seq model)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from . import CheckResult, call_answer, verdict

# Attention maps [L, S] with more source positions than output rows, so that the
# two axes cannot be confused without the shapes telling.
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


def _as_array(got: object, what: str, dtype: type) -> tuple[bool, np.ndarray | CheckResult]:
    try:
        if hasattr(got, "detach"):  # a torch tensor
            got = got.detach().cpu().numpy()
        return True, np.asarray(got, dtype=dtype)
    except (TypeError, ValueError):
        return False, verdict(False, f"{what} returned {type(got).__name__}, which is not an array of numbers.")


def check_most_attended(most_attended: Callable[[np.ndarray], Sequence[int]]) -> CheckResult:
    """``most_attended(alpha)``: alpha ``[L, S]`` -> for each output row, the source position with the largest weight."""
    what = "most_attended"
    for alpha in _ALPHAS:
        ok, got = call_answer(most_attended, alpha.copy(), what=what)
        if not ok:
            return got
        ok, got = _as_array(got, what, np.float64)
        if not ok:
            return got
        expected = alpha.argmax(axis=1)
        rows, positions = alpha.shape
        if got.shape != expected.shape:
            hint = (
                " (one per source position: the maximum is taken over the wrong axis)" if got.shape == (positions,) else ""
            )
            return verdict(
                False,
                f"for alpha of shape {alpha.shape} ({rows} output tokens, {positions} source characters) {what} "
                f"returns {got.size} numbers{hint}; expected one position per output token.",
            )
        if np.any(got != np.round(got)):
            return verdict(
                False,
                f"{what} returns {got.tolist()}: these are weights, but the question asks for positions "
                "(whole numbers counted from 0).",
            )
        if not np.array_equal(got.astype(np.int64), expected):
            return verdict(
                False,
                f"for the attention map with rows {[_row(r) for r in alpha]} {what} returns {got.astype(int).tolist()}; "
                "each answer should be the source position whose weight is the largest in its row.",
            )
    return verdict(True, f"{what} finds the most attended source position in all {len(_ALPHAS)} maps tried.")


def _row(row: np.ndarray) -> list[float]:
    return [round(float(v), 2) for v in row]


_PREDICTIONS = (
    ["05/Mar/2024", "31/Dec/1999", "01/Jan/2000", "29/Feb/2000"],
    ["05/Mar/2024", "31/Dec/1999", "01/Jan/2000", "29/Feb/2000"],
)
_FIELD_CASES: tuple[tuple[list[str], list[str], dict[str, float]], ...] = (
    (_PREDICTIONS[0], _PREDICTIONS[1], {"day": 1.0, "month": 1.0, "year": 1.0}),
    (
        ["05/Mar/2024", "13/Dec/1999", "01/Jan/2001", "29/Feb/2000"],
        _PREDICTIONS[1],
        {"day": 0.75, "month": 1.0, "year": 0.75},
    ),
    (
        ["05/Mar", "31/Dec/2099", "10/Jan/2000", "29/Mar/2000", "15/Jun/1986"],
        ["05/Mar/2024", "31/Dec/1999", "01/Jan/2000", "29/Feb/2000", "15/Jul/1986"],
        {"day": 0.8, "month": 0.6, "year": 0.6},
    ),
)


def check_field_accuracy(field_accuracy: Callable[[list[str], list[str]], dict[str, float]]) -> CheckResult:
    """``field_accuracy(predicted, truth)``: the share of dates whose day, month and year are right."""
    what = "field_accuracy"
    for predicted, truth, expected in _FIELD_CASES:
        ok, got = call_answer(field_accuracy, list(predicted), list(truth), what=what)
        if not ok:
            return got
        if not isinstance(got, dict) or set(got) != set(expected):
            keys = sorted(got) if isinstance(got, dict) else type(got).__name__
            return verdict(False, f"{what} should return a dict with the keys 'day', 'month' and 'year', got {keys}.")
        for field, share in expected.items():
            value = got[field]
            if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
                return verdict(False, f"{what} gives {value!r} for {field!r}; each value should be a number.")
            if not 0.0 <= float(value) <= 1.0:
                return verdict(
                    False,
                    f"{what} gives {float(value):g} for {field!r}: a share of dates lies between 0 and 1 "
                    "(divide by the number of dates).",
                )
            if not math.isclose(float(value), share, abs_tol=1e-9):
                return verdict(
                    False,
                    f"for the predictions {predicted} against {truth} {what} gives {field!r} = {float(value):g}; "
                    f"count a date's {field} as right only when that part alone matches the truth's.",
                )
    return verdict(True, f"{what} scores the three fields right in all {len(_FIELD_CASES)} cases tried.")


_ENTROPY_CASES = (
    np.array([[0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]),
    np.array([[0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.7, 0.1, 0.1, 0.1, 0.0, 0.0, 0.0, 0.0]]),
    np.array([[0.1, 0.2, 0.3, 0.4]]),
)


def _entropy(alpha: np.ndarray) -> np.ndarray:
    safe = np.where(alpha > 0, alpha, 1.0)
    return -(alpha * np.log(safe)).sum(axis=1)


def check_attention_entropy(attention_entropy: Callable[[np.ndarray], np.ndarray]) -> CheckResult:
    """``attention_entropy(alpha)``: alpha ``[L, S]`` -> the entropy (in nats) of every row."""
    what = "attention_entropy"
    for alpha in _ENTROPY_CASES:
        with np.errstate(all="ignore"):
            ok, got = call_answer(attention_entropy, alpha.copy(), what=what)
        if not ok:
            return got
        ok, got = _as_array(got, what, np.float64)
        if not ok:
            return got
        expected = _entropy(alpha)
        if got.shape != expected.shape:
            return verdict(
                False,
                f"for alpha of shape {alpha.shape} {what} returns shape {got.shape}; expected one entropy per "
                "output token (per row).",
            )
        if not np.all(np.isfinite(got)):
            return verdict(
                False,
                f"for rows {[_row(r) for r in alpha]} {what} returns {_row(got)}: a weight of exactly 0 "
                "contributes nothing to the entropy (0 log 0 counts as 0), but log(0) on its own is -inf.",
            )
        if np.allclose(got, expected, atol=1e-9):
            continue
        if np.allclose(got, expected / math.log(2), atol=1e-9):
            hint = "these are bits: use the natural logarithm, so that a uniform row over S positions gives log(S)"
        elif np.allclose(got, -expected, atol=1e-9):
            hint = "the sign is wrong: an entropy is never negative"
        else:
            hint = "a one-hot row should give 0 and a uniform row over S positions log(S)"
        return verdict(False, f"for rows {[_row(r) for r in alpha]} {what} returns {_row(got)}; {hint}.")
    return verdict(True, f"{what} is right for all {len(_ENTROPY_CASES)} attention maps tried.")
