"""A synthetic task whose input length we control: copy (or reverse) a random string.

The article claims that a single fixed-size context vector C dilutes what the encoder
read early on, and that the longer the input, the worse this gets (输入序列越长，这个现象就越
严重). Dates all have 8 characters, so they cannot show it. This task can: a source is
a random string of ``min_len`` to ``max_len`` symbols, and the target is the same
string (``task="copy"``) or the string reversed (``task="reverse"``). Every symbol
is drawn independently, so nothing can be guessed: an exact copy of a length-L string
needs all L symbols to reach the decoder.

Copying is the harder of the two for a plain encoder-decoder and the closer to the
article's claim: the first output symbol depends on the *first* input symbol, which
the encoder read longest ago. Reversal puts the most recent symbol first, which is
why Sutskever et al. (2014) reversed their source sentences.

Like :class:`~seq2seq_lib.tasks.dates.DateDataset`, a dataset is a
:class:`~seq2seq_lib.tasks.base.SequenceDataset`: ``x`` (right-padded with ``<PAD>`` = 0)
and ``y`` (``<GO> ... <EOS>``, right-padded) as int64 NumPy arrays, its vocabulary, and the
strings themselves. It draws from its own ``numpy.random.RandomState`` (no global state)
and never iterates a set, so the data and the token ids do not depend on ``PYTHONHASHSEED``.

Sizes used by ``scripts/attention_vs_length.py`` (notebook 07): digits, lengths 3 to
15, and both models at the course's sizes (embedding 16, 32 units). With these the
plain model copies 3 digits almost always and 15 almost never within the budget, so
the whole curve is visible; with lengths up to 20 or 30 mixed into training, the plain
model at 32 units did not even learn the short strings in the same number of epochs
(measured while choosing), and a larger shared size was not needed.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..validation import ArgumentError, ArgumentTypeError, check_choice, check_int
from ..vocab import EOS, GO, Vocabulary
from .base import MAX_EXAMPLES, SequenceDataset, check_exclude, draw_distinct

DIGITS = "0123456789"
TASKS = ("copy", "reverse")


def _check_alphabet(alphabet: object) -> str:
    if not isinstance(alphabet, str):
        raise ArgumentTypeError(f"alphabet must be a str of distinct characters, got {type(alphabet).__name__}")
    if len(alphabet) < 2:
        raise ArgumentError(f"alphabet needs at least 2 distinct characters, got {alphabet!r}")
    if len(set(alphabet)) != len(alphabet):
        raise ArgumentError(f"alphabet characters must be distinct, got {alphabet!r}")
    if any(symbol in "<>" for symbol in alphabet):
        raise ArgumentError(f"alphabet characters must not be '<' or '>', which mark special tokens, got {alphabet!r}")
    return "".join(sorted(alphabet))


def task_vocabulary(alphabet: str = DIGITS) -> Vocabulary:
    """The task's vocabulary: ``<PAD>`` (id 0), then the alphabet and ``<GO>``/``<EOS>`` sorted."""
    return Vocabulary([*_check_alphabet(alphabet), GO, EOS])


def task_target(source: str, task: str = "copy") -> str:
    """The exact answer for one source string: itself (``copy``) or reversed (``reverse``)."""
    check_choice("task", task, TASKS)
    return source if task == "copy" else source[::-1]


def count_strings(alphabet_size: int, min_len: int, max_len: int) -> int:
    """How many distinct strings of ``min_len``..``max_len`` symbols exist."""
    return sum(alphabet_size**length for length in range(min_len, max_len + 1))


class LengthTaskDataset(SequenceDataset):
    """``n`` random strings of ``min_len``..``max_len`` symbols, to copy or reverse.

    Args:
        n: number of examples (1 .. 1,000,000).
        min_len, max_len: the shortest and longest source (``1 <= min_len <= max_len <= 200``).
            Each example's length is drawn uniformly from this range.
        task: ``"copy"`` (target = source) or ``"reverse"`` (target = source reversed).
        seed: seed of the dataset's own ``numpy.random.RandomState``, in ``[0, 2**32)``.
        alphabet: the source symbols (distinct characters, default the ten digits); they
            are sorted first, so their order does not matter.
        exclude: source strings to leave out. When given, the ``n`` sources are also
            pairwise distinct: use it to build a held-out set that shares no string
            with a training set (see :func:`held_out_length_dataset`).

    Attributes:
        sources, targets: the strings (``targets[i] == task_target(sources[i], task)``).
        lengths: ``[n]`` int64 source lengths.
        x: ``[n, max_len]`` int64 source ids, right-padded with ``<PAD>`` (id 0).
        y: ``[n, max_len + 2]`` int64 target ids ``<GO> t_1 .. t_L <EOS>``, right-padded
            with ``<PAD>``.
        vocab: the task's vocabulary (depends only on ``alphabet``).
    """

    def __init__(
        self,
        n: int,
        min_len: int,
        max_len: int,
        task: str = "copy",
        seed: int = 0,
        alphabet: str = DIGITS,
        exclude: Iterable[str] | None = None,
    ):
        n = check_int("n", n, 1, MAX_EXAMPLES)
        self.min_len = check_int("min_len", min_len, 1, 200)
        self.max_len = check_int("max_len", max_len, 1, 200)
        if self.min_len > self.max_len:
            raise ArgumentError(f"min_len ({min_len}) must not exceed max_len ({max_len})")
        self.task = check_choice("task", task, TASKS)
        self.seed = check_int("seed", seed, 0, 2**32 - 1)
        self.alphabet = _check_alphabet(alphabet)

        exclude = check_exclude(exclude, "0123")
        rng = np.random.RandomState(self.seed)
        if exclude is None:
            self.sources = self._draw(rng, n)
        else:
            self.sources = self._draw_distinct(rng, n, exclude)
        self.targets = [task_target(s, task) for s in self.sources]
        self.lengths = np.array([len(s) for s in self.sources], dtype=np.int64)
        super().__init__(task_vocabulary(self.alphabet), self.sources, self.targets)
        # Pad to the declared widths even if no drawn string reaches max_len.
        self.x = _widen(self.x, self.max_len, self.vocab.pad_id)
        self.y = _widen(self.y, self.max_len + 2, self.vocab.pad_id)

    def _draw(self, rng: np.random.RandomState, n: int) -> list[str]:
        # dtypes pinned: randint's default integer is 32-bit on Windows with NumPy < 2,
        # and a different dtype draws a different stream.
        lengths = rng.randint(self.min_len, self.max_len + 1, size=n, dtype=np.int64)
        symbols = rng.randint(0, len(self.alphabet), size=(n, self.max_len), dtype=np.int64)
        return ["".join(self.alphabet[k] for k in row[:length]) for row, length in zip(symbols, lengths, strict=True)]

    def _draw_distinct(self, rng: np.random.RandomState, n: int, exclude: set[str]) -> list[str]:
        total = count_strings(len(self.alphabet), self.min_len, self.max_len)
        excluded = sum(1 for s in exclude if self.min_len <= len(s) <= self.max_len and set(s) <= set(self.alphabet))
        if n > total - excluded:
            raise ArgumentError(
                f"cannot draw {n:,} distinct strings of length {self.min_len}..{self.max_len} over "
                f"{len(self.alphabet)} symbols: only {total - excluded:,} exist outside the excluded ones"
            )
        pairs = draw_distinct(lambda m: [(s, s) for s in self._draw(rng, m)], n, exclude)
        return [source for source, _ in pairs]

    def __repr__(self) -> str:
        return (
            f"LengthTaskDataset(n={len(self)}, task={self.task!r}, lengths {self.min_len}..{self.max_len}, "
            f"seed={self.seed}, first={self.sources[0]!r}->{self.targets[0]!r})"
        )


def _widen(ids: np.ndarray, width: int, pad_id: int) -> np.ndarray:
    if ids.shape[1] >= width:
        return ids
    return np.pad(ids, ((0, 0), (0, width - ids.shape[1])), constant_values=pad_id)


def held_out_length_dataset(
    train: LengthTaskDataset, n: int, length: int | None = None, seed: int = 2024
) -> LengthTaskDataset:
    """``n`` distinct strings that never occur in ``train``, with its task and alphabet.

    With ``length`` every string has exactly that length (one bucket of the
    length-vs-accuracy curve; ``x`` is then ``[n, length]`` with no padding); without
    it, lengths span ``train``'s range.
    """
    low, high = (train.min_len, train.max_len) if length is None else (length, length)
    return LengthTaskDataset(n, low, high, task=train.task, seed=seed, alphabet=train.alphabet, exclude=train.sources)


__all__ = [
    "DIGITS",
    "TASKS",
    "LengthTaskDataset",
    "count_strings",
    "held_out_length_dataset",
    "task_target",
    "task_vocabulary",
]
