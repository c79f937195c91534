"""Checks for the exercises of notebook 08 (greedy decoding, beam search and sampling)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..decoding.beam import Hypothesis
from ..i18n import tr
from .answers import arrays_close, as_floats, not_numbers
from .engine import Case, Diagnosis, Exercise

# How the cases are named in verdicts (translated when the cases are built, so in the learner's language).
STEP_LABEL = "case {number} (k = {k} beams, a vocabulary of {size} tokens)"
FIRST_STEP_LABEL = "case {number} (the first step: only beam 0 is alive, k = {k}, {size} tokens)"
SCORE_LABEL = "case {number} ({length} tokens, log p = {log_prob}, alpha = {alpha})"
SAMPLING_LABEL = "case {number} (T = {temperature}, top_k = {top_k}, {rows} rows of {size} logits)"
LABELS = (STEP_LABEL, FIRST_STEP_LABEL, SCORE_LABEL, SAMPLING_LABEL)

_ATOL = 1e-5


# -- exercise 1: one expansion step of beam search ----------------------------------------------
@dataclass(frozen=True)
class _Step:
    parents: torch.Tensor  # [k] the beam each kept candidate extends
    tokens: torch.Tensor  # [k] the token it appends
    scores: torch.Tensor  # [k] its summed log probability, best first
    beam_scores: torch.Tensor  # [k] what the learner was given
    log_probs: torch.Tensor  # [k, V]


def _top(scores: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The k best of candidate scores [k, V]: (parents, tokens, scores)."""
    best, flat = scores.reshape(-1).topk(k)
    return flat // scores.shape[1], flat % scores.shape[1], best


def _step_cases() -> list[Case]:
    """Random next-token distributions (no ties); the first step has one live beam, as beam_search starts."""
    gen = torch.Generator().manual_seed(8)
    setups = ((2, 5, False), (3, 13, False), (3, 6, True), (4, 9, False), (5, 7, False))
    cases = []
    for number, (k, size, first) in enumerate(setups, start=1):
        log_probs = F.log_softmax(2.0 * torch.randn(k, size, generator=gen, dtype=torch.float64), dim=-1)
        if first:
            beam_scores = torch.full((k,), float("-inf"), dtype=torch.float64)
            beam_scores[0] = 0.0
            log_probs[1:] = log_probs[0]  # every beam holds the same <GO>: the same distribution
            template = FIRST_STEP_LABEL
        else:
            beam_scores = (-3.0 * torch.rand(k, generator=gen, dtype=torch.float64)).sort(descending=True).values
            template = STEP_LABEL
        parents, tokens, scores = _top(beam_scores[:, None] + log_probs, k)
        label = tr(template, number=number, k=k, size=size)
        cases.append(Case((beam_scores, log_probs, k), _Step(parents, tokens, scores, beam_scores, log_probs), label))
    return cases


def _triple(got: object) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(parents, tokens, scores) of an answer, as tensors; raises if it is not three sequences of k numbers."""
    parents, tokens, scores = got
    parts = tuple(torch.as_tensor(part).reshape(-1) for part in (parents, tokens, scores))
    if len({len(part) for part in parts}) != 1:
        raise ValueError("not the same length")
    return parts


def _well_formed(got: object) -> bool:
    try:
        _triple(got)
    except Exception:
        return False
    return True


def _matches(got: object, parents: torch.Tensor, tokens: torch.Tensor, scores: torch.Tensor | None = None) -> bool:
    p, t, s = _triple(got)
    if p.shape != parents.shape or not (torch.equal(p.long(), parents) and torch.equal(t.long(), tokens)):
        return False
    return scores is None or torch.allclose(s.double(), scores, atol=_ATOL)


def _same_step(got: object, e: _Step) -> bool:
    return _well_formed(got) and _matches(got, e.parents, e.tokens, e.scores)


def _per_beam_best(got: object, e: _Step) -> bool:
    candidates = e.beam_scores[:, None] + e.log_probs
    best, tokens = candidates.max(dim=1)
    order = best.argsort(descending=True)
    alive = torch.isfinite(best[order])
    return _matches(got, order[alive], tokens[order][alive]) or _matches(got, order, tokens[order])


def _ranked_by(got: object, e: _Step, scores: torch.Tensor) -> bool:
    k = len(e.beam_scores)
    parents, tokens, _ = _top(scores, k)
    return _matches(got, parents, tokens)


def _split_by_k(got: object, e: _Step) -> bool:
    k, size = e.log_probs.shape
    flat = (e.beam_scores[:, None] + e.log_probs).reshape(-1).topk(k).indices
    return _matches(got, flat % k, flat // k) or _matches(got, flat // k, flat % k + 0 * size)


check_beam_step = Exercise(
    name="beam_step",
    cases=_step_cases,
    returns=(tuple, list),
    returns_hint="return a triple (parents, tokens, scores), each with k entries.",
    same=_same_step,
    diagnoses=(
        Diagnosis(
            lambda got, e: not _well_formed(got),
            "{label} did not return three sequences of the same length: return (parents, tokens, scores), "
            "each with k entries.",
        ),
        Diagnosis(
            lambda got, e: len(_triple(got)[0]) != len(e.parents),
            "{label} keeps {got}: the beam must stay k wide. Keep the k best candidates of all k × V.",
        ),
        Diagnosis(
            lambda got, e: _matches(got, e.tokens, e.parents, e.scores),
            "{label}: parents and tokens are swapped. Return the beam each candidate extends first, then the token.",
        ),
        Diagnosis(
            lambda got, e: _ranked_by(got, e, -(e.beam_scores[:, None] + e.log_probs)),
            "{label} keeps the k worst candidates: sort by score from the highest (log probabilities are "
            "negative; the best is the closest to 0).",
        ),
        Diagnosis(
            lambda got, e: _ranked_by(got, e, e.log_probs + 0 * e.beam_scores[:, None].nan_to_num(0, 0, 0)),
            "{label} ranks the candidates by the new token's log probability alone. A candidate's score is "
            "its beam's score plus the token's log probability: the whole prefix counts.",
        ),
        Diagnosis(
            lambda got, e: _ranked_by(got, e, (e.beam_scores[:, None] * e.log_probs).nan_to_num(-1e300)),
            "{label} multiplies the beam's score by the token's log probability. Probabilities multiply, "
            "so their logarithms add.",
        ),
        Diagnosis(
            _per_beam_best,
            "{label} keeps each beam's best continuation, one per beam. Beam search ranks all k × V candidates "
            "together: two of the kept ones may extend the same beam, and a weak beam may get none.",
        ),
        Diagnosis(
            _split_by_k,
            "{label}: the index into the flattened k × V candidates is split wrongly. Candidate i extends beam "
            "i // V with token i % V (V = the vocabulary size, log_probs.shape[1]).",
        ),
        Diagnosis(
            lambda got, e: (
                _matches(got, e.parents, e.tokens)
                and _matches(got, e.parents, e.tokens, e.scores - e.beam_scores[e.parents])
            ),
            "{label}: the right candidates are kept, but the scores returned are the tokens' log probabilities. "
            "Return each candidate's summed score, the beam's plus the token's.",
        ),
        Diagnosis(
            lambda got, e: _matches(got, e.parents, e.tokens),
            "{label}: the right candidates are kept, in the right order, but their scores are not the beam's "
            "score plus the token's log probability.",
        ),
    ),
    otherwise="{label}: these are not the k best candidates, best first. Add each beam's score to the log "
    "probabilities of its tokens, flatten the k × V scores, and take the k largest.",
    success="{name} keeps the right k candidates with the right scores in all {count} cases, a first step among them.",
)


# -- exercise 2: the length-normalised score -----------------------------------------------------
@dataclass(frozen=True)
class _Score:
    value: float  # log p / U ** alpha, U = len(ids)
    log_prob: float
    length: int  # U, <EOS> included
    text_length: int
    alpha: float


def _score_cases() -> list[Case]:
    """Hypotheses as beam_search returns them: ids (<EOS> included, when generated), text, log_prob."""
    hypotheses = (
        (Hypothesis("05/Mar/2024", [3, 4, 1, 20, 1, 5, 3, 5, 7, 2], -1.25), 1.0),
        (Hypothesis("12345", [2, 3, 4, 5, 6, 11], -2.4), 0.6),
        (Hypothesis("7", [8, 11], -0.9), 1.0),
        (Hypothesis("bbb", [4, 4, 4, 1], -0.9163), 0.0),
        (Hypothesis("0912", [1, 10, 2, 3], -3.3), 0.75),  # stopped at the longest output: no <EOS>
        (Hypothesis("31/Dec/1999", [5, 4, 1, 15, 1, 4, 12, 12, 12, 2], -0.4), 0.7),
    )
    cases = []
    for number, (hypothesis, alpha) in enumerate(hypotheses, start=1):
        length = len(hypothesis.ids)
        expected = _Score(hypothesis.log_prob / length**alpha, hypothesis.log_prob, length, len(hypothesis.text), alpha)
        label = tr(SCORE_LABEL, number=number, length=length, log_prob=hypothesis.log_prob, alpha=alpha)
        cases.append(Case((hypothesis, alpha), expected, label))
    return cases


def _value(got: object) -> float:
    if isinstance(got, torch.Tensor):
        if got.dim() != 0:
            raise TypeError("not one number")
        return float(got)
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise TypeError("not a number")
    return float(got)


def _near(got: object, value: float) -> bool:
    try:
        return abs(_value(got) - value) < 1e-6 * max(1.0, abs(value))
    except (TypeError, ValueError):
        return False


check_normalised_score = Exercise(
    name="normalised_score",
    cases=_score_cases,
    returns=(float, int, np.floating, torch.Tensor),
    returns_hint="return one number (a float).",
    same=lambda got, e: _near(got, e.value),
    diagnoses=(
        Diagnosis(
            lambda got, e: _near(got, e.log_prob * e.length**e.alpha),
            "{label} gives {got}: the log probability is multiplied by U^alpha. Divide by it, so that a long "
            "output is not punished for its length.",
        ),
        Diagnosis(
            lambda got, e: e.length > 1 and _near(got, e.log_prob / (e.length - 1) ** e.alpha),
            "{label} gives {got}: U is one short. U counts every generated token, <EOS> included: len(ids).",
        ),
        Diagnosis(
            lambda got, e: _near(got, e.log_prob / e.text_length**e.alpha),
            "{label} gives {got}: the length is counted in characters of the text. U counts the tokens the "
            "model generated, len(ids), <EOS> included (a month like Mar is one token).",
        ),
        Diagnosis(
            lambda got, e: _near(got, e.log_prob / e.length),
            "{label} gives {got}: alpha is not used. Divide by U ** alpha (alpha = 0 is the plain sum, "
            "alpha = 1 the mean per token).",
        ),
        Diagnosis(
            lambda got, e: _near(got, e.log_prob / (e.length * e.alpha)) or _near(got, e.log_prob**e.alpha / e.length),
            "{label} gives {got}: alpha is applied in the wrong place. It is the exponent of the length: U ** alpha.",
        ),
        Diagnosis(
            lambda got, e: _near(got, np.exp(e.value)) or _near(got, np.exp(e.log_prob) / e.length**e.alpha),
            "{label} gives {got}: that is a probability. The score stays in log space: the log probability "
            "divided by U ** alpha.",
        ),
    ),
    otherwise="{label} gives {got}, which is not the log probability divided by U ** alpha.",
    success="{name} is right on all {count} hypotheses tried.",
)


# -- the sampling exercise: the distribution one sampling step draws from -------------------------
@dataclass(frozen=True)
class _Sampling:
    logits: np.ndarray  # [B, V] what the learner was given
    temperature: float
    top_k: int | None
    probs: np.ndarray  # [B, V] softmax(logits / T), cut to the top k and renormalised


def _softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    with np.errstate(invalid="ignore"):  # a line of -inf only (a mistake's variant) gives nan, as torch does
        z = z - z.max(axis=axis, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=axis, keepdims=True)


def _top_mask(logits: np.ndarray, k: int | None) -> np.ndarray:
    """[B, V] True at each row's k largest logits (every token when k is None)."""
    if k is None:
        return np.ones_like(logits, dtype=bool)
    order = np.argsort(-logits, axis=-1, kind="stable")[:, : max(k, 0)]
    kept = np.zeros_like(logits, dtype=bool)
    np.put_along_axis(kept, order, True, axis=-1)
    return kept


def _cut(z: np.ndarray, kept: np.ndarray, fill: float = -np.inf) -> np.ndarray:
    return np.where(kept, z, fill)


def _sampling_cases() -> list[Case]:
    """Random logits like a decoder's (no ties); a tiny T where exp(logits / T) alone overflows."""
    gen = torch.Generator().manual_seed(88)
    setups = (
        (1.0, None, 3, 6),
        (0.5, None, 2, 8),
        (2.0, None, 3, 5),
        (1.0, 3, 3, 7),
        (0.7, 2, 2, 9),
        (0.01, None, 2, 6),
    )
    setups += ((1.5, 5, 2, 5),)  # top_k = V: nothing is cut
    cases = []
    for number, (temperature, top_k, rows, size) in enumerate(setups, start=1):
        logits = 3.0 * torch.randn(rows, size, generator=gen)  # float32, as a model's
        z = logits.double().numpy()
        probs = _softmax(_cut(z / temperature, _top_mask(z, top_k)))
        label = tr(SAMPLING_LABEL, number=number, temperature=temperature, top_k=top_k, rows=rows, size=size)
        cases.append(Case((logits, temperature, top_k), _Sampling(z, temperature, top_k, probs), label))
    return cases


def _close(got: object, expected: np.ndarray) -> bool:
    return arrays_close(got, expected, atol=1e-5)


def _shape_wrong(got: object, e: _Sampling) -> bool:
    return not_numbers(got) or as_floats(got).shape != e.probs.shape


def _variant(e: _Sampling, name: str) -> np.ndarray:
    """What a common mistake computes from the same logits."""
    z, t, k = e.logits, e.temperature, e.top_k
    kept = _top_mask(z, k)
    return {
        "columns": _softmax(_cut(z / t, kept), axis=0),
        "no softmax": _cut(z / t, kept),
        "log": np.log(np.where(e.probs > 0, e.probs, 1.0)) + np.where(e.probs > 0, 0.0, -np.inf),
        "after softmax": _cut(_softmax(z), kept, 0.0) / t,
        "times T": _softmax(_cut(z * t, kept)),
        "no T": _softmax(_cut(z, kept)),
        "no cut": _softmax(z / t),
        "not renormalised": _cut(_softmax(z / t), kept, 0.0),
        "cut to zero": _softmax(_cut(z / t, kept, 0.0)),
        "smallest": _softmax(_cut(z / t, _top_mask(-z, k))),
    }[name]


def _kept_count(got: object, e: _Sampling) -> bool:
    """A top-k cut of another size: k - 1 or k + 1 tokens kept."""
    if e.top_k is None:
        return False
    z = e.logits
    return any(_close(got, _softmax(_cut(z / e.temperature, _top_mask(z, n)))) for n in (e.top_k - 1, e.top_k + 1))


def _is_variant(name: str, needs_t: bool = False, needs_cut: bool = False):
    def applies(got: object, e: _Sampling) -> bool:
        if (needs_t and e.temperature == 1.0) or (needs_cut and (e.top_k is None or e.top_k >= e.logits.shape[1])):
            return False
        return _close(got, _variant(e, name))

    return applies


check_sampling_distribution = Exercise(
    name="sampling_distribution",
    cases=_sampling_cases,
    returns=(torch.Tensor, np.ndarray),
    returns_hint="return a tensor of probabilities with the shape of logits, [batch, V].",
    same=lambda got, e: _close(got, e.probs),
    diagnoses=(
        Diagnosis(
            _shape_wrong,
            "{label}: the result is not one probability per logit. Return a tensor with the shape of logits, "
            "[batch, V].",
        ),
        Diagnosis(
            _is_variant("columns"),
            "{label}: each column sums to 1, not each row. The softmax ran over the batch (dim=0); take it over "
            "the vocabulary, dim=-1.",
        ),
        Diagnosis(
            _is_variant("no softmax"),
            "{label} returns the logits divided by T, not probabilities. Apply a softmax over the vocabulary.",
        ),
        Diagnosis(
            _is_variant("log"),
            "{label} returns log probabilities. Return the probabilities themselves (softmax, not log_softmax).",
        ),
        Diagnosis(
            _is_variant("after softmax", needs_t=True),
            "{label} divides the probabilities by T. The temperature divides the logits, before the softmax.",
        ),
        Diagnosis(
            _is_variant("times T", needs_t=True),
            "{label} multiplies the logits by T. Divide them: T < 1 must sharpen the distribution, T > 1 flatten it.",
        ),
        Diagnosis(
            _is_variant("no T", needs_t=True),
            "{label}: the temperature is not used. Divide the logits by T before the softmax.",
        ),
        Diagnosis(
            _is_variant("no cut", needs_cut=True),
            "{label}: every token keeps some probability, so top_k is not applied. Keep the k largest logits and "
            "set the others to -inf before the softmax.",
        ),
        Diagnosis(
            _is_variant("not renormalised", needs_cut=True),
            "{label}: the k kept probabilities do not sum to 1. Renormalise them (or set the cut logits to -inf "
            "before the softmax).",
        ),
        Diagnosis(
            _is_variant("cut to zero", needs_cut=True),
            "{label}: the cut tokens keep some probability, because their logits were set to 0 and e^0 = 1. "
            "Set them to -inf.",
        ),
        Diagnosis(
            _is_variant("smallest", needs_cut=True),
            "{label} keeps the k least likely tokens. Keep the k largest logits.",
        ),
        Diagnosis(_kept_count, "{label} keeps the wrong number of tokens: top_k = k keeps exactly k per row."),
        Diagnosis(
            lambda got, e: bool(np.isnan(as_floats(got)).any() or np.isposinf(as_floats(got)).any()),
            "{label} gives nan or inf: exp(logits / T) overflows when T is small. torch.softmax subtracts each "
            "row's largest logit first, so it never overflows: use it.",
        ),
    ),
    otherwise="{label}: these are not softmax(logits / T) over the k most likely tokens of each row.",
    success="{name} is right in all {count} cases, a tiny temperature and a top-k cut among them.",
)


__all__ = ["LABELS", "check_beam_step", "check_normalised_score", "check_sampling_distribution"]
