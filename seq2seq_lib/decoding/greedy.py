"""Greedy decoding: the most likely token at every step, fed back as the next input.

It decodes a whole batch at once and stops as soon as every row has produced ``<EOS>``
(the article always ran all steps and never looked for ``<EOS>``). It runs without
autograd and works for every model kind through ``encode`` / ``initial_state`` / ``step``.
"""

from __future__ import annotations

import torch

from ..models import EncoderDecoder
from ..validation import ArgumentError, check_optional_int


def check_source_ids(src: object) -> torch.Tensor:
    """Return ``src`` if it is a non-empty int64 tensor ``[batch, source_len]``."""
    if not isinstance(src, torch.Tensor) or src.dim() != 2 or src.dtype != torch.long or 0 in src.shape:
        described = f"tensor {src.dtype} {tuple(src.shape)}" if isinstance(src, torch.Tensor) else type(src).__name__
        raise ArgumentError(f"src must be a non-empty int64 tensor of source ids [batch, source_len], got {described}")
    return src


@torch.no_grad()
def greedy_decode(
    model: EncoderDecoder, src: torch.Tensor, return_attention: bool = False, max_len: int | None = None
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor | None]:
    """Greedy decoding of a batch.

    Args:
        model: a trained model of any kind.
        src: source ids ``[B, S]`` on the model's device.
        return_attention: also return the attention weights (None for a model without).
        max_len: stop after this many steps (default and upper bound: ``model.max_output_len``).

    Returns:
        ids ``[B, L]`` (L <= ``max_len``), ``<EOS>`` included, ``<PAD>`` after it; with
        ``return_attention``, also alpha ``[B, L, S]`` (or None).
    """
    check_source_ids(src)
    max_len = check_optional_int("max_len", max_len, 1) or model.max_output_len
    was_training = model.training
    model.eval()
    vocab = model.vocab
    mask = model.source_mask(src)
    memory, encoder_state = model.encode(src, mask)
    state = model.initial_state(encoder_state)
    tokens = torch.full((src.shape[0],), vocab.go_id, dtype=torch.long, device=src.device)
    finished = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)
    outputs, alphas = [], []
    for _ in range(min(max_len, model.max_output_len)):
        logits, state, alpha = model.step(tokens, state, memory, mask)
        tokens = logits.argmax(dim=-1).masked_fill(finished, vocab.pad_id)
        outputs.append(tokens)
        alphas.append(alpha)
        finished |= tokens == vocab.eos_id
        if bool(finished.all()):  # one host sync per step; saves the remaining steps
            break
    model.train(was_training)
    ids = torch.stack(outputs, dim=1)
    if not return_attention:
        return ids
    attention = torch.stack(alphas, dim=1) if alphas[0] is not None else None
    return ids, attention
