"""Checks for the exercises of notebook 03 (the learner's LSTM Seq2Seq model, trained).

1. ``field_accuracy``: per-field (day / month / year) accuracy of translated dates.
2. ``FastDecoder``: the decoder as one ``nn.LSTM`` call over all positions, the way the
   library runs it. The check copies the decoder weights of a library :class:`Seq2Seq` into
   the learner's module, compares logits and state (all positions at once, then one position
   at a time with the state the learner's module hands back), and trains it a few Adam steps:
   every layer must get a gradient and the loss must fall.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ..i18n import tr
from ..models import Seq2Seq
from ..tasks.copy import LengthTaskDataset
from ..tasks.dates import DateDataset, date_vocabulary
from .engine import Case, CheckResult, Diagnosis, Exercise, fail

FIELDS = ("day", "month", "year")

# How the cases are named in verdicts (translated when the cases are built).
LISTS_LABEL = "for the predictions {predictions} against the targets {targets}, {name}"
DECODER_LABEL = "FastDecoder({vocab_size}, {embedding_dim}, {units}) on {batch} {what}, {positions} positions each"
DECODER_KINDS = ("dates", "digit strings")
LABELS = (LISTS_LABEL, DECODER_LABEL, *DECODER_KINDS)


def _as_number(value: object) -> float | None:
    """A finite float from an int, float, NumPy or one-element torch scalar; None otherwise (bools, text)."""
    if isinstance(value, (bool, str, bytes)):
        return None
    if isinstance(value, torch.Tensor):
        value = value.detach()
    try:
        number = float(value)
    except (TypeError, ValueError, RuntimeError):
        return None
    return number if math.isfinite(number) else None


def _lists_label(predictions: Sequence[str], targets: Sequence[str], name: str) -> str:
    return tr(LISTS_LABEL, predictions=list(predictions), targets=list(targets), name=name)


# -- exercise 1: per-field accuracy --------------------------------------------------------------
def _fields(predictions: Sequence[str], targets: Sequence[str]) -> dict[str, float]:
    hits = dict.fromkeys(FIELDS, 0)
    for predicted, target in zip(predictions, targets, strict=True):
        got, want = predicted.split("/"), target.split("/")
        for i, name in enumerate(FIELDS):
            hits[name] += i < len(got) and got[i] == want[i]
    return {name: hits[name] / len(targets) for name in FIELDS}


# Chosen so that the three fields score differently, with malformed outputs among them.
_FIELD_CASES = (
    (["05/Mar/2024", "05/Apr/2024", "05/Jun/2024", "06/Jun/2024", "/"], ["05/Mar/2024"] * 5),
    (["29/Feb/2000", "29/Feb", "", "28/Feb/2000"], ["29/Feb/2000"] * 4),
    (["01/Jan/1999", "1/Jan/1999", "01/Jan/1999"], ["01/Jan/1999", "01/Jan/1999", "11/Jun/1999"]),
)


def _field_cases() -> list[Case]:
    return [Case((list(p), list(t)), _fields(p, t), _lists_label(p, t, "field_accuracy")) for p, t in _FIELD_CASES]


def _scores(got: dict) -> dict[str, float | None]:
    return {name: _as_number(got[name]) for name in FIELDS}


def _same_fields(got: object, expected: dict[str, float]) -> bool:
    if not isinstance(got, dict) or set(got) != set(FIELDS):
        return False
    scores = _scores(got)
    return all(scores[n] is not None and abs(scores[n] - expected[n]) < 1e-9 for n in FIELDS)


def _swapped_fields(got: dict, expected: dict[str, float]) -> bool:
    scores = _scores(got)
    wrong = [n for n in FIELDS if abs(scores[n] - expected[n]) > 1e-9]
    return len(wrong) == 2 and all(abs(scores[a] - expected[b]) < 1e-9 for a, b in (wrong, wrong[::-1]))


check_field_accuracy = Exercise(
    name="field_accuracy",
    cases=_field_cases,
    returns=dict,
    returns_hint="return a dict with the keys 'day', 'month' and 'year'.",
    same=_same_fields,
    diagnoses=(
        Diagnosis(
            lambda got, e: set(got) != set(FIELDS),
            "{label} returns {got}; the dict needs exactly the keys 'day', 'month' and 'year'.",
        ),
        Diagnosis(
            lambda got, e: any(s is None or not 0 <= s <= 1 for s in _scores(got).values()),
            "{label} returns {got}: each field's score is a share between 0 and 1.",
        ),
        Diagnosis(
            _swapped_fields,
            "{label} returns {got}: two fields have each other's scores. Check which part of the split is which: "
            "day/month/year.",
        ),
    ),
    otherwise="{label} returns {got}. Split each string at '/' (day/month/year); a field counts when the "
    "prediction has it and it equals the target's.",
    success="{name} is right on all {count} lists tried, malformed outputs included.",
)


# -- exercise 2: the decoder as one nn.LSTM call ---------------------------------------------------
_ATOL = 1e-5  # float32: the same products and sums as the library's, in the same kernels
TRAIN_STEPS, LR, BETAS = 5, 0.02, (0.7, 0.95)

# The library's decoder weights, under the names the learner's layers give them.
_RENAMED = {"decoder_embedding.": "embedding.", "decoder.": "lstm.", "output.": "output."}

# Verdicts the check gives before it can compare anything (its own, beyond the engine's).
NOT_A_MODULE = "{label} built a {kind}; FastDecoder should be a subclass of nn.Module."
NO_WEIGHTS = (
    "{label}: the check could not copy the library's decoder weights into it ({error}). It needs the "
    "layers self.embedding (nn.Embedding), self.lstm (nn.LSTM, batch_first=True) and self.output "
    "(nn.Linear), with the sizes given to __init__."
)
CALL_RAISED = "{label}: decoder(tokens, state) raised {error}"
TRAIN_RAISED = (
    "{label}: a training step (cross-entropy of the logits, backward, Adam) raised {error}. If no tensor "
    "requires grad, look for torch.no_grad() or .detach() inside forward."
)
NOT_WRITTEN_METHOD = "{what} is not written yet (it raises NotImplementedError)."
EXTRA_TEXTS = (NOT_A_MODULE, NO_WEIGHTS, CALL_RAISED, TRAIN_RAISED)


@dataclass(frozen=True)
class _Reference:
    """One case: the library model's decoder weights and inputs, and what its decoder gives."""

    weights: dict[str, torch.Tensor]  # under the learner's names
    tokens: torch.Tensor  # [B, U]: <GO> y_1 .. y_{U-1}
    targets: torch.Tensor  # [B, U]: y_1 .. y_U
    state: tuple[torch.Tensor, torch.Tensor]  # (s_0, m_0), each [1, B, H]: the encoder's final state
    logits: torch.Tensor  # [B, U, V]
    final: tuple[torch.Tensor, torch.Tensor]  # (s_U, m_U), each [1, B, H]
    from_zero: torch.Tensor  # [B, U, V]: the logits from a zero state (a decoder that ignores `state`)


@dataclass
class _Run:
    """What the learner's decoder did on one case; its repr is what a verdict shows."""

    pair: bool = True  # forward returned two things
    logits: object = None  # the first thing forward returned, all positions at once
    state: object = None  # the second: the state after the last position
    stepped: torch.Tensor | None = None  # [B, U, V]: one position per call, its own state handed back
    losses: tuple[float, ...] = ()  # before each of the Adam steps
    no_gradient: tuple[str, ...] = ()  # parameters the first backward() did not reach

    def __repr__(self) -> str:
        return f"logits {_shape(self.logits)} and state {_shape(self.state)}"


def _shape(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return str(list(value.shape))
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(_shape(part) for part in value) + ")"
    return type(value).__name__


def _setups() -> list[tuple[str, Seq2Seq, torch.Tensor, torch.Tensor]]:
    """(what, library model, sources, targets): a date model, and a smaller model of other sizes.

    ``what`` is translated here, where it is written, so that the catalog's extraction finds it."""
    dates = DateDataset(4, seed=3)
    strings = LengthTaskDataset(3, 4, 6, seed=5)
    setups = []
    with torch.random.fork_rng(devices=[]):  # leave the learner's random numbers alone
        torch.manual_seed(3)
        for what, vocab, (src, y), sizes in (
            (tr("dates"), date_vocabulary(), dates.tensors(), {}),
            (tr("digit strings"), strings.vocab, strings.tensors(), {"embedding_dim": 8, "units": 12}),
        ):
            model = Seq2Seq(vocab, **sizes)
            with torch.no_grad():
                for parameter in model.parameters():
                    parameter.mul_(3.0)  # larger than at initialisation, so that every mistake shows
            setups.append((what, model.eval(), src, y))
    return setups


def _decoder_cases() -> list[Case]:
    cases = []
    for what, model, src, y in _setups():
        tokens, targets = y[:, :-1], y[:, 1:]
        with torch.no_grad():
            _, state = model.encode(src)
            outputs, final = model.decoder(model.decoder_embedding(tokens), state)
            zero = tuple(torch.zeros_like(part) for part in state)
            from_zero = model.output(model.decoder(model.decoder_embedding(tokens), zero)[0])
        weights = {}
        for name, tensor in model.state_dict().items():
            for prefix, renamed in _RENAMED.items():
                if name.startswith(prefix):
                    weights[renamed + name.removeprefix(prefix)] = tensor.clone()
        reference = _Reference(weights, tokens, targets, state, model.output(outputs).detach(), final, from_zero)
        label = tr(
            DECODER_LABEL,
            vocab_size=len(model.vocab),
            embedding_dim=model.embedding_dim,
            units=model.units,
            batch=tokens.shape[0],
            positions=tokens.shape[1],
            what=what,
        )
        cases.append(Case((len(model.vocab), model.embedding_dim, model.units), reference, label))
    return cases


def _copy_state(state: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    return tuple(part.clone() for part in state)


def _pair(output: object) -> tuple[object, object]:
    if isinstance(output, (tuple, list)) and len(output) == 2:
        return output[0], output[1]
    return output, None


def _run(decoder: nn.Module, e: _Reference, label: str) -> _Run | CheckResult:
    """Run the learner's decoder on the case: the outcome, or the verdict of what stopped it."""
    run = _Run()
    try:
        with torch.no_grad():
            output = decoder(e.tokens.clone(), _copy_state(e.state))
        run.pair = isinstance(output, (tuple, list)) and len(output) == 2
        run.logits, run.state = _pair(output)
    except NotImplementedError:
        return fail(NOT_WRITTEN_METHOD, what="FastDecoder.forward")
    except Exception as err:
        return fail(CALL_RAISED, label=label, error=f"{type(err).__name__}: {err}")
    try:
        state, steps = _copy_state(e.state), []
        with torch.no_grad():
            for t in range(e.tokens.shape[1]):  # one position per call, as greedy decoding runs it
                logits, state = _pair(decoder(e.tokens[:, t : t + 1].clone(), state))
                steps.append(logits)  # [B, 1, V]
        run.stepped = torch.cat(steps, dim=1)
    except Exception:  # judged by the comparisons: a decoder that cannot run step by step is wrong
        run.stepped = None
    if _close(run.logits, e.logits):  # train only a decoder that computes the right thing
        try:
            run.losses, run.no_gradient = _train(decoder, e)
        except Exception as err:
            return fail(TRAIN_RAISED, label=label, error=f"{type(err).__name__}: {err}")
    return run


def _train(decoder: nn.Module, e: _Reference) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """A few Adam steps on the case's batch: the loss before each, and the parameters no gradient reached."""
    decoder.train()
    optimizer = torch.optim.Adam(decoder.parameters(), lr=LR, betas=BETAS)
    losses, no_gradient = [], ()
    for step in range(TRAIN_STEPS):
        logits, _ = _pair(decoder(e.tokens.clone(), _copy_state(e.state)))
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), e.targets.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        if step == 0:
            no_gradient = tuple(
                name for name, p in decoder.named_parameters() if p.grad is None or not bool(p.grad.abs().sum() > 0)
            )
        optimizer.step()
        losses.append(loss.item())
    return tuple(losses), no_gradient


def _close(got: object, expected: torch.Tensor) -> bool:
    return (
        isinstance(got, torch.Tensor)
        and got.is_floating_point()
        and got.shape == expected.shape
        and torch.allclose(got.detach().double(), expected.double(), rtol=0, atol=_ATOL)
    )


def _state_right(got: _Run, e: _Reference) -> bool:
    return (
        isinstance(got.state, (tuple, list))
        and len(got.state) == 2
        and all(_close(part, want) for part, want in zip(got.state, e.final, strict=True))
    )


def _right(got: _Run, e: _Reference) -> bool:
    return (
        _close(got.logits, e.logits)
        and _state_right(got, e)
        and _close(got.stepped, e.logits)
        and not got.no_gradient
        and len(got.losses) == TRAIN_STEPS
        and got.losses[-1] < got.losses[0]
    )


def _logits_shape(got: _Run) -> tuple[int, ...] | None:
    return tuple(got.logits.shape) if isinstance(got.logits, torch.Tensor) else None


def _state_is(got: _Run, parts: tuple[torch.Tensor, torch.Tensor]) -> bool:
    return (
        isinstance(got.state, (tuple, list))
        and len(got.state) == 2
        and all(_close(a, b) for a, b in zip(got.state, parts, strict=True))
    )


class _DecoderExercise(Exercise):
    """An exercise whose answer is an ``nn.Module`` class: each case builds one and runs it.

    The engine calls the class with the case's sizes; :meth:`problem` then runs the module the
    learner built (weights copied in, forward, step by step, a few training steps) and judges
    what it did with the declared comparisons and diagnoses, as for any other answer.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "messages", self.messages + EXTRA_TEXTS)

    def check(self, answer: object, *context: object) -> CheckResult:
        # Building the learner's module draws its initial weights: from a forked generator, so that
        # the learner's own random numbers are the same after the check as before it.
        with torch.random.fork_rng(devices=[]):
            return super().check(answer, *context)

    def problem(self, got: object, case: Case) -> CheckResult | None:
        if not isinstance(got, nn.Module):
            return fail(NOT_A_MODULE, label=case.label, kind=type(got).__name__)
        try:
            got.load_state_dict(case.expected.weights)
        except Exception as err:
            return fail(NO_WEIGHTS, label=case.label, error=_first_line(err))
        run = _run(got, case.expected, case.label)
        return run if isinstance(run, CheckResult) else super().problem(run, case)


def _first_line(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= 240 else text[:237] + "..."


check_fast_decoder = _DecoderExercise(
    name="FastDecoder",
    cases=_decoder_cases,
    same=_right,
    diagnoses=(
        Diagnosis(
            lambda got, e: not got.pair or _logits_shape(got) is None,
            "{label} returns {got}; forward should return a pair: the logits [B, U, V] and the new state (s, m).",
        ),
        Diagnosis(
            lambda got, e: (
                _logits_shape(got) == (*e.tokens.shape, e.state[0].shape[-1])
                and e.state[0].shape[-1] != e.logits.shape[-1]
            ),
            "{label} returns {got}: H numbers per position are the LSTM's hidden states, not one score per "
            "token. Pass them through self.output.",
        ),
        Diagnosis(
            lambda got, e: _logits_shape(got) == (e.tokens.shape[1], e.tokens.shape[0], e.logits.shape[-1]),
            "{label} returns {got}: positions and rows are swapped. Build the LSTM with batch_first=True "
            "and keep its [B, U, H] outputs as they are.",
        ),
        Diagnosis(
            lambda got, e: _logits_shape(got) != tuple(e.logits.shape),
            "{label} returns {got}: the logits should be [B, U, V], one score per token at every position "
            "of every row (for one position, U = 1).",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits.softmax(dim=-1)),
            "{label}: your logits are probabilities (each row sums to 1). Return the output layer's scores "
            "as they are: cross_entropy applies the softmax itself, and argmax needs none.",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits.log_softmax(dim=-1)),
            "{label}: your logits are log-probabilities (log_softmax). Return the output layer's scores as "
            "they are: cross_entropy normalises them itself.",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.from_zero),
            "{label}: your decoder starts from a zero state, not from the state it is given. Pass state to "
            "self.lstm: the encoder's summary of the source enters the decoder there and only there.",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits) and _state_is(got, e.state),
            "{label}: the logits are right, but forward hands back the state it was given. Return the new "
            "state nn.LSTM returns: the next step must continue from it.",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits) and _state_is(got, e.final[::-1]),
            "{label}: the logits are right, but the state comes back as (m, s). nn.LSTM's order is (s, m): "
            "the hidden state first, then the cell state.",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits) and not _state_right(got, e),
            "{label} returns {got}: the logits are right, but the state is not the one nn.LSTM returns after "
            "the last position. Hand back nn.LSTM's (s, m) as it is, each [1, B, H].",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits) and not _close(got.stepped, e.logits),
            "{label}: all positions at once are right, but one position at a time (tokens [B, 1], each call "
            "given the state the previous one returned) is not: the logits should then be [B, 1, V], and the "
            "same numbers as at once.",
        ),
        Diagnosis(
            lambda got, e: bool(got.no_gradient),
            "{label}: the outputs are right, but training cannot change every layer: no gradient reached "
            "some of the parameters. Look for .detach(), torch.no_grad() or a tensor rebuilt from numbers "
            "inside forward.",
        ),
        Diagnosis(
            lambda got, e: _close(got.logits, e.logits) and len(got.losses) == TRAIN_STEPS,
            "{label}: the outputs are right, but a few Adam steps did not lower the loss: what a step changes "
            "does not last until the next forward. Does forward reset or rebuild any weights?",
        ),
    ),
    otherwise="{label} returns {got}, not what the library's decoder gives with the same weights. Check the "
    "order: embedding of the tokens, nn.LSTM from the given state, the output layer on every position.",
    success="{name} gives the library's logits and state on all {count} cases, all positions at once and one "
    "at a time, and a few Adam steps on it lowered the loss.",
)
