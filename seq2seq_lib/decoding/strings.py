"""Text in, text out: characters to ids, batched decoding, ids back to text."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from ..i18n import tr
from ..models import EncoderDecoder
from ..runtime import torch_threads
from ..validation import ArgumentError, check_int, shorten
from ..vocab import Vocabulary
from .beam import beam_decode, check_beam_width
from .greedy import greedy_decode

MAX_BATCH_SIZE = 1_000_000


def encode_strings(vocab: Vocabulary, texts: Sequence[str], device: torch.device | str | None = None) -> torch.Tensor:
    """One token per character -> ids ``[B, S]``, right-padded with ``<PAD>`` to the longest text."""
    rows = []
    for index, text in enumerate(texts):
        unknown = sorted({char for char in text if char not in vocab})
        if unknown or not text:
            if unknown:
                problem = tr("has characters the model does not know: {unknown}", unknown=unknown)
            else:
                problem = tr("is empty")
            raise ArgumentError(
                tr("entry {index} {value} {problem}", index=index, value=shorten(text), problem=problem)
            )
        rows.append(vocab.encode(text))
    width = max(len(row) for row in rows)
    padded = [row + [vocab.pad_id] * (width - len(row)) for row in rows]
    # Built on the CPU then moved: a different default device (torch.set_default_device) must not leak in.
    return torch.tensor(padded, dtype=torch.long, device="cpu").to(device)


def decode_strings(
    model: EncoderDecoder,
    texts: Sequence[str],
    batch_size: int = 4096,
    beam_width: int = 1,
    num_threads: int | None = 1,
) -> list[str]:
    """Decode each text with ``model``: greedy (``beam_width=1``) or beam search.

    Batches hold at most ``batch_size`` rows of beams, so beam search takes
    ``batch_size // beam_width`` texts at a time and memory stays bounded for any width.
    Tasks validate their own inputs first (see :func:`seq2seq_lib.tasks.dates.translate`).
    """
    batch_size = check_int("batch_size", batch_size, 1, MAX_BATCH_SIZE)
    beam_width = check_beam_width(beam_width)
    texts = list(texts)
    per_batch = max(1, batch_size // beam_width)
    results: list[str] = []
    with torch_threads(num_threads):
        for start in range(0, len(texts), per_batch):
            src = encode_strings(model.vocab, texts[start : start + per_batch], model.device)
            ids = greedy_decode(model, src) if beam_width == 1 else beam_decode(model, src, beam_width)
            results.extend(model.vocab.decode(row) for row in ids.tolist())
    return results
