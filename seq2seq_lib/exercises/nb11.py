"""Checks for the exercises of notebook 11 (dates as people write them: padding, masks, scores per form)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from ..i18n import tr
from ..tasks.human_dates import human_date_vocabulary
from .answers import tensors_close
from .engine import Case, Diagnosis, Exercise

_TORCH_ATOL = 1e-6


# -- exercise 1: pad a batch of sources ------------------------------------------------------------
# Sources of different lengths (normalized, as the model reads them), in batches whose longest
# row is not always the first, so that "pad to the first row" or "to the last" cannot pass.
_BATCHES = (
    ["2024/3/5", "march 5, 2024", "2024-03-05"],
    ["5 mar 2024"],
    ["2024年3月5日", "1900/1/1", "tuesday, march 5, 2024", "2099/12/31"],
)


def _pad(sources: list[str], pad_id: int, left: bool = False) -> torch.Tensor:
    vocab = human_date_vocabulary()
    rows = [vocab.encode(source) for source in sources]
    width = max(len(row) for row in rows)
    padded = [[pad_id] * (width - len(row)) + row if left else row + [pad_id] * (width - len(row)) for row in rows]
    return torch.tensor(padded, dtype=torch.long)


def _pad_cases() -> list[Case]:
    vocab = human_date_vocabulary()
    return [Case((sources, vocab), _pad(sources, vocab.pad_id), f"pad_batch({sources}, vocab)") for sources in _BATCHES]


def _ids(got: object) -> torch.Tensor | None:
    return got if isinstance(got, torch.Tensor) and not got.is_floating_point() and got.dim() == 2 else None


def _same_ids(got: object, expected: torch.Tensor) -> bool:
    return isinstance(got, torch.Tensor) and got.dtype == torch.long and torch.equal(got, expected)


def _real_positions(expected: torch.Tensor) -> torch.Tensor:
    return expected != human_date_vocabulary().pad_id


def _pads_wrong_id(got: object, expected: torch.Tensor) -> bool:
    ids = _ids(got)
    if ids is None or ids.shape != expected.shape:
        return False
    real = _real_positions(expected)
    return bool(torch.equal(ids[real].long(), expected[real])) and not torch.equal(ids.long(), expected)


def _longer_than_needed(got: object, expected: torch.Tensor) -> bool:
    ids = _ids(got)
    width = expected.shape[1]
    return (
        ids is not None
        and ids.shape[0] == expected.shape[0]
        and ids.shape[1] > width
        and torch.equal(ids[:, :width].long(), expected)
    )


def _left_padded(got: object, expected: torch.Tensor) -> bool:
    ids = _ids(got)
    if ids is None:
        return False
    vocab = human_date_vocabulary()
    sources = [vocab.decode(row) for row in expected.tolist()]
    return ids.shape == expected.shape and torch.equal(ids.long(), _pad(sources, vocab.pad_id, left=True))


check_pad_batch = Exercise(
    name="pad_batch",
    cases=_pad_cases,
    returns=torch.Tensor,
    returns_hint="return a tensor of ids, one row per source: [B, S].",
    same=_same_ids,
    diagnoses=(
        Diagnosis(
            lambda got, e: got.is_floating_point(),
            "{label}: the ids are floating-point numbers. nn.Embedding looks ids up by integer: "
            "make the tensor with dtype=torch.long.",
        ),
        Diagnosis(
            lambda got, e: got.dtype != torch.long and torch.equal(got.long(), e),
            "{label}: the ids are right but their dtype is not torch.long (int64), which the library's models expect.",
        ),
        Diagnosis(
            lambda got, e: got.dim() == 2 and got.shape == e.T.shape and torch.equal(got.T.long(), e),
            "{label}: rows and columns are swapped. One row per source: the shape is [B, S].",
        ),
        Diagnosis(
            _left_padded,
            "{label}: the padding is on the left. Put the <PAD>s after each source's characters: the masks "
            "and the LSTM's packing read a row's real characters from its start.",
        ),
        Diagnosis(
            _longer_than_needed,
            "{label}: the rows are longer than the batch's longest source. Pad to the longest source of "
            "this batch, not to a fixed width.",
        ),
        Diagnosis(
            lambda got, e: got.dim() == 2 and got.shape[0] == e.shape[0] and got.shape[1] < e.shape[1],
            "{label}: some characters are cut off. Pad every row up to the longest source; never cut one.",
        ),
        Diagnosis(
            _pads_wrong_id,
            "{label}: the characters are right, but the padding is not <PAD>. Fill with vocab.pad_id.",
        ),
    ),
    otherwise="{label} gives {got}: each row holds a source's ids (vocab.encode), then <PAD>s up to the "
    "longest source.",
    success="{name} pads all {count} batches tried.",
)


# -- exercise 2: the softmax that ignores the padding ---------------------------------------------
def _scores_and_masks() -> list[tuple[torch.Tensor, torch.Tensor]]:
    generator = torch.Generator().manual_seed(11)
    cases = []
    for lengths, width in (([3, 5, 2], 5), ([8, 4], 9), ([1, 6, 6, 3], 6)):
        scores = torch.randn(len(lengths), width, generator=generator) * 2
        mask = torch.arange(width)[None, :] < torch.tensor(lengths)[:, None]  # [B, S]: True at real characters
        cases.append((scores, mask))
    return cases


def _masked_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    return torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)


@dataclass(frozen=True)
class _Softmax:
    """A case's reference: the weights, and the scores and mask they come from (for the diagnoses)."""

    weights: torch.Tensor
    scores: torch.Tensor
    mask: torch.Tensor


def _softmax_cases() -> list[Case]:
    return [
        Case(
            (scores, mask),
            _Softmax(_masked_softmax(scores, mask), scores, mask),
            tr(
                "masked_softmax on scores {shape} with real lengths {lengths}",
                shape=tuple(scores.shape),
                lengths=mask.sum(dim=1).tolist(),
            ),
        )
        for scores, mask in _scores_and_masks()
    ]


def _weights(got: object, e: _Softmax) -> torch.Tensor | None:
    ok = isinstance(got, torch.Tensor) and got.is_floating_point() and got.shape == e.weights.shape
    return got.detach().cpu().double() if ok else None


def _zero_filled(got: object, e: _Softmax) -> bool:
    return tensors_close(got, torch.softmax(e.scores.masked_fill(~e.mask, 0.0), dim=-1), atol=_TORCH_ATOL)


def _masked_after(got: object, e: _Softmax) -> bool:
    return tensors_close(got, torch.softmax(e.scores, dim=-1) * e.mask, atol=_TORCH_ATOL)


def _inverted(got: object, e: _Softmax) -> bool:
    """The mask read upside down: weight only on the padding (NaN in a row with no padding, all -inf)."""
    weights = _weights(got, e)
    flipped = torch.softmax(e.scores.masked_fill(e.mask, float("-inf")), dim=-1).double()
    return weights is not None and torch.allclose(weights, flipped, rtol=0, atol=_TORCH_ATOL, equal_nan=True)


def _unmasked(got: object, e: _Softmax) -> bool:
    return tensors_close(got, torch.softmax(e.scores, dim=-1), atol=_TORCH_ATOL)


def _over_the_batch(got: object, e: _Softmax) -> bool:
    weights = _weights(got, e)
    ones = torch.ones(e.weights.shape[1], dtype=torch.double)
    return weights is not None and torch.allclose(weights.sum(dim=0), ones)


def _has_nan(got: object, e: _Softmax) -> bool:
    weights = _weights(got, e)
    return weights is not None and bool(torch.isnan(weights).any())


check_masked_softmax = Exercise(
    name="masked_softmax",
    cases=_softmax_cases,
    returns=torch.Tensor,
    returns_hint="return a tensor of weights shaped like scores: [B, S].",
    same=lambda got, e: tensors_close(got, e.weights, atol=_TORCH_ATOL),
    diagnoses=(
        Diagnosis(
            lambda got, e: not got.is_floating_point() or got.shape != e.weights.shape,
            "{label} gives {got}: return floating-point weights shaped like scores, [B, S].",
        ),
        Diagnosis(
            _inverted,
            "{label}: only the padding gets weight (and a row without padding gets NaN): the mask is read "
            "upside down. True marks a real character.",
        ),
        Diagnosis(
            _has_nan,
            "{label}: some weights are NaN. A row needs at least one finite score; did a multiplication "
            "meet -inf (0 * -inf is NaN)? Replace the padding's scores instead: masked_fill.",
        ),
        Diagnosis(
            _unmasked,
            "{label}: the mask is not used: the padding gets weight like a character.",
        ),
        Diagnosis(
            _zero_filled,
            "{label}: the padding still gets weight. A score of 0 is not 'no weight': exp(0) = 1. "
            "Give the padding a score of -inf, whose weight is exactly 0.",
        ),
        Diagnosis(
            _masked_after,
            "{label}: the padding gets 0, but the rows no longer sum to 1: zeroing after the softmax "
            "leaves the characters' weights as they were. Mask the scores before the softmax.",
        ),
        Diagnosis(
            _over_the_batch,
            "{label}: each column sums to 1: the softmax runs over the batch. Each row (one source) "
            "must sum to 1 over its positions: dim=-1.",
        ),
    ),
    otherwise="{label} gives {got}: each row should be the softmax of the row's scores over its real "
    "characters, with exactly 0 on the padding.",
    success="{name} gives the right weights, 0 on every <PAD>, in all {count} cases tried.",
)


# -- exercise 3: exact match per form ---------------------------------------------------------------
_ROWS = (
    # (output, target, form): the outputs are a model's, some wrong in one digit
    (
        ("2024-03-05", "2024-03-05", "en_US long"),
        ("2024-03-05", "2024-03-05", "zh_CN short"),
        ("1999-12-13", "1999-12-31", "en_US long"),
        ("2000-02-29", "2000-02-29", "iso"),
        ("1900-01-11", "1900-01-01", "zh_CN short"),
        ("2099-12-31", "2099-12-31", "en_US long"),
        ("1969-07-20", "1969-07-20", "zh_CN short"),
    ),
    (
        ("2001-09-11", "2001-09-11", "en_GB full"),
        ("2001-09-11", "2001-09-11", "en_GB full"),
        ("1949-10-11", "1949-10-01", "zh_TW full"),
    ),
    (
        ("2024-13-05", "2024-03-05", "iso"),
        ("1912-01-01", "1912-01-01", "zh_CN long"),
    ),
)


@dataclass(frozen=True)
class _Scores:
    """A case's reference: the share right per form, and the examples it comes from (for the diagnoses)."""

    shares: dict[str, float]
    outputs: list[str]
    targets: list[str]
    forms: list[str]


def _score_cases() -> list[Case]:
    cases = []
    for rows in _ROWS:
        outputs, targets, forms = (list(column) for column in zip(*rows, strict=True))
        shares = {}
        for form in dict.fromkeys(forms):
            pairs = [(o, t) for o, t, f in rows if f == form]
            shares[form] = sum(o == t for o, t in pairs) / len(pairs)
        label = tr(
            "per_form_exact_match on {count} examples of the forms {forms}", count=len(rows), forms=sorted(set(forms))
        )
        cases.append(Case((outputs, targets, forms), _Scores(shares, outputs, targets, forms), label))
    return cases


def _numbers(got: object, e: _Scores) -> dict[str, float] | None:
    """``got`` as {form: float} with the reference's keys, or None."""
    if not isinstance(got, dict) or set(got) != set(e.shares):
        return None
    try:
        values = {form: float(value) for form, value in got.items()}
    except (TypeError, ValueError):
        return None
    return values if all(math.isfinite(value) for value in values.values()) else None


def _same_scores(got: object, e: _Scores) -> bool:
    values = _numbers(got, e)
    return values is not None and all(abs(values[form] - share) < 1e-9 for form, share in e.shares.items())


def _matches(got: object, e: _Scores, score) -> bool:
    """``got`` is what a wrong recipe gives: ``score(rows of the form, outputs, targets)`` for every form."""
    values = _numbers(got, e)
    if values is None:
        return False
    for form in e.shares:
        chosen = [i for i, f in enumerate(e.forms) if f == form]
        if abs(values[form] - score(chosen, e.outputs, e.targets)) > 1e-9:
            return False
    return True


def _right(i: int, outputs: list[str], targets: list[str]) -> bool:
    return outputs[i] == targets[i]


check_per_form_exact_match = Exercise(
    name="per_form_exact_match",
    cases=_score_cases,
    returns=dict,
    returns_hint="return a dict: one key per form, its share of right outputs as the value.",
    same=_same_scores,
    diagnoses=(
        Diagnosis(
            lambda got, e: not isinstance(got, dict) or set(got) != set(e.shares),
            "{label} gives {got}: use one key per form that occurs in forms, and no other.",
        ),
        Diagnosis(
            lambda got, e: _numbers(got, e) is None,
            "{label} gives {got}: each value should be a number, a share between 0 and 1.",
        ),
        Diagnosis(
            lambda got, e: _matches(got, e, lambda rows, o, t: sum(_right(i, o, t) for i in rows)),
            "{label} gives {got}: these are counts of right outputs. Divide by the form's number of examples.",
        ),
        Diagnosis(
            lambda got, e: _matches(got, e, lambda rows, o, t: sum(_right(i, o, t) for i in rows) / len(o)),
            "{label} gives {got}: each form's count is divided by the number of all examples. "
            "Divide by the number of that form's examples.",
        ),
        Diagnosis(
            lambda got, e: _matches(got, e, lambda rows, o, t: 1 - sum(_right(i, o, t) for i in rows) / len(rows)),
            "{label} gives {got}: these are the shares of wrong outputs.",
        ),
        Diagnosis(
            lambda got, e: _matches(got, e, lambda rows, o, t: sum(_right(i, o, t) for i in range(len(o))) / len(o)),
            "{label} gives {got}: every form has the score of the whole set. Score each form's examples on their own.",
        ),
        Diagnosis(
            lambda got, e: _matches(
                got,
                e,
                lambda rows, o, t: (
                    sum(a == b for i in rows for a, b in zip(o[i], t[i], strict=False)) / sum(len(t[i]) for i in rows)
                ),
            ),
            "{label} gives {got}: this counts right characters. A date is right only if all of it is: "
            "compare whole outputs with whole targets.",
        ),
    ),
    otherwise="{label} gives {got}: for each form, the share of its examples whose output equals the target.",
    success="{name} scores every form right in all {count} cases tried.",
)


__all__ = ["check_masked_softmax", "check_pad_batch", "check_per_form_exact_match"]
