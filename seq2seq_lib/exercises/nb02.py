"""Checks for the exercises of notebook 02 (encoder-decoder theory)."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from ..models import Seq2Seq
from ..vocab import Vocabulary
from . import CheckResult, call_answer, verdict

_SIZES = ((16, 32), (1, 1), (8, 4), (27, 5), (32, 16))


def check_lstm_parameter_count(lstm_parameter_count: Callable[[int, int], int]) -> CheckResult:
    """``lstm_parameter_count(input_size, hidden_size)``: the parameters of ``nn.LSTM(input_size, hidden_size)``."""
    what = "lstm_parameter_count"
    for input_size, hidden_size in _SIZES:
        ok, got = call_answer(
            lstm_parameter_count, input_size, hidden_size, what=f"{what}({input_size}, {hidden_size})"
        )
        if not ok:
            return got
        if isinstance(got, bool) or not isinstance(got, int):
            return verdict(False, f"{what}({input_size}, {hidden_size}) returned {got!r}; return a whole number (int).")
        # On the "meta" device the layer has shapes but no values: nothing is drawn from torch's generator.
        expected = sum(p.numel() for p in nn.LSTM(input_size, hidden_size, device="meta").parameters())
        if got == expected:
            continue
        direction = "short" if got < expected else "over"
        return verdict(
            False,
            f"{what}({input_size}, {hidden_size}) is {abs(expected - got)} {direction}. List the tensors the layer "
            f"holds, [(name, p.shape) for name, p in nn.LSTM({input_size}, {hidden_size}).named_parameters()], "
            "and count each one (an LSTM has four gates).",
        )
    return verdict(True, f"{what} agrees with PyTorch for all {len(_SIZES)} layer sizes tried.")


def _context_cases() -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """(h_T [B, H_in], weight [H_out, H_in], bias [H_out]) drawn from a private generator."""
    gen = torch.Generator().manual_seed(2)
    cases = []
    for batch, h_in, h_out in ((3, 4, 4), (1, 32, 32), (5, 6, 3)):
        cases.append(
            (
                torch.randn(batch, h_in, generator=gen),
                torch.randn(h_out, h_in, generator=gen),
                torch.randn(h_out, generator=gen),
            )
        )
    # The library's own map: C for the encoder's final state of an untrained model.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = Seq2Seq(Vocabulary.dates(), transform_context=True)
    src = torch.randint(1, len(model.vocab), (4, 8), generator=gen)
    with torch.no_grad():
        _, (h_T, _) = model.encode(src)
        cases.append((h_T[0], model.context_map.weight.detach(), model.context_map.bias.detach()))
    return cases


def check_context_from_last_state(context_from_last_state: Callable[..., torch.Tensor]) -> CheckResult:
    """``context_from_last_state(h_T, weight, bias)``: C = W_h h_T + b_h for a batch ``h_T [B, H]``.

    ``weight`` is laid out as ``nn.Linear`` stores it: ``[out_features, in_features]``.
    """
    what = "context_from_last_state"
    cases = _context_cases()
    for h_T, weight, bias in cases:
        ok, got = call_answer(context_from_last_state, h_T.clone(), weight.clone(), bias.clone(), what=what)
        if not ok:
            return got
        if not isinstance(got, torch.Tensor):
            return verdict(False, f"{what} returned {type(got).__name__}; return a torch.Tensor.")
        expected = F.linear(h_T, weight, bias)
        size = f"h_T of shape {list(h_T.shape)} and a weight of shape {list(weight.shape)}"
        if got.shape != expected.shape:
            return verdict(
                False,
                f"for {size}, C has shape {list(got.shape)}; "
                f"it should be {list(expected.shape)} ([batch, out_features]).",
            )
        if torch.allclose(got, expected, atol=1e-5):
            continue
        if weight.shape[0] == weight.shape[1] and torch.allclose(got, h_T @ weight + bias, atol=1e-5):
            return verdict(
                False,
                f"for {size}, the numbers are those of W_h applied the wrong way round: nn.Linear stores its "
                "weight as [out_features, in_features], and h_T holds one row per example.",
            )
        if torch.allclose(got, expected - bias, atol=1e-5):
            return verdict(False, f"for {size}, C is missing the bias b_h.")
        return verdict(False, f"for {size}, C differs from what nn.Linear computes with the same weight and bias.")
    return verdict(True, f"{what} matches nn.Linear on all {len(cases)} cases, the library's own W_h among them.")


def _step_setup() -> tuple[Seq2Seq, torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """An untrained model (fixed weights), <GO> tokens and the decoder's initial state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(1)
        model = Seq2Seq(Vocabulary.dates())
    model.eval()
    gen = torch.Generator().manual_seed(3)
    src = torch.randint(1, len(model.vocab), (5, 8), generator=gen)
    with torch.no_grad():
        _, encoder_state = model.encode(src)
    tokens = torch.full((5,), model.vocab.go_id, dtype=torch.long)
    return model, tokens, model.initial_state(encoder_state)


def check_decoder_step(decoder_step: Callable[..., tuple]) -> CheckResult:
    """``decoder_step(model, tokens, state)``: one decoder step by hand -> ``(logits [B, V], (h, c))``."""
    what = "decoder_step"
    model, tokens, state = _step_setup()
    gen = torch.Generator().manual_seed(4)
    with torch.no_grad():
        for step_number in (1, 2):
            expected_logits, expected_state, _ = model.step(tokens, state, None)
            ok, got = call_answer(decoder_step, model, tokens.clone(), (state[0].clone(), state[1].clone()), what=what)
            if not ok:
                return got
            if not (isinstance(got, tuple) and len(got) == 2 and isinstance(got[1], tuple) and len(got[1]) == 2):
                return verdict(False, f"{what} should return a pair (logits, (h, c)), got {type(got).__name__}.")
            logits, (h, c) = got
            if not all(isinstance(t, torch.Tensor) for t in (logits, h, c)):
                return verdict(False, f"{what} should return tensors: (logits, (h, c)).")
            if logits.shape != expected_logits.shape:
                return verdict(
                    False,
                    f"at step {step_number} the logits have shape {list(logits.shape)}; they should be "
                    f"{list(expected_logits.shape)} ([batch, vocabulary size]), one row per example.",
                )
            if h.shape != expected_state[0].shape or c.shape != expected_state[1].shape:
                return verdict(
                    False,
                    f"at step {step_number} the new state has shapes {list(h.shape)} and {list(c.shape)}; "
                    f"each should be {list(expected_state[0].shape)} ([layers, batch, hidden]).",
                )
            if not torch.allclose(logits, expected_logits, atol=1e-5):
                from_zeros, _, _ = model.step(tokens, (torch.zeros_like(state[0]), torch.zeros_like(state[1])), None)
                if torch.allclose(logits, from_zeros, atol=1e-5):
                    return verdict(False, f"at step {step_number} the logits ignore the state you were given.")
                return verdict(False, f"at step {step_number} the logits differ from model.step's.")
            if torch.allclose(h, state[0]) and torch.allclose(c, state[1]):
                return verdict(
                    False, f"at step {step_number} the state you return is the one you were given: return the new one."
                )
            if not (
                torch.allclose(h, expected_state[0], atol=1e-5) and torch.allclose(c, expected_state[1], atol=1e-5)
            ):
                return verdict(False, f"at step {step_number} the logits are right but the new (h, c) is not.")
            # Next step: the new state and some other tokens.
            state = expected_state
            tokens = torch.randint(1, len(model.vocab), tokens.shape, generator=gen)
    return verdict(True, f"{what} gives model.step's logits and state, two steps in a row.")
