"""Solutions to the exercises of notebook 03 (the LSTM Seq2Seq model, trained).

Run ``python solutions/03_lstm_seq2seq.py`` to see every check pass.
"""

from __future__ import annotations

import torch

from seq2seq_lib.exercises import CheckResult, nb03
from seq2seq_lib.models import EncoderDecoder
from seq2seq_lib.training import sequence_loss


def exact_match(predictions: list[str], targets: list[str]) -> float:
    """The share of predictions identical to their target."""
    return sum(p == t for p, t in zip(predictions, targets, strict=True)) / len(targets)


def field_accuracy(predictions: list[str], targets: list[str]) -> dict[str, float]:
    """Per field (day/month/year): the share of predictions that have the field right."""
    names = ("day", "month", "year")
    hits = dict.fromkeys(names, 0)
    for predicted, target in zip(predictions, targets, strict=True):
        got, want = predicted.split("/"), target.split("/")
        for i, name in enumerate(names):
            if i < len(got) and got[i] == want[i]:
                hits[name] += 1
    return {name: hits[name] / len(targets) for name in names}


@torch.no_grad()
def greedy_translate(model: EncoderDecoder, text: str) -> str:
    """Greedy decoding of one date, one step at a time."""
    vocab = model.vocab
    src = torch.tensor([vocab.encode(text)], device=model.device)  # [1, 8]
    memory, encoder_state = model.encode(src)
    state = model.initial_state(encoder_state)
    token = torch.tensor([vocab.go_id], device=model.device)  # the first input is <GO>
    ids = []
    for _ in range(model.max_output_len):
        logits, state, _ = model.step(token, state, memory)
        token = logits.argmax(dim=-1)  # the most likely token, fed back at the next step
        ids.append(token.item())
        if ids[-1] == vocab.eos_id:
            break
    return vocab.decode(ids)


def train_steps(
    model: EncoderDecoder, optimizer: torch.optim.Optimizer, batches: list[tuple[torch.Tensor, torch.Tensor]]
) -> list[float]:
    """One training step per batch (teacher-forced logits, masked cross-entropy, backward, step); the losses."""
    model.train()
    losses = []
    for src, y in batches:
        decoder_inputs, decoder_targets = y[:, :-1], y[:, 1:]  # read <GO> y_1 .., predict y_1 .. <EOS>
        logits = model(src, decoder_inputs)  # [B, U, V]
        loss = sequence_loss(logits, decoder_targets, model.vocab.pad_id)  # <PAD> positions left out
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def run_checks(model: EncoderDecoder | None = None) -> list[CheckResult]:
    return [
        nb03.check_exact_match(exact_match),
        nb03.check_field_accuracy(field_accuracy),
        nb03.check_greedy_translate(greedy_translate, model),
        nb03.check_train_steps(train_steps),
    ]


if __name__ == "__main__":
    run_checks()
