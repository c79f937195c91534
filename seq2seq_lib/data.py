"""The date-translation corpus: ``yy-mm-dd`` in, ``dd/Mon/yyyy`` out.

The article draws random Unix timestamps and formats them with
``datetime.fromtimestamp``, which uses the machine's *local* time zone: the same seed
gave different dates in Beijing and in Los Angeles. We draw the same timestamps from
the same legacy NumPy stream but read them in UTC, so the corpus equals what the
article produces on a UTC machine, everywhere. We also keep our own
``RandomState`` instead of calling ``np.random.seed``, which would reset the global
NumPy state of whoever imports us.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import torch
from torch.utils.data import Dataset

from .vocab import EOS, GO, MONTHS, Vocabulary

# The article's timestamp range: 1974-07-23 .. 2034-10-07 (UTC; the upper bound is exclusive).
TIMESTAMP_LOW = 143_835_585
TIMESTAMP_HIGH = 2_043_835_585
FIRST_YEAR, LAST_YEAR = 1974, 2034

SOURCE_LEN = 8  # "yy-mm-dd"
TARGET_LEN = 11  # <GO> d d / Mon / y y y y <EOS>

_SOURCE_PATTERN = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{2}")


def full_year(two_digit_year: int) -> int:
    """The corpus's century rule: 74..99 -> 19xx, 00..34 -> 20xx.

    Raises ``ValueError`` for 35..73, which the corpus (1974-2034) never contains.
    """
    if 74 <= two_digit_year <= 99:
        return 1900 + two_digit_year
    if 0 <= two_digit_year <= 34:
        return 2000 + two_digit_year
    raise ValueError(
        f"two-digit year {two_digit_year:02d} is outside the course's data, which spans "
        f"{FIRST_YEAR}-{LAST_YEAR} (years 74-99 and 00-34)"
    )


def check_source_date(text: object) -> str:
    """Return ``text`` if it is a date the models can translate; raise otherwise.

    ``TypeError`` for a non-string; ``ValueError`` naming the text and the problem for
    an empty string, a wrong format (only ``yy-mm-dd`` with ASCII digits), an
    impossible date, or a year outside the corpus.
    """
    if not isinstance(text, str):
        raise TypeError(f"a date must be a str like '24-03-05', got {type(text).__name__}: {text!r}")
    if text == "":
        raise ValueError("empty date: expected 'yy-mm-dd', e.g. '24-03-05'")
    if not _SOURCE_PATTERN.fullmatch(text):
        raise ValueError(f"{text!r} is not in the format 'yy-mm-dd' (ASCII digits, e.g. '24-03-05')")
    yy, mm, dd = (int(part) for part in text.split("-"))
    try:
        year = full_year(yy)
    except ValueError as err:
        raise ValueError(f"{text!r}: {err}") from None
    if not 1 <= mm <= 12:
        raise ValueError(f"{text!r} is not a real date: month {mm:02d} does not exist")
    days_in_month = calendar.monthrange(year, mm)[1]
    if not 1 <= dd <= days_in_month:
        raise ValueError(f"{text!r} is not a real date: {MONTHS[mm - 1]} {year} has days 01-{days_in_month:02d}")
    return text


def format_dates(timestamps: Iterable[int]) -> tuple[list[str], list[str]]:
    """Unix timestamps to (``yy-mm-dd``, ``dd/Mon/yyyy``) strings, read in UTC."""
    sources, targets = [], []
    for ts in timestamps:
        day = dt.datetime.fromtimestamp(int(ts), tz=dt.timezone.utc)
        sources.append(f"{day.year % 100:02d}-{day.month:02d}-{day.day:02d}")
        targets.append(f"{day.day:02d}/{MONTHS[day.month - 1]}/{day.year}")
    return sources, targets


def target_tokens(date_en: str) -> list[str]:
    """``'05/Mar/2024'`` -> ``['0', '5', '/', 'Mar', '/', '2', '0', '2', '4']``: the month is one token."""
    return [*date_en[:3], date_en[3:6], *date_en[6:]]


def translate_date(date_cn: str) -> str:
    """The exact answer for one ``yy-mm-dd`` date (validated), without any model."""
    check_source_date(date_cn)
    yy, mm, dd = (int(p) for p in date_cn.split("-"))
    return f"{dd:02d}/{MONTHS[mm - 1]}/{full_year(yy)}"


class DateDataset(Dataset):
    """``n`` random dates as the article draws them, in UTC.

    Args:
        n: number of dates.
        seed: seed of the legacy NumPy stream (the article's is 213).
        exclude: dates (``yy-mm-dd``) to leave out. When given, the dataset holds
            ``n`` *distinct* dates, none of them in ``exclude``: use it to build a
            held-out set that shares no date with a training set. Without it, the
            dates are exactly the article's, repeats included.

    Attributes:
        date_cn, date_en: the source and target strings.
        x: ``[n, 8]`` int64 source ids; y: ``[n, 11]`` int64 target ids ``<GO> ... <EOS>``.
        vocab: the shared :class:`Vocabulary` (same ids for every ``n`` and ``seed``).
    """

    def __init__(self, n: int, seed: int = 213, exclude: Iterable[str] | None = None):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"n must be a positive integer, got {n!r}")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
            raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")
        self.seed = int(seed)
        rng = np.random.RandomState(self.seed)
        if exclude is None:
            # dtype pinned: randint's default integer is 32-bit on Windows with NumPy < 2,
            # and a different dtype draws a different stream.
            stamps = rng.randint(TIMESTAMP_LOW, TIMESTAMP_HIGH, int(n), dtype=np.int64)
            self.date_cn, self.date_en = format_dates(stamps)
        else:
            self.date_cn, self.date_en = self._distinct_dates(rng, int(n), set(exclude))

        self.vocab = Vocabulary.dates()
        self.v2i = dict(self.vocab.token_to_id)
        self.i2v = dict(enumerate(self.vocab.tokens))
        self.start_token = self.vocab.go_id
        self.end_token = self.vocab.eos_id
        self.x = np.array([self.vocab.encode(cn) for cn in self.date_cn], dtype=np.int64)
        self.y = np.array([self.vocab.encode([GO, *target_tokens(en), EOS]) for en in self.date_en], dtype=np.int64)

    @staticmethod
    def _distinct_dates(rng: np.random.RandomState, n: int, exclude: set[str]):
        sources, targets, seen = [], [], set(exclude)
        for _ in range(1000):
            stamps = rng.randint(TIMESTAMP_LOW, TIMESTAMP_HIGH, n, dtype=np.int64)
            for cn, en in zip(*format_dates(stamps), strict=True):
                if cn not in seen:
                    seen.add(cn)
                    sources.append(cn)
                    targets.append(en)
                    if len(sources) == n:
                        return sources, targets
        raise ValueError(f"cannot draw {n} distinct dates outside the {len(exclude)} excluded ones")

    @property
    def words_num(self) -> int:
        """Vocabulary size (the article's name for it)."""
        return len(self.vocab)

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, idx: int):
        """``(x [8], y [11], decoder_len)`` as in the article."""
        return self.x[idx], self.y[idx], len(self.y[idx]) - 1

    def __repr__(self) -> str:
        return f"DateDataset(n={len(self)}, seed={self.seed}, first={self.date_cn[0]!r}->{self.date_en[0]!r})"

    def idx2str(self, idxs: Iterable[int]) -> str:
        """Ids to text, stopping at ``<EOS>`` (excluded)."""
        return self.vocab.decode(idxs)

    def tensors(self, device: torch.device | str | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """``(x [n, 8], y [n, 11])`` as int64 tensors on ``device``."""
        return torch.as_tensor(self.x, device=device), torch.as_tensor(self.y, device=device)


def held_out_dataset(train: DateDataset, n: int = 2000, seed: int = 2024) -> DateDataset:
    """``n`` distinct dates, none of which appears in ``train``."""
    return DateDataset(n, seed=seed, exclude=train.date_cn)
