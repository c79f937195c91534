"""Checks for the exercises of notebook 06 (the attention Seq2Seq model)."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch
import torch.nn.functional as F

from ..i18n import tr
from ..models import AttentionSeq2Seq
from ..tasks.copy import task_vocabulary
from ..tasks.dates import DateDataset, date_vocabulary
from .answers import arrays_close, as_floats, not_numbers, tensors_close
from .engine import Case, Diagnosis, Exercise

_ATOL = 1e-9
_TORCH_ATOL = 1e-5


_close = partial(arrays_close, atol=_ATOL)
_t_close = partial(tensors_close, atol=_TORCH_ATOL)


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


# -- exercise 1: Bahdanau's decoder step, written as a module --------------------------------------
# The learner writes the forward of a decoder step module whose layers the stub gives (embedding,
# score, cell, output). The check copies the decoder weights of AttentionSeq2Seq(..., feed_context=True)
# into it, compares its steps with the library's, then trains it a few steps against the library's.
FEEDING_STEP_LABEL = (
    "step {step} of AttentionSeq2Seq({vocab}, embedding_dim={embedding_dim}, units={units}, feed_context=True), "
    "batch of {batch}"
)
FEEDING_TRAIN_LABEL = (
    "{steps} training steps of AttentionSeq2Seq({vocab}, feed_context=True) with your decoder, "
    "on a batch of {batch} dates"
)
LABELS = (FEEDING_STEP_LABEL, FEEDING_TRAIN_LABEL)
LAYERS = ("embedding", "score", "cell", "output")
_TRAIN_STEPS = 5
_LR, _BETAS = 0.02, (0.7, 0.95)  # the course's recipe (train's defaults)


def _library_weights(model: AttentionSeq2Seq) -> dict[str, dict[str, torch.Tensor]]:
    """The library model's decoder weights by the learner's layer names (an LSTM layer holds an LSTMCell's)."""
    cell = {name: getattr(model.decoder, f"{name}_l0") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    return {
        "embedding": {"weight": model.decoder_embedding.weight},
        "score": {"weight": model.score.key_map.weight, "bias": model.score.key_map.bias},
        "cell": cell,
        "output": {"weight": model.output.weight, "bias": model.output.bias},
    }


def _copy_weights(decoder: object, model: AttentionSeq2Seq) -> None:
    """Load the library model's decoder weights into the learner's layers; a clear error if they do not fit."""
    for layer, tensors in _library_weights(model).items():
        target = getattr(decoder, layer, None)
        if not isinstance(target, torch.nn.Module):
            raise AttributeError(
                tr(
                    "the decoder has no layer {layer}: keep the four layers of the stub "
                    "(embedding, score, cell, output) as they are",
                    layer=layer,
                )
            )
        for name, value in tensors.items():
            mine = getattr(target, name, None)
            if not isinstance(mine, torch.Tensor) or mine.shape != value.shape:
                raise ValueError(
                    tr(
                        "the decoder's {layer}.{name} is not a tensor of shape {shape}: keep the four layers "
                        "of the stub as they are",
                        layer=layer,
                        name=name,
                        shape=list(value.shape),
                    )
                )
            with torch.no_grad():
                mine.copy_(value)


def _call_step(decoder, token, state, memory):
    """The learner's forward, with a hint added to the shape errors a wrong input to a layer raises."""
    try:
        return decoder(token, state, memory)
    except RuntimeError as err:
        text = str(err)
        if "size" in text or "shape" in text:
            hint = tr(
                "Check the sizes: the LSTM cell reads [embed(y_{{t-1}}); c_t], E + H features, and the "
                "output layer reads [c_t; s_t], 2H features."
            )
            raise RuntimeError(f"{text}. {hint}") from None
        raise


@dataclass(frozen=True)
class _StepGot:
    """What the learner's decoder returned for one step (anything it returned, unchecked)."""

    returned: object

    def __repr__(self) -> str:
        return _describe(self.returned)


@dataclass(frozen=True)
class _TrainGot:
    """The losses of a few training steps with the learner's decoder, and its layers no gradient reached."""

    losses: list[float]
    no_gradient: list[str]

    def __repr__(self) -> str:
        text = " ".join(f"{loss:.4f}" for loss in self.losses)
        return text + (f"; no gradient: {', '.join(self.no_gradient)}" if self.no_gradient else "")


def _describe(value: object) -> str:
    """A short description of a step's result: the shapes of the tensors, not their numbers."""
    if isinstance(value, torch.Tensor):
        return f"tensor{list(value.shape)}"
    if isinstance(value, (tuple, list)):
        inner = ", ".join(_describe(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return type(value).__name__


def _run_feeding(answer, model: AttentionSeq2Seq, src, decoder_inputs, targets, step: int):
    """The learner's decoder class on one case: a step (``step`` >= 1) or training (``step`` == 0)."""
    with torch.random.fork_rng(devices=[]):  # the learner's layers start from random numbers: not ours
        torch.manual_seed(0)
        decoder = answer(len(model.vocab), model.embedding_dim, model.units)
    _copy_weights(decoder, model)
    if step == 0:
        return _train_feeding(decoder, model, src, decoder_inputs, targets)
    with torch.no_grad():
        memory, state = model.encode(src)
        for t in range(step - 1):  # the library's state before this step
            _, state, _ = model.step(decoder_inputs[:, t], state, memory)
    token, given = decoder_inputs[:, step - 1], (state[0][0], state[1][0])  # states as an LSTMCell keeps them: [B, H]
    return _StepGot(_call_step(decoder, token, given, memory))


def _train_feeding(decoder, model: AttentionSeq2Seq, src, decoder_inputs, targets) -> _TrainGot:
    """Train the library's encoder with the learner's decoder, as the library's model would be trained."""
    parameters = [*model.encoder_embedding.parameters(), *model.encoder.parameters(), *decoder.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=_LR, betas=_BETAS)
    losses, no_gradient = [], []
    for number in range(_TRAIN_STEPS):
        memory, (h, m) = model.encode(src)
        state, logits = (h[0], m[0]), []
        for t in range(decoder_inputs.shape[1]):
            step_logits, state, _ = _call_step(decoder, decoder_inputs[:, t], state, memory)
            logits.append(step_logits)
        loss = F.cross_entropy(torch.stack(logits, dim=1).flatten(0, 1), targets.flatten())
        optimizer.zero_grad()
        loss.backward()
        if number == 0:
            no_gradient = [
                layer
                for layer in LAYERS
                if any(p.grad is None or not bool(p.grad.abs().sum() > 0) for p in getattr(decoder, layer).parameters())
            ]
        optimizer.step()
        losses.append(loss.item())
    return _TrainGot(losses, no_gradient)


@dataclass(frozen=True)
class _FeedingStep:
    """What the library's step gives, and what some common mistakes give instead (states as [B, H])."""

    logits: torch.Tensor
    s: torch.Tensor
    m: torch.Tensor
    alpha: torch.Tensor
    given_s: torch.Tensor
    given_m: torch.Tensor
    scores: torch.Tensor  # e_{t,j} before the softmax
    cell_state_alpha: torch.Tensor  # the weights with the cell state m_{t-1} as the query
    keys_context_logits: torch.Tensor  # the context summed from the keys W h_j + b instead of h_j
    mean_context_logits: torch.Tensor  # the plain average of the h_j as the context
    swapped_input_logits: torch.Tensor  # the LSTM reads [c_t; embed] instead of [embed; c_t]
    swapped_output_logits: torch.Tensor  # the output layer reads [s_t; c_t]


@dataclass(frozen=True)
class _FeedingTraining:
    losses: list[float]


def _step_with(model: AttentionSeq2Seq, token, state, memory, context, lstm_first: bool, output_first: bool):
    """Logits of one feeding step with the given context, the LSTM input and output in either order."""
    embedded = model.decoder_embedding(token)
    lstm_input = torch.cat([embedded, context] if lstm_first else [context, embedded], dim=-1)
    out, _ = model.decoder(lstm_input.unsqueeze(1), state)
    s_t = out[:, 0]
    return model.output(torch.cat([context, s_t] if output_first else [s_t, context], dim=-1))


def _expected_feeding_step(model: AttentionSeq2Seq, token, state, memory) -> _FeedingStep:
    with torch.no_grad():
        logits, (s, m), alpha = model.step(token, state, memory)
        scores = model.score(state[0][0], memory)
        cell_alpha = torch.softmax(model.score(state[1][0], memory), dim=-1)
        context = (alpha.unsqueeze(-1) * memory).sum(dim=1)
        keys_context = (alpha.unsqueeze(-1) * model.score.key_map(memory)).sum(dim=1)
        variants = [
            _step_with(model, token, state, memory, keys_context, True, True),
            _step_with(model, token, state, memory, memory.mean(dim=1), True, True),
            _step_with(model, token, state, memory, context, False, True),
            _step_with(model, token, state, memory, context, True, False),
        ]
    return _FeedingStep(logits, s[0], m[0], alpha, state[0][0], state[1][0], scores, cell_alpha, *variants)


def _expected_training(model: AttentionSeq2Seq, src, decoder_inputs, targets) -> _FeedingTraining:
    trained = copy.deepcopy(model).train()
    optimizer = torch.optim.Adam(trained.parameters(), lr=_LR, betas=_BETAS)
    losses = []
    for _ in range(_TRAIN_STEPS):
        loss = F.cross_entropy(trained(src, decoder_inputs).flatten(0, 1), targets.flatten())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return _FeedingTraining(losses)


def _feeding_cases() -> list[Case]:
    """Three models (two vocabularies), two steps each; then a few training steps on dates."""

    gen = torch.Generator().manual_seed(6)
    setups = [
        (date_vocabulary(), "vocab", 16, 32, 5),
        (date_vocabulary(), "vocab", 8, 4, 3),
        (task_vocabulary(), "other_vocab", 6, 12, 4),
    ]
    cases = []
    for number, (vocab, vocab_name, embedding_dim, units, batch) in enumerate(setups, start=1):
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(20 + number)
            model = AttentionSeq2Seq(vocab, embedding_dim=embedding_dim, units=units, feed_context=True).eval()
        src = torch.randint(3, len(vocab), (batch, 8), generator=gen)
        decoder_inputs = torch.cat(
            [torch.full((batch, 1), vocab.go_id), torch.randint(3, len(vocab), (batch, 1), generator=gen)], dim=1
        )
        with torch.no_grad():
            memory, state = model.encode(src)
            for step in (1, 2):
                expected = _expected_feeding_step(model, decoder_inputs[:, step - 1], state, memory)
                label = tr(
                    FEEDING_STEP_LABEL,
                    step=step,
                    vocab=vocab_name,
                    embedding_dim=embedding_dim,
                    units=units,
                    batch=batch,
                )
                cases.append(Case((model, src, decoder_inputs, None, step), expected, label))
                _, state, _ = model.step(decoder_inputs[:, step - 1], state, memory)
    dates = DateDataset(8, seed=3)
    x, y = dates.tensors()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(24)
        model = AttentionSeq2Seq(dates.vocab, feed_context=True)
    expected = _expected_training(model, x, y[:, :-1], y[:, 1:])
    label = tr(FEEDING_TRAIN_LABEL, steps=_TRAIN_STEPS, vocab="vocab", batch=len(x))
    cases.append(Case((model, x, y[:, :-1], y[:, 1:], 0), expected, label))
    return cases


def _step_parts(got: object) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(logits, s, m, alpha) of a step's result shaped (logits, (s, m), alpha); raises if it is not."""
    if not isinstance(got, _StepGot):
        raise TypeError("not a step")
    logits, (s, m), alpha = got.returned
    if not all(isinstance(t, torch.Tensor) for t in (logits, s, m, alpha)):
        raise TypeError("not tensors")
    return logits, s, m, alpha


def _step_well_formed(got: object) -> bool:
    try:
        _step_parts(got)
    except Exception:
        return False
    return True


def _is_step(got: object, e: object) -> bool:
    return isinstance(got, _StepGot) and isinstance(e, _FeedingStep)


def _bad_step(got: object, e: object) -> bool:
    return _is_step(got, e) and not _step_well_formed(got)


def _feeding_alpha(got: object) -> torch.Tensor:
    return _step_parts(got)[3]


def _feeding_logits(got: object) -> torch.Tensor:
    return _step_parts(got)[0]


def _weights_do_not_sum_to_one(got: object, e: _FeedingStep) -> bool:
    alpha = _feeding_alpha(got).detach().double()
    return not torch.allclose(alpha.sum(dim=-1), torch.ones(alpha.shape[0], dtype=torch.float64), atol=1e-5)


def _same_feeding_step(got: object, e: _FeedingStep) -> bool:
    logits, s, m, alpha = _step_parts(got)
    return _t_close(logits, e.logits) and _t_close(s, e.s) and _t_close(m, e.m) and _t_close(alpha, e.alpha)


def _same_feeding(got: object, e: object) -> bool:
    if isinstance(e, _FeedingTraining):
        return isinstance(got, _TrainGot) and _losses_close(got.losses, e.losses)
    return _is_step(got, e) and _step_well_formed(got) and _same_feeding_step(got, e)


def _losses_close(got: list[float], expected: list[float]) -> bool:
    return len(got) == len(expected) and all(
        math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-5) for a, b in zip(got, expected, strict=True)
    )


def _step_check(test):
    """A diagnosis test that applies to a well-formed step only."""
    return lambda got, e: _is_step(got, e) and _step_well_formed(got) and test(got, e)


def _training_check(test):
    """A diagnosis test that applies to the training case only."""
    return lambda got, e: isinstance(got, _TrainGot) and isinstance(e, _FeedingTraining) and test(got, e)


class _ModuleExercise(Exercise):
    """An exercise whose answer is a class: each case builds it, loads the library's weights into it and runs it."""

    def check(self, answer, *context):
        if not callable(answer):
            return super().check(answer, *context)
        return super().check(partial(_run_feeding, answer), *context)


check_feeding_decoder = _ModuleExercise(
    name="FeedingDecoder",
    cases=_feeding_cases,
    same=_same_feeding,
    diagnoses=(
        Diagnosis(
            _bad_step,
            "{label}: forward returned {got}. It should return a triple (logits, (s_t, m_t), alpha) of tensors: "
            "the scores of the tokens, the LSTM cell's new state and the attention weights.",
        ),
        Diagnosis(
            _step_check(lambda got, e: _feeding_alpha(got).shape != e.alpha.shape),
            "{label}: forward returned {got}; alpha should hold one weight per source position for every "
            "example, [B, T].",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_feeding_alpha(got), e.scores)),
            "{label}: alpha holds the scores e_{{t,j}}, not yet passed through the softmax.",
        ),
        Diagnosis(
            _step_check(_weights_do_not_sum_to_one),
            "{label}: the weights of an example do not sum to 1. The softmax runs over the source positions, "
            "the last axis (dim=-1).",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_feeding_alpha(got), e.cell_state_alpha)),
            "{label}: alpha was computed from m_{{t-1}}, the LSTM's cell state. The query is the hidden state "
            "s_{{t-1}}, the first of the two in state.",
        ),
        Diagnosis(
            _step_check(lambda got, e: not _t_close(_feeding_alpha(got), e.alpha)),
            "{label}: alpha differs from the library's. The scores are e_{{t,j}} = s_{{t-1}} . (W h_j + b), "
            "with W h_j + b = self.score(memory) and s_{{t-1}} the hidden state given, before the LSTM's step.",
        ),
        Diagnosis(
            _step_check(lambda got, e: _feeding_logits(got).shape != e.logits.shape),
            "{label}: forward returned {got}; the logits should have one row per example and one score per "
            "token, [B, V].",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_feeding_logits(got), e.keys_context_logits)),
            "{label}: the context is a weighted sum of the keys W h_j + b. Weight the encoder outputs h_j "
            "themselves (memory).",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_feeding_logits(got), e.mean_context_logits)),
            "{label}: the context is the plain average of the h_j. Weight each h_j by its alpha_{{t,j}}.",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_feeding_logits(got), e.swapped_input_logits)),
            "{label}: the LSTM cell reads [c_t; embed(y_{{t-1}})]. The library's weights expect "
            "[embed(y_{{t-1}}); c_t]: the embedding first.",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_feeding_logits(got), e.swapped_output_logits)),
            "{label}: the output layer reads [s_t; c_t]. Its weights expect [c_t; s_t]: the context first.",
        ),
        Diagnosis(
            _step_check(lambda got, e: not _t_close(_feeding_logits(got), e.logits)),
            "{label}: the weights are right but the logits differ from the library's. The LSTM cell reads "
            "torch.cat([embed(y_{{t-1}}), c_t], dim=-1), and the output layer reads the context next to the "
            "cell's new hidden state s_t.",
        ),
        Diagnosis(
            _step_check(
                lambda got, e: _t_close(_step_parts(got)[1], e.given_s) and _t_close(_step_parts(got)[2], e.given_m)
            ),
            "{label}: the logits are right, but the state returned is the one given: return the LSTM cell's "
            "new state (s_t, m_t).",
        ),
        Diagnosis(
            _step_check(lambda got, e: _t_close(_step_parts(got)[1], e.m) and _t_close(_step_parts(got)[2], e.s)),
            "{label}: s and m are swapped. nn.LSTMCell returns (s, m), the hidden state first.",
        ),
        Diagnosis(
            _training_check(lambda got, e: bool(got.no_gradient)),
            "{label}: your steps give the library's numbers, but no gradient reaches some layers of your decoder "
            "(losses and layers: {got}). Keep the whole step in torch operations: no .detach(), .item(), "
            ".numpy() or torch.no_grad() inside forward.",
        ),
        Diagnosis(
            _training_check(lambda got, e: True),
            "{label}: your steps give the library's numbers, but training with your decoder does not follow the "
            "library's (losses {got}). Compute every step from its inputs alone, with no state kept on the module "
            "between calls.",
        ),
    ),
    otherwise="{label}: the logits and the weights are right, but the new state is not the LSTM cell's "
    "(s_t, m_t), each [B, H].",
    success="{name} gives the library's logits, new state and attention weights at every step tried, and trains "
    "as the library's model does: {count} cases, three model sizes and two vocabularies.",
)
