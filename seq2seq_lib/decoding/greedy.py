"""Greedy decoding: the most likely token at every step, fed back as the next input.

It decodes a whole batch at once and stops as soon as every row has produced ``<EOS>``
(the article always ran all steps and never looked for ``<EOS>``). It runs without
autograd and works for every model kind through ``encode`` / ``initial_state`` / ``step``.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from ..i18n import tr
from ..models import EncoderDecoder
from ..validation import ArgumentError, ArgumentTypeError, check_optional_int
from ..vocab import PAD, Vocabulary


def check_model(model: object) -> EncoderDecoder:
    """Return ``model`` if it is one of the library's models (any kind)."""
    if not isinstance(model, EncoderDecoder):
        raise ArgumentTypeError(
            tr(
                "model must be a seq2seq_lib model (Seq2Seq, AttentionSeq2Seq, TransformerSeq2Seq), got {kind}",
                kind=type(model).__name__,
            )
        )
    return model


def _check_id_tensor(name: str, ids: object) -> torch.Tensor:
    if not isinstance(ids, torch.Tensor) or ids.dim() != 2 or ids.dtype != torch.long or 0 in ids.shape:
        described = f"tensor {ids.dtype} {tuple(ids.shape)}" if isinstance(ids, torch.Tensor) else type(ids).__name__
        shape = tr("source ids [batch, source_len]") if name == "src" else tr("token ids [batch, length]")
        raise ArgumentError(
            tr(
                "{name} must be a non-empty int64 tensor of {shape}, got {described}",
                name=name,
                shape=shape,
                described=described,
            )
        )
    return ids


def check_token_ids(name: str, ids: object, vocab: Vocabulary) -> torch.Tensor:
    """Return ``ids`` if it is a non-empty int64 tensor ``[batch, length]`` of ids of ``vocab``.

    An id outside ``0 .. len(vocab) - 1`` would index past the embedding table (torch's
    ``IndexError`` from deep inside the model): the message names the first one instead.
    """
    _check_id_tensor(name, ids)
    outside = (ids < 0) | (ids >= len(vocab))
    if bool(outside.any()):
        row, position = (int(i) for i in outside.nonzero()[0])
        raise ArgumentError(
            tr(
                "{name} holds ids outside the model's vocabulary of {size} tokens (0 to {last}): "
                "{id} at row {row}, position {position}",
                name=name,
                size=len(vocab),
                last=len(vocab) - 1,
                id=int(ids[row, position]),
                row=row,
                position=position,
            )
        )
    return ids


def check_source_ids(src: object, model: EncoderDecoder) -> torch.Tensor:
    """Return ``src`` if it is a non-empty int64 tensor ``[batch, source_len]`` that ``model`` can read.

    The one check of every decoder's input (greedy, beam search, sampling, scoring), made when
    the decoder is called, before any computation. Besides the type and shape:

    - every id is a token of ``model.vocab`` (see :func:`check_token_ids`);
    - every row holds at least one real token: an all-``<PAD>`` row is an empty source,
      which the LSTM kinds cannot pack and on which the Transformer's attention, with every
      key masked, gives NaN;
    - rows are right-padded (``<PAD>`` only after the last real token), as
      :meth:`~seq2seq_lib.models.EncoderDecoder.source_mask` assumes: the LSTM kinds read
      each row's first ``n`` tokens, ``n`` its number of real tokens.
    """
    vocab = check_model(model).vocab
    check_token_ids("src", src, vocab)
    real = src != vocab.pad_id  # [B, S]
    empty = ~real.any(dim=1)
    if bool(empty.any()):
        row = int(empty.nonzero()[0, 0])
        raise ArgumentError(
            tr("row {row} of src is all {pad} (an empty source): every source needs a real token", row=row, pad=PAD)
        )
    gaps = real[:, 1:] & ~real[:, :-1]  # a real token right after a <PAD>
    if bool(gaps.any()):
        row, position = (int(i) for i in gaps.nonzero()[0])
        raise ArgumentError(
            tr(
                "row {row} of src has a token after {pad} (at position {position}): sources are right-padded, "
                "real tokens first and {pad} only after them",
                row=row,
                pad=PAD,
                position=position + 1,
            )
        )
    return src


def token_by_token(
    model: EncoderDecoder, src: torch.Tensor, max_len: int, choose: Callable[[torch.Tensor], torch.Tensor]
) -> tuple[torch.Tensor, list[torch.Tensor | None]]:
    """The decoding loop greedy decoding and sampling share: ``choose(logits [B, V]) -> [B]`` picks each step's token.

    ``src`` is checked already. Runs in eval mode (the model's mode is restored, even after an
    error) until every row has written ``<EOS>`` or ``max_len`` steps (at most ``model.max_output_len``).
    Returns ids ``[B, L]`` (``<PAD>`` after ``<EOS>``) and each step's attention ``[B, S]`` (None without).
    """
    vocab = model.vocab
    was_training = model.training
    model.eval()
    try:
        mask = model.source_mask(src)
        memory, encoder_state = model.encode(src, mask)
        state = model.initial_state(encoder_state)
        tokens = torch.full((src.shape[0],), vocab.go_id, dtype=torch.long, device=src.device)  # [B]
        finished = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)  # [B]
        outputs, alphas = [], []
        for _ in range(min(max_len, model.max_output_len)):
            logits, state, alpha = model.step(tokens, state, memory, mask)  # [B, V]
            tokens = choose(logits).masked_fill(finished, vocab.pad_id)
            outputs.append(tokens)
            alphas.append(alpha)
            finished |= tokens == vocab.eos_id
            if bool(finished.all()):  # one host sync per step; saves the remaining steps
                break
    finally:
        model.train(was_training)
    return torch.stack(outputs, dim=1), alphas


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
    check_source_ids(src, model)
    max_len = check_optional_int("max_len", max_len, 1) or model.max_output_len
    ids, alphas = token_by_token(model, src, max_len, lambda logits: logits.argmax(dim=-1))
    if not return_attention:
        return ids
    attention = torch.stack(alphas, dim=1) if alphas[0] is not None else None
    return ids, attention
