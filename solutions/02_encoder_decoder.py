"""Solutions to the exercises of notebook 02 (the encoder and the decoder, built by hand).

Run ``python solutions/02_encoder_decoder.py`` to see every check pass.
"""

from __future__ import annotations

import torch

from seq2seq_lib import Seq2Seq
from seq2seq_lib.exercises import CheckResult, nb02


def lstm_parameter_count(input_size: int, hidden_size: int) -> int:
    """Four gates, each with an input weight, a recurrent weight and two bias vectors (PyTorch keeps b_ih and b_hh)."""
    per_gate = hidden_size * input_size + hidden_size * hidden_size + 2 * hidden_size
    return 4 * per_gate


def context_from_last_state(h_T: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
    """C = W_h h_T + b_h for a batch of row vectors h_T [B, H_in]; weight is [H_out, H_in]."""
    return h_T @ weight.T + bias


def decoder_step(model: Seq2Seq, tokens: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor]):
    """Embedding -> one LSTM step from ``state`` = (s, m), each [1, B, H] -> output layer."""
    embedded = model.decoder_embedding(tokens).unsqueeze(1)  # [B, 1, E]: a sequence of length one
    output, new_state = model.decoder(embedded, state)  # output [B, 1, H]; new_state (s_t, m_t)
    logits = model.output(output[:, 0])  # [B, V]
    return logits, new_state


def encoder_states(model: Seq2Seq, src: torch.Tensor):
    """model.encoder run one position at a time, the state passed on: (h_1..h_T [B, T, H], (h_T, m_T))."""
    embedded = model.encoder_embedding(src)  # [B, T, E]
    state = None  # nn.LSTM starts from zeros when no state is given
    outputs = []
    for t in range(src.shape[1]):
        output, state = model.encoder(embedded[:, t : t + 1], state)  # output [B, 1, H]
        outputs.append(output)
    return torch.cat(outputs, dim=1), state


def run_checks() -> list[CheckResult]:
    return [
        nb02.check_lstm_parameter_count(lstm_parameter_count),
        nb02.check_context_from_last_state(context_from_last_state),
        nb02.check_decoder_step(decoder_step),
        nb02.check_encoder_states(encoder_states),
    ]


if __name__ == "__main__":
    for result in run_checks():
        print(result)
