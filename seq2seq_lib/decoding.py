"""Autoregressive decoding: each output token is fed back as the next input.

Greedy decoding takes the most likely token at every step, for a whole batch at
once, and stops as soon as every row has produced ``<EOS>`` (the article always ran
all steps and never looked for ``<EOS>``). It runs without autograd.

Beam search, which keeps the k most likely partial outputs, lives in
:mod:`seq2seq_lib.beam_search`; its functions are re-exported here, and
``translate(..., beam_width=k)`` uses it.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

# Hypothesis, beam_search and sequence_log_probs are re-exported, so that
# `from seq2seq_lib.decoding import beam_search` works.
from .beam_search import Hypothesis, beam_decode, beam_search, check_beam_width, sequence_log_probs  # noqa: F401
from .data import check_source_date
from .models import EncoderDecoder


@torch.no_grad()
def greedy_decode(
    model: EncoderDecoder, src: torch.Tensor, return_attention: bool = False
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor | None]:
    """Greedy decoding of a batch.

    Args:
        model: a trained :class:`Seq2Seq` or :class:`AttentionSeq2Seq`.
        src: source ids ``[B, S]`` on the model's device.
        return_attention: also return the attention weights (attention model only).

    Returns:
        ids ``[B, L]`` (L <= ``model.max_output_len``), ``<EOS>`` included, ``<PAD>``
        after it; with ``return_attention``, also alpha ``[B, L, S]`` (None for the
        plain model).
    """
    was_training = model.training
    model.eval()
    vocab = model.vocab
    mask = model.source_mask(src)
    memory, encoder_state = model.encode(src, mask)
    state = model.initial_state(encoder_state)
    tokens = torch.full((src.shape[0],), vocab.go_id, dtype=torch.long, device=src.device)
    finished = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)
    outputs, alphas = [], []
    for _ in range(model.max_output_len):
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


def encode_sources(model: EncoderDecoder, texts: Sequence[str]) -> torch.Tensor:
    """Validated ``yy-mm-dd`` strings -> source ids ``[B, 8]`` on the model's device."""
    return torch.tensor([model.vocab.encode(t) for t in texts], dtype=torch.long, device=model.device)


def check_batch(texts: object) -> list[str]:
    """Validate a list of dates; one bad entry fails the batch with every bad entry named."""
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Sequence):
        raise TypeError(f"texts must be a str or a list of str, got {type(texts).__name__}")
    problems = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"entry {index} must be a str like '24-03-05', got {type(text).__name__}: {text!r}")
        try:
            check_source_date(text)
        except ValueError as err:
            problems.append(f"entry {index}: {err}")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise ValueError(f"{len(problems)} of {len(texts)} dates cannot be translated: {shown}")
    return list(texts)


def translate(
    model: EncoderDecoder, texts: str | Sequence[str], batch_size: int = 4096, beam_width: int = 1
) -> str | list[str]:
    """Translate ``yy-mm-dd`` dates to ``dd/Mon/yyyy`` with greedy decoding or beam search.

    A ``str`` gives a ``str``; a list gives a list. Every input is validated first
    (see :func:`seq2seq_lib.data.check_source_date`): a bad one raises ``ValueError``
    (``TypeError`` for a non-string) naming it, and nothing is translated.

    ``beam_width`` (a positive int, else ``ValueError``) is the number of hypotheses
    beam search keeps (:func:`seq2seq_lib.beam_search.beam_search`). 1 means greedy
    decoding, and runs :func:`greedy_decode`: a beam of width 1 gives exactly its
    outputs (the tests check this), and greedy is faster.
    """
    check_beam_width(beam_width)
    if isinstance(texts, str):
        check_source_date(texts)
        return translate(model, [texts], batch_size, beam_width)[0]
    texts = check_batch(texts)
    results: list[str] = []
    for start in range(0, len(texts), batch_size):
        src = encode_sources(model, texts[start : start + batch_size])
        ids = greedy_decode(model, src) if beam_width == 1 else beam_decode(model, src, beam_width)
        results.extend(model.vocab.decode(row) for row in ids.tolist())
    return results
