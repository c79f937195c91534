"""Notebook 02's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from seq2seq_lib.exercises import nb02

# -- exercise 1: lstm_parameter_count ------------------------------------------------------------


def _right_count(i, h):
    return 4 * (h * i + h * h + 2 * h)


COUNT_MISTAKES = [
    (lambda i, h: 4 * (h * (i + h) + h), "one bias vector per gate is missing"),
    (lambda i, h: 4 * h * (i + h), "the biases are missing"),
    (lambda i, h: 4 * (h * i + 2 * h), "recurrent weights W_hh"),
    (lambda i, h: h * (i + h) + 2 * h, "one gate's worth"),
    (lambda i, h: 3 * (h * (i + h) + 2 * h), "three gates, as a GRU has"),
    (lambda i, h: 4 * (i * i + h * h + 2 * h), "named_parameters()"),  # the input weight taken as [E, E]
    (lambda i, h: float(_right_count(i, h)), "whole number (int)"),
    (lambda i, h: str(_right_count(i, h)), "whole number (int)"),
]


@pytest.mark.parametrize(("wrong", "phrase"), COUNT_MISTAKES)
def test_lstm_parameter_count_mistakes(wrong, phrase):
    result = nb02.check_lstm_parameter_count(wrong)
    assert not result and phrase in result.message, result.message


def test_lstm_parameter_count_does_not_give_the_count_away():
    result = nb02.check_lstm_parameter_count(lambda i, h: 4 * h * (i + h))
    assert "lstm_parameter_count(16, 32)" in result.message
    assert str(_right_count(16, 32)) not in result.message and "6,400" not in result.message


# -- exercise 2: context_from_last_state ---------------------------------------------------------

CONTEXT_MISTAKES = [
    (lambda h, w, b: h @ w + b, "the wrong way round"),
    (lambda h, w, b: h @ w.T, "missing the bias b_h"),
    (lambda h, w, b: (h @ w.T + b).T, "C is transposed"),
    (lambda h, w, b: torch.tanh(h @ w.T + b), "activation function"),
    (lambda h, w, b: w @ h + b, "raised RuntimeError"),  # W_h h_T written as in the formula, for row vectors
    (lambda h, w, b: (h @ w.T + b).sum(dim=0), "the wrong shape"),
    (lambda h, w, b: h @ w.T - b, "differs from W_h h_T + b_h"),
    (lambda h, w, b: (h @ w.T + b).numpy(), "return a torch.Tensor"),
]


@pytest.mark.parametrize(("wrong", "phrase"), CONTEXT_MISTAKES)
def test_context_from_last_state_mistakes(wrong, phrase):
    result = nb02.check_context_from_last_state(wrong)
    assert not result and phrase in result.message, result.message


def test_context_from_last_state_does_not_give_c_away():
    wrong = CONTEXT_MISTAKES[1][0]
    result = nb02.check_context_from_last_state(wrong)
    first = nb02._context_cases()[0]
    expected = first.expected.C
    assert first.label in result.message
    for value in expected.flatten()[:4].tolist():
        assert f"{value:.3f}" not in result.message and f"{value:.2f}" not in result.message


# -- exercise 3: decoder_step --------------------------------------------------------------------


def _embedded(model, tokens):
    return model.decoder_embedding(tokens).unsqueeze(1)  # [B, 1, E]


def step_from_zeros(model, tokens, state):
    zeros = (torch.zeros_like(state[0]), torch.zeros_like(state[1]))
    out, new_state = model.decoder(_embedded(model, tokens), zeros)
    return model.output(out[:, 0]), new_state


def step_returns_old_state(model, tokens, state):
    out, _ = model.decoder(_embedded(model, tokens), state)
    return model.output(out[:, 0]), state


def step_without_output_layer(model, tokens, state):
    out, new_state = model.decoder(_embedded(model, tokens), state)
    return out[:, 0], new_state


def step_keeps_time_axis(model, tokens, state):
    out, new_state = model.decoder(_embedded(model, tokens), state)
    return model.output(out), new_state


def step_squeezes_everything(model, tokens, state):  # right for a batch of 5, wrong for a batch of 1
    out, new_state = model.decoder(_embedded(model, tokens), state)
    return model.output(out.squeeze()), new_state


def step_swaps_h_and_m(model, tokens, state):
    out, (h, m) = model.decoder(_embedded(model, tokens), state)
    return model.output(out[:, 0]), (m, h)


def step_with_encoder_embedding(model, tokens, state):
    out, new_state = model.decoder(model.encoder_embedding(tokens).unsqueeze(1), state)
    return model.output(out[:, 0]), new_state


def step_with_encoder_lstm(model, tokens, state):
    out, new_state = model.encoder(_embedded(model, tokens), state)
    return model.output(out[:, 0]), new_state


def step_scores_the_old_state(model, tokens, state):
    _, new_state = model.decoder(_embedded(model, tokens), state)
    return model.output(state[0][0]), new_state


def step_drops_the_layer_axis(model, tokens, state):
    out, (h, m) = model.decoder(_embedded(model, tokens), state)
    return model.output(out[:, 0]), (h[0], m[0])


def step_returns_model_step(model, tokens, state):
    return model.step(tokens, state, None)  # three values: logits, state, attention


def step_returns_logits_only(model, tokens, state):
    out, _ = model.decoder(_embedded(model, tokens), state)
    return model.output(out[:, 0])


def step_with_a_fresh_lstm(model, tokens, state):  # new, untrained weights instead of the model's
    torch.manual_seed(0)
    lstm = nn.LSTM(model.embedding_dim, model.units, batch_first=True)
    out, new_state = lstm(_embedded(model, tokens), state)
    return model.output(out[:, 0]), new_state


def step_with_wrong_new_state(model, tokens, state):
    out, (h, m) = model.decoder(_embedded(model, tokens), state)
    return model.output(out[:, 0]), (h, torch.tanh(m))


STEP_MISTAKES = [
    (step_from_zeros, "a step from a zero state"),
    (step_returns_old_state, "the state you return is the one you were given"),
    (step_without_output_layer, "one number per hidden unit"),
    (step_keeps_time_axis, "time axis of length 1"),
    (step_squeezes_everything, "a batch of one must keep its row"),
    (step_swaps_h_and_m, "h and m are swapped"),
    (step_with_encoder_embedding, "the encoder's embedding or LSTM"),
    (step_with_encoder_lstm, "the encoder's embedding or LSTM"),
    (step_scores_the_old_state, "without the LSTM step"),
    (step_drops_the_layer_axis, "nn.LSTM's layout"),
    (step_returns_model_step, "did not return a pair (logits, (h, m))"),
    (step_returns_logits_only, "return a pair (logits, (h, m))"),
    (step_with_a_fresh_lstm, "the logits differ from model.step's"),
    (step_with_wrong_new_state, "the logits are right, but the new state"),
]


@pytest.mark.parametrize(("wrong", "phrase"), STEP_MISTAKES, ids=[w.__name__ for w, _ in STEP_MISTAKES])
def test_decoder_step_mistakes(wrong, phrase):
    with torch.random.fork_rng(devices=[]):
        result = nb02.check_decoder_step(wrong)
    assert not result and phrase in result.message, result.message


def test_decoder_step_names_the_case_and_not_the_answer():
    result = nb02.check_decoder_step(step_from_zeros)
    first = nb02._step_cases()[0]
    assert result.message.startswith(first.label)
    for value in first.expected.logits.flatten()[:4].tolist():
        assert f"{value:.3f}" not in result.message


def test_decoder_step_tries_several_models_and_a_second_step():
    cases = nb02._step_cases()
    assert len({(c.args[0].embedding_dim, c.args[0].units, len(c.args[0].vocab)) for c in cases}) == 4
    assert any("step 2" in c.label for c in cases)
    assert any(c.args[0].transform_context for c in cases)


def test_the_context_check_uses_the_librarys_own_map():
    *_, last = nb02._context_cases()
    h_T, weight, bias = last.args
    assert weight.shape == (32, 32) and torch.allclose(last.expected.C, F.linear(h_T, weight, bias))


def test_case_names_are_translated():
    from seq2seq_lib.i18n import translations

    ZH = translations("zh")

    assert all(label in ZH for label in nb02.LABELS)


# -- exercise 4: encoder_states ------------------------------------------------------------------


def _encoder_embedded(model, src):
    return model.encoder_embedding(src)


def encoder_from_zeros_each_time(model, src):
    embedded = _encoder_embedded(model, src)
    outputs, state = [], None
    for t in range(src.shape[1]):
        output, state = model.encoder(embedded[:, t : t + 1])  # the state is never passed on
        outputs.append(output)
    return torch.cat(outputs, dim=1), state


def encoder_stacked_on_time_first(model, src):
    outputs, state = model.encoder(_encoder_embedded(model, src))
    return outputs.transpose(0, 1), state


def encoder_keeps_only_the_last(model, src):
    outputs, state = model.encoder(_encoder_embedded(model, src))
    return outputs[:, -1], state


def encoder_reads_backwards(model, src):
    outputs, state = model.encoder(_encoder_embedded(model, src).flip(1))
    return outputs, state


def encoder_with_decoder_layers(model, src):
    return model.decoder(model.decoder_embedding(src))


def encoder_drops_layer_axis(model, src):
    outputs, (h, m) = model.encoder(_encoder_embedded(model, src))
    return outputs, (h[0], m[0])


def encoder_swaps_h_and_m(model, src):
    outputs, (h, m) = model.encoder(_encoder_embedded(model, src))
    return outputs, (m, h)


def encoder_returns_first_state(model, src):
    embedded = _encoder_embedded(model, src)
    outputs, first_state = model.encoder(embedded[:, :1])
    rest, _ = model.encoder(embedded[:, 1:], first_state)
    return torch.cat([outputs, rest], dim=1), first_state


def encoder_returns_outputs_only(model, src):
    return model.encoder(_encoder_embedded(model, src))[0]


def encoder_with_fresh_weights(model, src):
    torch.manual_seed(0)
    lstm = nn.LSTM(model.embedding_dim, model.units, batch_first=True)
    return lstm(_encoder_embedded(model, src))


ENCODER_MISTAKES = [
    (encoder_from_zeros_each_time, "starts again from a zero state"),
    (encoder_stacked_on_time_first, "stacked along the wrong axis"),
    (encoder_keeps_only_the_last, "Keep one for every position"),
    (encoder_reads_backwards, "from its last position to its first"),
    (encoder_with_decoder_layers, "the decoder's embedding and LSTM"),
    (encoder_drops_layer_axis, "not in nn.LSTM's layout"),
    (encoder_swaps_h_and_m, "h_T and m_T are swapped"),
    (encoder_returns_first_state, "not the one after the last position"),
    (encoder_returns_outputs_only, "return a pair (outputs, (h_T, m_T))"),
    (encoder_with_fresh_weights, "differ from model.encode's"),
]


@pytest.mark.parametrize(("wrong", "phrase"), ENCODER_MISTAKES, ids=[w.__name__ for w, _ in ENCODER_MISTAKES])
def test_encoder_states_mistakes(wrong, phrase):
    with torch.random.fork_rng(devices=[]):
        result = nb02.check_encoder_states(wrong)
    assert not result and phrase in result.message, result.message


def test_encoder_states_names_the_case_and_not_the_answer():
    result = nb02.check_encoder_states(encoder_from_zeros_each_time)
    first = nb02._encoder_cases()[0]
    assert result.message.startswith(first.label)
    for value in first.expected.outputs.flatten()[:4].tolist():
        assert f"{value:.3f}" not in result.message
