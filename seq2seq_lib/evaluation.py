"""Scoring a model on a dataset: greedy decoding against the targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F

from .decoding import greedy_decode
from .i18n import N_
from .models import EncoderDecoder
from .validation import ArgumentError, ArgumentTypeError, check_int

if TYPE_CHECKING:  # the core needs only the shape of a dataset, not the tasks themselves
    from .tasks.base import SequenceDataset


def check_dataset(model: EncoderDecoder, dataset: object, name: str = "dataset") -> None:
    """A dataset the model can read: ``x``, ``y``, ``vocab`` (the model's), not empty, targets that fit."""
    if not all(hasattr(dataset, attr) for attr in ("x", "y", "vocab", "tensors")):
        raise ArgumentTypeError(
            f"{name} must be a dataset of seq2seq_lib.tasks (with x, y, vocab), got {type(dataset).__name__}"
        )
    if dataset.vocab != model.vocab:
        raise ArgumentError(f"{name} uses a different vocabulary from the model: token ids would not match")
    if len(dataset) == 0:
        raise ArgumentError(f"{name} is empty")
    outputs = dataset.y.shape[1] - 1
    if outputs > model.max_output_len:
        raise ArgumentError(
            f"{name}'s targets have up to {outputs} tokens (<EOS> included), but the model writes at most "
            f"{model.max_output_len}: build it with max_output_len={outputs} or more"
        )


@torch.no_grad()
def evaluate(model: EncoderDecoder, dataset: SequenceDataset, batch_size: int = 4096) -> dict[str, float]:
    """Greedy-decode ``dataset`` and score it against its targets.

    Returns:
        ``exact_match`` (whole output right, ``<EOS>`` in place), ``token_accuracy``
        (share of target positions right), and whatever the dataset's task adds through
        ``dataset.metrics`` (dates: per-field accuracy ``day``, ``month``, ``year``).
    """
    check_dataset(model, dataset)
    batch_size = check_int("batch_size", batch_size, 1)
    x, y = dataset.tensors(model.device)
    targets = y[:, 1:]  # drop <GO>
    width = targets.shape[1]
    hits = []
    for start in range(0, len(x), batch_size):
        # Anything longer than the target is wrong anyway: no need to decode further.
        predicted = greedy_decode(model, x[start : start + batch_size], max_len=width)
        # Pad to the target length so the two can be compared position by position.
        predicted = F.pad(predicted, (0, width - predicted.shape[1]), value=model.vocab.pad_id)
        hits.append(predicted == targets[start : start + batch_size])
    correct = torch.cat(hits)  # [n, U]
    relevant = targets != model.vocab.pad_id
    result = {
        # The names are marked for the Chinese edition: notebooks show them through seq2seq_lib.i18n.tr_table.
        N_("exact_match"): (correct | ~relevant).all(dim=1).float().mean().item(),
        N_("token_accuracy"): (correct & relevant).sum().item() / relevant.sum().item(),
    }
    metrics = getattr(dataset, "metrics", None)
    if metrics is not None:
        result.update(metrics(correct))
    return result
