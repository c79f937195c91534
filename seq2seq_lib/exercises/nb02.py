"""Checks for the exercises of notebook 02 (the encoder and the decoder, built by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn

from ..i18n import tr
from ..models import Seq2Seq
from ..tasks.copy import task_vocabulary
from ..tasks.dates import date_vocabulary
from .answers import tensors_close
from .engine import Case, Diagnosis, Exercise

_ATOL = 1e-5

# How the cases are named in verdicts (translated when the cases are built, so in the learner's language).
CONTEXT_LABEL = "case {number} (h_T of shape {h}, weight of shape {w})"
LIBRARY_CONTEXT_LABEL = "case {number} (the library's W_h and b_h, h_T of shape {h})"
STEP_LABEL = "step {step} of {model} (a vocabulary of {size} tokens), batch of {batch}"
ENCODER_LABEL = "{model} on a batch of {batch} sources of length {length}"
LABELS = (CONTEXT_LABEL, LIBRARY_CONTEXT_LABEL, STEP_LABEL, ENCODER_LABEL)


_close = partial(tensors_close, atol=_ATOL)


# -- exercise 1: an LSTM's parameters ------------------------------------------------------------
@dataclass(frozen=True)
class _Count:
    total: int
    input_size: int
    hidden_size: int


_SIZES = ((16, 32), (1, 1), (8, 4), (27, 5), (32, 16))


def _count_cases() -> list[Case]:
    cases = []
    for input_size, hidden_size in _SIZES:
        # On the "meta" device the layer has shapes but no values: nothing is drawn from torch's generator.
        total = sum(p.numel() for p in nn.LSTM(input_size, hidden_size, device="meta").parameters())
        label = f"lstm_parameter_count({input_size}, {hidden_size})"
        cases.append(Case((input_size, hidden_size), _Count(total, input_size, hidden_size), label))
    return cases


check_lstm_parameter_count = Exercise(
    name="lstm_parameter_count",
    cases=_count_cases,
    returns=int,
    returns_hint="return a whole number (int).",
    same=lambda got, e: got == e.total,
    diagnoses=(
        Diagnosis(
            lambda got, e: got == e.total - 4 * e.hidden_size,
            "{label} gives {got}: one bias vector per gate is missing. PyTorch keeps two for every gate, "
            "b_ih and b_hh; list them with named_parameters().",
        ),
        Diagnosis(
            lambda got, e: got == e.total - 8 * e.hidden_size,
            "{label} gives {got}: the biases are missing. Every gate also adds bias vectors to its weighted sums.",
        ),
        Diagnosis(
            lambda got, e: got == e.total - 4 * e.hidden_size * e.hidden_size,
            "{label} gives {got}: the recurrent weights W_hh, which read the previous hidden state, are missing.",
        ),
        Diagnosis(
            lambda got, e: 4 * got == e.total,
            "{label} gives {got}: that is one gate's worth. An LSTM has four gates (i, f, g, o), each with its own "
            "weights and biases.",
        ),
        Diagnosis(
            lambda got, e: 4 * got == 3 * e.total,
            "{label} gives {got}: that counts three gates, as a GRU has. An LSTM has four.",
        ),
    ),
    otherwise="{label} gives {got}. List the tensors the layer holds, "
    "[(name, p.shape) for name, p in nn.LSTM(input_size, hidden_size).named_parameters()], and count each one.",
    success="{name} agrees with PyTorch for all {count} layer sizes tried.",
)


# -- exercise 2: C = W_h h_T + b_h ---------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    C: torch.Tensor
    h_T: torch.Tensor
    weight: torch.Tensor
    bias: torch.Tensor


def _context_cases() -> list[Case]:
    """(h_T [B, H_in], weight [H_out, H_in], bias [H_out]) drawn from a private generator; square weights first."""
    gen = torch.Generator().manual_seed(2)
    arguments = []
    for batch, h_in, h_out in ((3, 4, 4), (1, 32, 32), (5, 6, 3)):
        arguments.append(
            (
                torch.randn(batch, h_in, generator=gen),
                torch.randn(h_out, h_in, generator=gen),
                torch.randn(h_out, generator=gen),
            )
        )
    # The library's own map: C for the encoder's final state of an untrained model.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = Seq2Seq(date_vocabulary(), transform_context=True)
    src = torch.randint(1, len(model.vocab), (4, 8), generator=gen)
    with torch.no_grad():
        _, (h_T, _) = model.encode(src)
        arguments.append((h_T[0], model.context_map.weight.detach().clone(), model.context_map.bias.detach().clone()))
    cases = []
    for number, (h_T, weight, bias) in enumerate(arguments, start=1):
        template = CONTEXT_LABEL if number < len(arguments) else LIBRARY_CONTEXT_LABEL
        label = tr(template, number=number, h=list(h_T.shape), w=list(weight.shape))
        cases.append(Case((h_T, weight, bias), _Context(F.linear(h_T, weight, bias), h_T, weight, bias), label))
    return cases


check_context_from_last_state = Exercise(
    name="context_from_last_state",
    cases=_context_cases,
    returns=torch.Tensor,
    returns_hint="return a torch.Tensor.",
    same=lambda got, e: _close(got, e.C),
    diagnoses=(
        Diagnosis(
            lambda got, e: got.shape != e.C.shape and got.shape == e.C.T.shape,
            "{label}: C is transposed. Keep one row per example of h_T: the result is [B, H_out].",
        ),
        Diagnosis(
            lambda got, e: got.shape != e.C.shape,
            "{label}: C has the wrong shape. It needs one row per example of h_T and one column per row of weight.",
        ),
        Diagnosis(
            lambda got, e: _close(got, e.h_T @ e.weight + e.bias),
            "{label}: W_h is applied the wrong way round. nn.Linear stores its weight as "
            "[out_features, in_features], and h_T holds one example per row.",
        ),
        Diagnosis(lambda got, e: _close(got, e.C - e.bias), "{label}: C is missing the bias b_h."),
        Diagnosis(
            lambda got, e: _close(got, torch.tanh(e.C)) or _close(got, torch.sigmoid(e.C)) or _close(got, F.relu(e.C)),
            "{label}: C has gone through an activation function. C = W_h h_T + b_h is linear: "
            "no tanh, sigmoid or ReLU.",
        ),
    ),
    otherwise="{label}: C differs from W_h h_T + b_h. Write it with @ (or torch.matmul), the weight's "
    "transpose and the bias.",
    success="{name} matches nn.Linear on all {count} cases, the library's own W_h among them.",
)


# -- exercise 3: one decoder step ---------------------------------------------------------------
@dataclass(frozen=True)
class _Step:
    """What model.step gives, and what some common mistakes give instead."""

    logits: torch.Tensor  # [B, V]
    h: torch.Tensor  # [1, B, H]
    m: torch.Tensor
    given_h: torch.Tensor
    given_m: torch.Tensor
    from_zeros: torch.Tensor  # logits of a step from a zero state
    from_given: torch.Tensor  # the output layer applied to the state given, no LSTM step
    encoder_parts: tuple[torch.Tensor, ...]  # logits with the encoder's embedding and/or LSTM
    vocab_size: int
    units: int


def _expected_step(model: Seq2Seq, tokens: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor]) -> _Step:
    with torch.no_grad():
        logits, (h, m), _ = model.step(tokens, state, None)
        zeros = (torch.zeros_like(state[0]), torch.zeros_like(state[1]))
        from_zeros, _, _ = model.step(tokens, zeros, None)

        def logits_with(embedding: nn.Embedding, lstm: nn.LSTM) -> torch.Tensor:
            out, _ = lstm(embedding(tokens).unsqueeze(1), state)
            return model.output(out[:, 0])

        encoder_parts = (
            logits_with(model.encoder_embedding, model.decoder),
            logits_with(model.decoder_embedding, model.encoder),
            logits_with(model.encoder_embedding, model.encoder),
        )
        from_given = model.output(state[0][0])
    return _Step(logits, h, m, *state, from_zeros, from_given, encoder_parts, len(model.vocab), model.units)


def _build(vocab, embedding_dim: int, units: int, transform_context: bool, seed: int) -> Seq2Seq:
    with torch.random.fork_rng(devices=[]):  # leave the learner's random numbers alone
        torch.manual_seed(seed)
        model = Seq2Seq(vocab, embedding_dim=embedding_dim, units=units, transform_context=transform_context)
    return model.eval()


def _step_cases() -> list[Case]:
    """Several models and sizes; the first steps from the encoder's state with <GO>, then a second step."""
    gen = torch.Generator().manual_seed(3)
    setups = [
        (date_vocabulary(), 16, 32, False, 5, "Seq2Seq(vocab)"),
        (date_vocabulary(), 8, 4, False, 1, "Seq2Seq(vocab, embedding_dim=8, units=4)"),
        (date_vocabulary(), 5, 12, True, 3, "Seq2Seq(vocab, embedding_dim=5, units=12, transform_context=True)"),
        (task_vocabulary(), 6, 10, False, 4, "Seq2Seq(other_vocab, embedding_dim=6, units=10)"),
    ]
    cases = []
    for number, (vocab, embedding_dim, units, transform, batch, name) in enumerate(setups, start=1):
        model = _build(vocab, embedding_dim, units, transform, seed=number)
        src = torch.randint(3, len(vocab), (batch, 8), generator=gen)
        with torch.no_grad():
            state = model.initial_state(model.encode(src)[1])
        tokens = torch.full((batch,), vocab.go_id, dtype=torch.long)
        for step_number in (1, 2):
            expected = _expected_step(model, tokens, state)
            label = tr(STEP_LABEL, step=step_number, model=name, size=len(vocab), batch=batch)
            cases.append(Case((model, tokens, state), expected, label))
            state = (expected.h, expected.m)
            tokens = torch.randint(3, len(vocab), (batch,), generator=gen)
    return cases


def _parts(got: object) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(logits, h, m) of an answer shaped like (logits, (h, m)); raises if it is not."""
    logits, (h, m) = got
    if not all(isinstance(t, torch.Tensor) for t in (logits, h, m)):
        raise TypeError("not tensors")
    return logits, h, m


def _well_formed(got: object) -> bool:
    try:
        _parts(got)
    except Exception:
        return False
    return True


def _same_step(got: object, e: _Step) -> bool:
    if not _well_formed(got):
        return False
    logits, h, m = _parts(got)
    return _close(logits, e.logits) and _close(h, e.h) and _close(m, e.m)


def _logits(got: object) -> torch.Tensor:
    return _parts(got)[0]


def _state_layout_wrong(got: object, e: _Step) -> bool:
    _, h, m = _parts(got)
    return h.shape != e.h.shape or m.shape != e.m.shape


def _swapped(got: object, e: _Step) -> bool:
    _, h, m = _parts(got)
    return _close(h, e.m) and _close(m, e.h)


def _old_state(got: object, e: _Step) -> bool:
    _, h, m = _parts(got)
    return _close(h, e.given_h) and _close(m, e.given_m)


check_decoder_step = Exercise(
    name="decoder_step",
    cases=_step_cases,
    returns=tuple,
    returns_hint="return a pair (logits, (h, m)): the scores and the new state.",
    same=_same_step,
    diagnoses=(
        Diagnosis(
            lambda got, e: not _well_formed(got),
            "{label} did not return a pair (logits, (h, m)) of tensors: return the scores, then the new state "
            "as nn.LSTM returns it.",
        ),
        Diagnosis(
            lambda got, e: _logits(got).shape == (e.logits.shape[0], 1, e.vocab_size),
            "{label}: the logits still have nn.LSTM's time axis of length 1. Take out[:, 0] (or squeeze(1)) "
            "so that they are [B, V].",
        ),
        Diagnosis(
            lambda got, e: _logits(got).shape[-1] == e.units and e.units != e.vocab_size,
            "{label}: the logits have one number per hidden unit, not one per token: the output layer "
            "model.output turns s_t into a score for every token.",
        ),
        Diagnosis(
            lambda got, e: _logits(got).shape != e.logits.shape,
            "{label}: the logits have the wrong shape. They need one row per example and one score per token "
            "of the vocabulary, [B, V] (a batch of one must keep its row: squeeze only the time axis).",
        ),
        Diagnosis(
            _state_layout_wrong,
            "{label}: the new state is not in nn.LSTM's layout. Return h and m as model.decoder returns them, "
            "[1, B, H] each.",
        ),
        Diagnosis(_swapped, "{label}: h and m are swapped. nn.LSTM returns (h, m), the hidden state first."),
        Diagnosis(
            lambda got, e: _close(_logits(got), e.from_zeros),
            "{label}: the logits are those of a step from a zero state, so the source is lost. "
            "Pass the state you were given to model.decoder.",
        ),
        Diagnosis(
            lambda got, e: _close(_logits(got), e.from_given),
            "{label}: the logits come from the state you were given, without the LSTM step. "
            "Run model.decoder first and score its new output.",
        ),
        Diagnosis(
            lambda got, e: any(_close(_logits(got), wrong) for wrong in e.encoder_parts),
            "{label}: the logits use the encoder's embedding or LSTM. The decoder has its own: "
            "model.decoder_embedding and model.decoder.",
        ),
        Diagnosis(
            _old_state,
            "{label}: the logits are right, but the state you return is the one you were given: "
            "return the new one that model.decoder gives.",
        ),
        Diagnosis(
            lambda got, e: _close(_logits(got), e.logits),
            "{label}: the logits are right, but the new state (h, m) is not the one model.decoder returns.",
        ),
    ),
    otherwise="{label}: the logits differ from model.step's. Follow the three parts in order: "
    "model.decoder_embedding, model.decoder (one step from the state), model.output.",
    success="{name} gives model.step's logits and new state in all {count} cases: four models, two steps each.",
)


# -- exercise 4: the encoder, one position at a time ----------------------------------------------


@dataclass(frozen=True)
class _Encoded:
    """What model.encode gives, and what some common mistakes give instead."""

    outputs: torch.Tensor  # [B, T, H]
    h: torch.Tensor  # [1, B, H]
    m: torch.Tensor
    from_zeros: torch.Tensor  # every position run from a zero state: [B, T, H]
    reversed_outputs: torch.Tensor  # the source read from its last position to its first
    decoder_outputs: torch.Tensor  # with the decoder's embedding and LSTM


def _expected_encoding(model: Seq2Seq, src: torch.Tensor) -> _Encoded:
    with torch.no_grad():
        outputs, (h, m) = model.encode(src)
        embedded = model.encoder_embedding(src)
        from_zeros = torch.cat([model.encoder(embedded[:, t : t + 1])[0] for t in range(src.shape[1])], dim=1)
        reversed_outputs, _ = model.encoder(embedded.flip(1))
        decoder_outputs, _ = model.decoder(model.decoder_embedding(src))
    return _Encoded(outputs, h, m, from_zeros, reversed_outputs, decoder_outputs)


def _encoder_cases() -> list[Case]:
    gen = torch.Generator().manual_seed(4)
    setups = [
        (date_vocabulary(), 16, 32, 4, 8, "Seq2Seq(vocab)"),
        (date_vocabulary(), 8, 4, 1, 8, "Seq2Seq(vocab, embedding_dim=8, units=4)"),
        (task_vocabulary(), 6, 10, 3, 5, "Seq2Seq(other_vocab, embedding_dim=6, units=10)"),
    ]
    cases = []
    for number, (vocab, embedding_dim, units, batch, length, name) in enumerate(setups, start=1):
        model = _build(vocab, embedding_dim, units, False, seed=10 + number)
        src = torch.randint(3, len(vocab), (batch, length), generator=gen)
        label = tr(ENCODER_LABEL, model=name, batch=batch, length=length)
        cases.append(Case((model, src), _expected_encoding(model, src), label))
    return cases


def _encoded_parts(got: object) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    outputs, (h, m) = got
    if not all(isinstance(t, torch.Tensor) for t in (outputs, h, m)):
        raise TypeError("not tensors")
    return outputs, h, m


def _encoded_well_formed(got: object) -> bool:
    try:
        _encoded_parts(got)
    except Exception:
        return False
    return True


def _same_encoding(got: object, e: _Encoded) -> bool:
    if not _encoded_well_formed(got):
        return False
    outputs, h, m = _encoded_parts(got)
    return _close(outputs, e.outputs) and _close(h, e.h) and _close(m, e.m)


def _outputs(got: object) -> torch.Tensor:
    return _encoded_parts(got)[0]


check_encoder_states = Exercise(
    name="encoder_states",
    cases=_encoder_cases,
    returns=tuple,
    returns_hint="return a pair (outputs, (h_T, m_T)): every hidden state, then the final state.",
    same=_same_encoding,
    diagnoses=(
        Diagnosis(
            lambda got, e: not _encoded_well_formed(got),
            "{label}: the result is not a pair (outputs, (h_T, m_T)) of tensors, the way model.encode returns it.",
        ),
        Diagnosis(
            lambda got, e: (
                _outputs(got).shape == e.outputs.transpose(0, 1).shape and e.outputs.shape[0] != e.outputs.shape[1]
            ),
            "{label}: the hidden states are stacked along the wrong axis: one row per example, "
            "[B, T, H], as nn.LSTM with batch_first=True gives them.",
        ),
        Diagnosis(
            lambda got, e: _outputs(got).shape != e.outputs.shape,
            "{label}: the hidden states have the wrong shape. Keep one for every position: [B, T, H].",
        ),
        Diagnosis(
            lambda got, e: _close(_outputs(got), e.from_zeros),
            "{label}: every position starts again from a zero state. Pass the state each step returns "
            "to the next call of model.encoder.",
        ),
        Diagnosis(
            lambda got, e: (
                _close(_outputs(got), e.reversed_outputs) or _close(_outputs(got), e.reversed_outputs.flip(1))
            ),
            "{label}: the source is read from its last position to its first; the encoder reads x_1 first.",
        ),
        Diagnosis(
            lambda got, e: _close(_outputs(got), e.decoder_outputs),
            "{label}: the hidden states come from the decoder's embedding and LSTM. The encoder has its own: "
            "model.encoder_embedding and model.encoder.",
        ),
        Diagnosis(
            lambda got, e: _close(_outputs(got), e.outputs) and _encoded_parts(got)[1].shape != e.h.shape,
            "{label}: the hidden states are right, but the final state is not in nn.LSTM's layout: "
            "h_T and m_T are [1, B, H] each.",
        ),
        Diagnosis(
            lambda got, e: _close(_outputs(got), e.outputs) and _close(_encoded_parts(got)[1], e.m),
            "{label}: the hidden states are right, but h_T and m_T are swapped: nn.LSTM returns (h, m).",
        ),
        Diagnosis(
            lambda got, e: _close(_outputs(got), e.outputs),
            "{label}: the hidden states are right, but the final state is not the one after the last position.",
        ),
    ),
    otherwise="{label}: the hidden states differ from model.encode's. Look up the embeddings with "
    "model.encoder_embedding, then call model.encoder on one position at a time, x[:, t : t + 1].",
    success="{name} gives model.encode's hidden states and final state for all {count} models tried.",
)
