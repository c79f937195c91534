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
    """``most_attended(alpha)``: alpha ``[L, S]`` -> for each output row, the position of its largest weight."""
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
                " (one per source position: the maximum is taken over the wrong axis)"
                if got.shape == (positions,)
                else ""
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
                f"for the attention map with rows {[_row(r) for r in alpha]} "
                f"{what} returns {got.astype(int).tolist()}; "
                "each answer should be the source position whose weight is the largest in its row.",
            )
    return verdict(True, f"{what} finds the most attended source position in all {len(_ALPHAS)} maps tried.")


def _row(row: np.ndarray) -> list[float]:
    return [round(float(v), 2) for v in row]


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


def _field_shares(alpha: np.ndarray) -> dict[str, np.ndarray]:
    return {field: alpha[:, list(positions)].sum(axis=1) for field, positions in SOURCE_FIELDS.items()}


def check_field_shares(field_shares: Callable[[np.ndarray], dict]) -> CheckResult:
    """``field_shares(alpha)``: alpha ``[L, 8]`` -> ``{field: [L]}``, each output token's total weight on each field."""
    what = "field_shares"
    for alpha in _FIELD_ALPHAS:
        ok, got = call_answer(field_shares, alpha.copy(), what=what)
        if not ok:
            return got
        expected = _field_shares(alpha)
        if not isinstance(got, dict) or set(got) != set(expected):
            keys = sorted(got) if isinstance(got, dict) else type(got).__name__
            return verdict(
                False,
                f"{what} should return a dict with the keys {sorted(expected)}, got {keys}.",
            )
        shares = {}
        for field in expected:
            ok, shares[field] = _as_array(got[field], f"{what}(...)[{field!r}]", np.float64)
            if not ok:
                return shares[field]
            if shares[field].shape != expected[field].shape:
                return verdict(
                    False,
                    f"for alpha of shape {alpha.shape} {what} gives {field!r} the shape {shares[field].shape}; "
                    "expected one number per output token (per row).",
                )
        rows = [_row(r) for r in alpha]
        total = sum(shares.values())
        if not np.allclose(total, 1.0, atol=1e-9):
            return verdict(
                False,
                f"for rows {rows} the four shares of a row add up to {_row(total)}, not 1: every source position "
                "belongs to exactly one field, the two '-' to 'separators'.",
            )
        for field in expected:
            if not np.allclose(shares[field], expected[field], atol=1e-9):
                if field in ("year", "day") and np.allclose(shares["year"], expected["day"], atol=1e-9):
                    hint = "the source is written yy-mm-dd: the year comes first"
                else:
                    hint = "add up the weights of the field's positions (counted from 0) in each row"
                return verdict(False, f"for rows {rows} {what} gives {field!r} = {_row(shares[field])}; {hint}.")
    return verdict(True, f"{what} splits the attention of every row right in all {len(_FIELD_ALPHAS)} maps tried.")


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
