"""What every task's dataset shares: token ids ``x`` and ``y``, its vocabulary, distinct draws.

A task (dates, copying digit strings, ...) only decides which strings make a pair and how
they split into tokens; this base turns the pairs into the two int64 arrays every model and
``train`` read:

- ``x``: ``[n, S]`` source ids, right-padded with ``<PAD>`` (id 0);
- ``y``: ``[n, U + 1]`` target ids ``<GO> t_1 .. t_U <EOS>``, right-padded with ``<PAD>``.

The decoder reads ``y[:, :-1]`` and learns to predict ``y[:, 1:]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import torch
from torch.utils.data import Dataset

from ..i18n import tr
from ..validation import ArgumentError, ArgumentTypeError, shorten
from ..vocab import EOS, GO, Vocabulary

# More examples than this would take minutes and gigabytes to build in Python; nothing in
# the course needs more than a few thousand.
MAX_EXAMPLES = 1_000_000


class SequenceDataset(Dataset):
    """Source and target token sequences, as padded id arrays.

    Args:
        vocab: the task's vocabulary.
        source_tokens: one list of tokens per example.
        target_tokens: one list of tokens per example, without ``<GO>``/``<EOS>``.

    Attributes:
        vocab, x ``[n, S]``, y ``[n, U + 1]`` (int64 NumPy arrays, see the module docstring).
    """

    def __init__(
        self, vocab: Vocabulary, source_tokens: Sequence[Sequence[str]], target_tokens: Sequence[Sequence[str]]
    ):
        self.vocab = vocab
        self.x = _pad([vocab.encode(tokens) for tokens in source_tokens], vocab.pad_id)
        self.y = _pad([vocab.encode([GO, *tokens, EOS]) for tokens in target_tokens], vocab.pad_id)

    @property
    def max_output_len(self) -> int:
        """The longest decoder output in this dataset, ``<EOS>`` included."""
        return self.y.shape[1] - 1

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, idx: int) -> tuple[np.ndarray, np.ndarray, int]:
        """``(x [S], y [U + 1], decoder_len)``: decoder_len counts the outputs, ``<EOS>`` included."""
        return self.x[idx], self.y[idx], int((self.y[idx] != self.vocab.pad_id).sum()) - 1

    def idx2str(self, idxs: Iterable[int]) -> str:
        """Ids to text, stopping at ``<EOS>`` (excluded); the article's name."""
        return self.vocab.decode(idxs)

    def tensors(self, device: torch.device | str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """``(x [n, S], y [n, U + 1])`` as int64 tensors on ``device``."""
        return torch.as_tensor(self.x, device=device), torch.as_tensor(self.y, device=device)

    def metrics(self, correct: torch.Tensor) -> dict[str, float]:
        """Task-specific scores from ``correct`` ``[n, U]`` (True where an output position is right).

        :func:`seq2seq_lib.training.evaluate` adds what this returns to its exact match and
        token accuracy. The base has none; dates add per-field accuracy.
        """
        return {}


def _pad(rows: list[list[int]], pad_id: int) -> np.ndarray:
    width = max(len(row) for row in rows)
    out = np.full((len(rows), width), pad_id, dtype=np.int64)
    for i, row in enumerate(rows):
        out[i, : len(row)] = row
    return out


Pair = tuple[str, str]  # (source, target)


def check_exclude(exclude: object, example: str) -> set[str] | None:
    """``exclude`` as a set of source strings, or None; a single string is refused.

    A str is itself an iterable of strings, its characters: ``exclude="24-03-05"`` would
    exclude ``"2"``, ``"4"``, ``"-"`` ... and so nothing. The message says what to pass instead.
    ``example`` is a source of the task, for that message.
    """
    if exclude is None:
        return None
    if isinstance(exclude, (str, bytes)):
        raise ArgumentTypeError(
            f"exclude must be a collection of sources, not one {type(exclude).__name__}: pass "
            f"exclude=[{shorten(exclude)}] to leave out that one (a string is read as its characters)"
        )
    if not isinstance(exclude, Iterable):
        raise ArgumentTypeError(
            f"exclude must be a collection of sources such as [{example!r}], got {type(exclude).__name__}"
        )
    sources = set()
    for source in exclude:
        if not isinstance(source, str):
            raise ArgumentTypeError(
                f"exclude must hold sources as strings such as {example!r}, got {type(source).__name__} "
                f"{shorten(source)}"
            )
        sources.add(source)
    return sources


def draw_distinct(draw: Callable[[int], list[Pair]], n: int, exclude: Iterable[str]) -> list[Pair]:
    """``n`` pairs with pairwise distinct sources, none in ``exclude``, in the order drawn.

    ``draw(m)`` returns ``m`` fresh random ``(source, target)`` pairs. The caller must first
    make sure that ``n`` distinct sources exist outside ``exclude`` (each task can count its
    own): then this loop ends. Every round draws ``n`` pairs, so the examples a seed gives
    do not depend on how many were rejected before.
    """
    seen = set(exclude)  # membership only, never iterated: the hash seed cannot matter
    pairs: list[Pair] = []
    while len(pairs) < n:
        for source, target in draw(n):
            if source not in seen:
                seen.add(source)
                pairs.append((source, target))
                if len(pairs) == n:
                    break
    return pairs


# -- texts from a person, a batch at a time ------------------------------------------------------
def check_batch(texts: object, read_one: Callable[[str], str], example: str) -> list[str]:
    """``read_one`` applied to every text of a list: a task's translate() checks its whole input first.

    ``read_one(text)`` returns the text as the model reads it, or raises ``ValueError`` naming the
    problem; ``example`` is a text it accepts, shown when an entry is not a string. One bad entry
    fails the batch, with every bad entry named (the first five in the message).
    """
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Sequence):
        raise ArgumentTypeError(tr("texts must be a str or a list of str, got {kind}", kind=type(texts).__name__))
    problems, read = [], []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise ArgumentTypeError(
                tr(
                    "entry {index} must be a str like {example!r}, got {kind}: {value}",
                    index=index,
                    example=example,
                    kind=type(text).__name__,
                    value=shorten(text),
                )
            )
        try:
            read.append(read_one(text))
        except ValueError as err:
            problems.append(tr("entry {index}: {error}", index=index, error=err))
    if problems:
        raise ArgumentError(batch_refusal(problems, len(texts)))
    return read


def batch_refusal(problems: Sequence[str], total: int) -> str:
    """The message for a batch of texts some of which cannot be translated: the first five problems named."""
    shown = tr("; ").join(problems[:5])  # the separator too: "；" in Chinese
    if len(problems) > 5:
        shown += tr("; and {count} more", count=len(problems) - 5)
    return tr("{bad} of {total} dates cannot be translated: {shown}", bad=len(problems), total=total, shown=shown)
