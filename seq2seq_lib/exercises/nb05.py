"""Checks for the exercises of notebook 05 (the mathematics of attention), in NumPy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from .answers import arrays_close, as_floats
from .engine import Case, Diagnosis, Exercise

_ATOL = 1e-9


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


_close = partial(arrays_close, atol=_ATOL)


def _shown(values: np.ndarray) -> str:
    text = np.array2string(np.asarray(values, dtype=np.float64), precision=4, suppress_small=True, separator=", ")
    return " ".join(text.split())  # one line, even for a 2-D array


# -- exercise 1: softmax -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Softmax:
    scores: np.ndarray
    alpha: np.ndarray


_SOFTMAX_SCORES = (
    np.array([1.0, 2.0, 3.0]),
    np.array([0.5, -1.0, 0.0, 2.0]),
    np.array([[1.0, 2.0, 0.0], [3.0, 5.0, 3.0]]),
    np.array([-1000.0, -1000.0]),
    np.array([1000.0, 1001.0, 1002.0]),
    np.array([[800.0, 0.0], [0.0, 0.0]]),
)


def _softmax_cases() -> list[Case]:
    return [Case((s,), _Softmax(s, _softmax(s)), f"softmax({_shown(s)})") for s in _SOFTMAX_SCORES]


def _not_finite(got: object, e: object) -> bool:
    return not bool(np.all(np.isfinite(as_floats(got))))


def _one_distribution_for_all(got: object, e: _Softmax) -> bool:
    array = as_floats(got)
    return e.scores.ndim == 2 and np.isclose(array.sum(), 1.0) and not np.allclose(array.sum(axis=-1), 1.0)


def _columns(got: object, e: _Softmax) -> bool:
    return e.scores.ndim == 2 and _close(got, _softmax(e.scores.T).T)


check_softmax = Exercise(
    name="softmax",
    cases=_softmax_cases,
    returns=np.ndarray,
    returns_hint="return a NumPy array (np.ndarray) with one weight per score.",
    same=lambda got, e: _close(got, e.alpha),
    diagnoses=(
        Diagnosis(
            lambda got, e: as_floats(got).shape != e.alpha.shape,
            "{label} gives an array of another shape: return one weight per score, in the shape of the scores.",
        ),
        Diagnosis(
            _not_finite,
            "{label} gives {got}: exp() overflows (or underflows to 0 everywhere) for scores this far from 0. "
            "Softmax gives the same weights when one number is added to every score of a row: use that to keep "
            "exp() in range, row by row.",
        ),
        Diagnosis(
            _one_distribution_for_all,
            "{label} gives {got}: the whole array sums to 1, but each row must: in a 2-D array every row is its "
            "own distribution (sum over the last axis, keeping it: keepdims=True).",
        ),
        Diagnosis(
            _columns,
            "{label} gives {got}: the columns sum to 1, not the rows. Softmax runs over the last axis.",
        ),
        Diagnosis(
            lambda got, e: (
                _close(got, np.exp(e.scores - e.scores.max(axis=-1, keepdims=True))) or _close(got, np.exp(e.scores))
            ),
            "{label} gives {got}: these are the exponentials, not yet divided by their total.",
        ),
        Diagnosis(
            lambda got, e: not np.allclose(as_floats(got).sum(axis=-1), 1.0),
            "{label} gives {got}: the weights of a row do not sum to 1.",
        ),
    ),
    otherwise="{label} gives {got}: the weights sum to 1, but they are not softmax: "
    "each weight must be proportional to exp(score).",
    success="{name} is right on all {count} score arrays tried, huge ones and 2-D ones included.",
)


# -- exercise 2: the context vector ----------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    alpha: np.ndarray
    h: np.ndarray
    c: np.ndarray


_H = np.array([[0.2, -0.5, 1.0], [0.7, 0.1, -0.3], [-0.4, 0.9, 0.6], [1.5, 0.0, -1.2], [0.3, 0.3, 0.3]])
_H_SQUARE = np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5], [1.0, 0.25, 0.75]])
_ALPHAS = (
    (np.array([0.0, 0.0, 1.0, 0.0, 0.0]), _H),
    (np.full(5, 0.2), _H),
    (np.array([0.1, 0.4, 0.05, 0.25, 0.2]), _H),
    (np.array([0.7, 0.2, 0.1]), _H_SQUARE),
)


def _context_cases() -> list[Case]:
    cases = []
    for alpha, h in _ALPHAS:
        label = f"context_vector(alpha={_shown(alpha)}, h of shape {h.shape})"
        cases.append(Case((alpha, h), _Context(alpha, h, alpha @ h), label))
    return cases


check_context_vector = Exercise(
    name="context_vector",
    cases=_context_cases,
    returns=np.ndarray,
    returns_hint="return a NumPy array (np.ndarray), the vector c.",
    same=lambda got, e: _close(got, e.c),
    diagnoses=(
        Diagnosis(
            lambda got, e: as_floats(got).shape == e.h.shape,
            "{label} gives an array of shape [T, H]: each h_j is weighted, but the weighted rows are not added up.",
        ),
        Diagnosis(
            lambda got, e: as_floats(got).shape == e.alpha.shape and e.alpha.shape != e.c.shape,
            "{label} gives one number per source position: the sum runs over the wrong axis. c has one number "
            "per hidden unit; the sum runs over the positions j.",
        ),
        Diagnosis(
            lambda got, e: as_floats(got).shape != e.c.shape,
            "{label} gives an array of the wrong shape: c has one number per hidden unit, shape [H].",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.h.mean(axis=0)) or _close(got, e.h.sum(axis=0)),
            "{label} gives {got}: the rows h_j are added up without their weights alpha_j.",
        ),
        Diagnosis(
            lambda got, e: _close(got, (e.h * e.alpha[None, :]).sum(axis=0)) or _close(got, e.h @ e.alpha),
            "{label} gives {got}: the weights multiply the columns of h. Each alpha_j belongs to a row, the "
            "encoder output h_j (alpha[:, None] * h, or alpha @ h).",
        ),
    ),
    otherwise="{label} gives {got}: c is the sum of the rows h_j, each multiplied by its own alpha_j.",
    success="{name} is right for all {count} weightings tried, a one-hot one and a square h among them.",
)


# -- exercise 3: masked softmax --------------------------------------------------------------------
@dataclass(frozen=True)
class _Masked:
    scores: np.ndarray
    mask: np.ndarray
    alpha: np.ndarray


_MASK_CASES = (
    (np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, True, True, True])),
    (np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, True, True, False])),
    (np.array([0.5, 50.0, -1.0, 0.0]), np.array([True, False, True, True])),
    (np.array([-2.0, 1.0, 0.0]), np.array([True, False, False])),
    (np.array([900.0, 901.0, 5.0]), np.array([True, True, False])),
)


def _masked_cases() -> list[Case]:
    cases = []
    for scores, mask in _MASK_CASES:
        alpha = np.zeros_like(scores)
        alpha[mask] = _softmax(scores[mask])
        label = f"masked_softmax({_shown(scores)}, mask={mask.tolist()})"
        cases.append(Case((scores, mask), _Masked(scores, mask, alpha), label))
    return cases


def _masked_right(got: object, e: _Masked) -> bool:
    array = as_floats(got)
    return _close(array, e.alpha) and bool(np.all(array[~e.mask] == 0.0))


def _padded_nonzero(got: object, e: _Masked) -> bool:
    return bool(np.any(as_floats(got)[~e.mask] != 0.0))


def _not_renormalised(got: object, e: _Masked) -> bool:
    kept = np.where(e.mask, _softmax(e.scores), 0.0)
    return _close(got, kept)


check_masked_softmax = Exercise(
    name="masked_softmax",
    cases=_masked_cases,
    returns=np.ndarray,
    returns_hint="return a NumPy array (np.ndarray) with one weight per score.",
    same=_masked_right,
    diagnoses=(
        Diagnosis(
            lambda got, e: as_floats(got).shape != e.scores.shape,
            "{label} gives an array of another shape: keep one weight per score, padded positions included.",
        ),
        Diagnosis(
            _not_finite,
            "{label} gives {got}, which is not all finite numbers: exp() overflows for scores this large "
            "(exercise 1 shows how to avoid it).",
        ),
        Diagnosis(
            lambda got, e: _close(got, _softmax(np.where(e.mask, e.scores, 0.0))),
            "{label} gives {got}: a padded position got the score 0, and exp(0) = 1 is not 0. "
            "A padded position needs the score -inf (or leave it out of the softmax).",
        ),
        Diagnosis(
            _padded_nonzero,
            "{label} gives {got}: a padded position (mask False) has a weight that is not exactly 0.",
        ),
        Diagnosis(
            _not_renormalised,
            "{label} gives {got}: the padded weights were set to 0 after the softmax over all positions, so the "
            "rest no longer sums to 1. The real positions must share all of the weight.",
        ),
        Diagnosis(
            lambda got, e: not np.isclose(as_floats(got).sum(), 1.0),
            "{label} gives {got}: the weights do not sum to 1.",
        ),
    ),
    otherwise="{label} gives {got}: the real positions should get the softmax of their own scores only.",
    success="{name} is right for all {count} score/mask pairs tried.",
)


# -- exercise 4: the article's (general) score for all positions at once ---------------------------
@dataclass(frozen=True)
class _General:
    s: np.ndarray
    h: np.ndarray
    W: np.ndarray
    b: np.ndarray
    e: np.ndarray


_W = np.array([[0.5, -1.0, 0.0], [0.25, 0.5, 1.0], [-0.5, 0.0, 2.0]])
_B = np.array([0.1, -0.2, 0.3])
_S = np.array([1.0, 0.5, -1.0])


def _general_cases() -> list[Case]:
    cases = []
    for h in (_H, _H[:2], _H[::-1], _H_SQUARE):
        label = f"general_score(s, h of shape {h.shape}, W, b)"
        cases.append(Case((_S, h, _W, _B), _General(_S, h, _W, _B, (h @ _W.T + _B) @ _S), label))
    return cases


check_general_score = Exercise(
    name="general_score",
    cases=_general_cases,
    returns=np.ndarray,
    returns_hint="return a NumPy array (np.ndarray), one score per row of h.",
    same=lambda got, e: _close(got, e.e),
    diagnoses=(
        Diagnosis(
            lambda got, e: as_floats(got).shape != e.e.shape,
            "{label} gives an array of the wrong shape: one score per source position, shape [T].",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.h @ e.s),
            "{label} gives {got}: that is the dot score s . h_j. The general score maps each h_j with W and b first.",
        ),
        Diagnosis(
            lambda got, e: _close(got, (e.h @ e.W + e.b) @ e.s) or _close(got, (e.h @ e.W) @ e.s),
            "{label} gives {got}: W is applied the wrong way round. W maps h_j as a column vector, W h_j; with "
            "one h_j per row of h, that is h @ W.T.",
        ),
        Diagnosis(
            lambda got, e: np.allclose(as_floats(got) - e.e, (as_floats(got) - e.e)[0], atol=_ATOL),
            "{label} gives {got}: every score is off by the same amount. Look at the bias b: it is added to "
            "W h_j before the product with s.",
        ),
    ),
    otherwise="{label} gives {got}: map each h_j with W and b first, then take its dot product with s.",
    success="{name} gives the article's scores for all {count} sets of encoder outputs tried.",
)
