"""Checks for the exercises of notebook 05 (the mathematics of attention)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import CheckResult, call_answer, verdict


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _as_float_array(got: object, what: str) -> tuple[bool, np.ndarray | CheckResult]:
    try:
        array = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False, verdict(False, f"{what} returned {type(got).__name__}, which is not an array of numbers.")
    return True, array


def _show(values: np.ndarray) -> str:
    return np.array2string(np.asarray(values, dtype=np.float64), precision=4, suppress_small=True)


_SOFTMAX_CASES = (
    np.array([1.0, 2.0, 3.0]),
    np.array([0.5, -1.0, 0.0, 2.0]),
    np.array([-1000.0, -1000.0]),
    np.array([1000.0, 1001.0, 1002.0]),
    np.array([[1.0, 2.0, 0.0], [3.0, 5.0, 3.0]]),
    np.array([[800.0, 0.0], [0.0, 0.0]]),
)


def check_softmax(softmax: Callable[[np.ndarray], np.ndarray]) -> CheckResult:
    """``softmax(scores)``: weights over the last axis, safe for very large or very small scores."""
    what = "softmax"
    for scores in _SOFTMAX_CASES:
        given = scores.copy()
        with np.errstate(all="ignore"):
            ok, got = call_answer(softmax, given, what=what)
        if not ok:
            return got
        ok, got = _as_float_array(got, what)
        if not ok:
            return got
        if not np.array_equal(given, scores):
            return verdict(False, f"{what} changed the scores it was given; compute the result in a new array.")
        if got.shape != scores.shape:
            return verdict(
                False, f"for scores of shape {scores.shape} {what} returned shape {got.shape}; keep the shape."
            )
        if not np.all(np.isfinite(got)):
            return verdict(
                False,
                f"for scores {_show(scores)} {what} returns {_show(got)}: exp() overflows (or underflows) for "
                "numbers this far from 0. Softmax gives the same weights when the same number is added to "
                "every score of a row: use that to keep exp() in range.",
            )
        expected = _softmax(scores)
        if not np.allclose(got.sum(axis=-1), 1.0, atol=1e-9):
            if scores.ndim == 2:
                problem = (
                    f"each row should sum to 1, but the rows of your result sum to {_show(got.sum(axis=-1))}: "
                    "in a 2-D array every row is its own distribution"
                )
            else:
                problem = f"the weights should sum to 1, but yours sum to {got.sum():.4f}"
            return verdict(False, f"for scores {_show(scores)} {problem}.")
        if not np.allclose(got, expected, atol=1e-9):
            return verdict(
                False,
                f"for scores {_show(scores)} {what} returns {_show(got)}, which sums to 1 but is not softmax: "
                "each weight should be proportional to exp(score).",
            )
    return verdict(True, f"{what} is right on all {len(_SOFTMAX_CASES)} score arrays tried, huge scores included.")


_H = np.array([[0.2, -0.5, 1.0], [0.7, 0.1, -0.3], [-0.4, 0.9, 0.6], [1.5, 0.0, -1.2], [0.3, 0.3, 0.3]])
_CONTEXT_CASES = (
    np.array([0.0, 0.0, 1.0, 0.0, 0.0]),
    np.full(5, 0.2),
    np.array([0.1, 0.4, 0.05, 0.25, 0.2]),
)


def check_context_vector(context_vector: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> CheckResult:
    """``context_vector(alpha, h)``: alpha ``[T]``, h ``[T, H]`` -> c ``[H]``."""
    what = "context_vector"
    for alpha in _CONTEXT_CASES:
        ok, got = call_answer(context_vector, alpha.copy(), _H.copy(), what=what)
        if not ok:
            return got
        ok, got = _as_float_array(got, what)
        if not ok:
            return got
        expected = alpha @ _H
        if got.shape != expected.shape:
            if got.shape == _H.shape:
                hint = "you weight each h_j but do not add them up"
            elif got.shape == alpha.shape:
                hint = "you add up over the wrong axis: the sum runs over source positions j"
            else:
                hint = "c_t has one number per hidden unit"
            return verdict(
                False,
                f"with alpha of shape {alpha.shape} and h of shape {_H.shape} {what} returns shape {got.shape}, "
                f"expected {expected.shape}: {hint}.",
            )
        if not np.allclose(got, expected, atol=1e-9):
            if alpha.max() == 1.0:
                hint = "with all the weight on one position, c_t should be exactly that position's h_j"
            else:
                hint = "c_t is the weighted sum of the rows h_j, each row weighted by its alpha_j"
            return verdict(False, f"for alpha {_show(alpha)} {what} returns {_show(got)}; {hint}.")
    return verdict(True, f"{what} is right for all {len(_CONTEXT_CASES)} weightings tried.")


_MASK_CASES = (
    (np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, True, True, True])),
    (np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, True, True, False])),
    (np.array([0.5, 50.0, -1.0, 0.0]), np.array([True, False, True, True])),
    (np.array([2.0, 1.0, 0.0]), np.array([True, False, False])),
    (np.array([900.0, 901.0, 5.0]), np.array([True, True, False])),
)


def check_masked_softmax(masked_softmax: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> CheckResult:
    """``masked_softmax(scores, mask)``: softmax over the positions where ``mask`` is True; 0 elsewhere."""
    what = "masked_softmax"
    for scores, mask in _MASK_CASES:
        with np.errstate(all="ignore"):
            ok, got = call_answer(masked_softmax, scores.copy(), mask.copy(), what=what)
        if not ok:
            return got
        ok, got = _as_float_array(got, what)
        if not ok:
            return got
        shown = f"scores {_show(scores)} with mask {mask.tolist()}"
        if got.shape != scores.shape:
            return verdict(False, f"for {shown} {what} returns shape {got.shape}; keep the shape of the scores.")
        if not np.all(np.isfinite(got)):
            return verdict(
                False,
                f"for {shown} {what} returns {_show(got)}, which is not all finite numbers: exp() overflows for "
                "scores this large (the softmax exercise above shows how to avoid it).",
            )
        if np.any(got[~mask] != 0.0):
            return verdict(
                False,
                f"for {shown} {what} gives the padded positions the weights {_show(got[~mask])}; "
                "they must get exactly 0.",
            )
        if not np.isclose(got.sum(), 1.0, atol=1e-9):
            return verdict(
                False,
                f"for {shown} the weights sum to {got.sum():.4f}; the real positions should share all of the "
                "weight, as if the padded ones were not there at all.",
            )
        expected = np.zeros_like(scores)
        expected[mask] = _softmax(scores[mask])
        if not np.allclose(got, expected, atol=1e-9):
            return verdict(
                False,
                f"for {shown} {what} returns {_show(got)}: the real positions should get the softmax of their "
                "own scores only.",
            )
    return verdict(True, f"{what} is right for all {len(_MASK_CASES)} score/mask pairs tried.")


_W = np.array([[0.5, -1.0, 0.0], [0.25, 0.5, 1.0], [-0.5, 0.0, 2.0]])
_B = np.array([0.1, -0.2, 0.3])
_S = np.array([1.0, 0.5, -1.0])


def check_general_score(general_score: Callable[..., np.ndarray]) -> CheckResult:
    """``general_score(s, h, W, b)``: e_j = s . (W h_j + b) for every row h_j of h."""
    what = "general_score"
    for h in (_H, _H[:2], _H[::-1]):
        ok, got = call_answer(general_score, _S.copy(), h.copy(), _W.copy(), _B.copy(), what=what)
        if not ok:
            return got
        ok, got = _as_float_array(got, what)
        if not ok:
            return got
        expected = (h @ _W.T + _B) @ _S
        if got.shape != expected.shape:
            return verdict(
                False,
                f"with h of shape {h.shape} {what} returns shape {got.shape}; expected one score per source "
                f"position, shape {expected.shape}.",
            )
        if np.allclose(got, expected, atol=1e-9):
            continue
        difference = got - expected
        if np.allclose(difference, difference[0], atol=1e-9):
            hint = "every score is off by the same amount: look at the bias b"
        elif np.allclose(got, (h @ _W + _B) @ _S, atol=1e-9) or np.allclose(got, (h @ _W) @ _S, atol=1e-9):
            hint = "W is applied the wrong way round: it maps h_j as a column vector, W times h_j"
        else:
            hint = "map each h_j with W and b first, then take the dot product with s"
        return verdict(False, f"{what} returns {_show(got)}, expected other scores; {hint}.")
    return verdict(True, f"{what} gives the article's scores for all three sets of encoder outputs tried.")
