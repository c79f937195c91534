"""The article's task: translate ``yy-mm-dd`` into ``dd/Mon/yyyy`` (``24-03-05`` -> ``05/Mar/2024``).

Everything the course knows about dates is here: the corpus, its vocabulary, which inputs are
real dates, the exact answer, per-field accuracy, and ``translate``, which validates dates
before a model sees them.

The article draws random Unix timestamps and formats them with ``datetime.fromtimestamp``,
which uses the machine's *local* time zone: the same seed gave different dates in Beijing
and in Los Angeles. We draw the same timestamps from the same legacy NumPy stream but read
them in UTC, so the corpus equals what the article produces on a UTC machine, everywhere.
We also keep our own ``RandomState`` instead of calling ``np.random.seed``, which would
reset the global NumPy state of whoever imports us.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence

import numpy as np
import torch

from ..decoding import decode_strings
from ..i18n import N_, get_language, tr
from ..models import EncoderDecoder
from ..validation import ArgumentError, ArgumentTypeError, check_int, shorten
from ..vocab import EOS, GO, Vocabulary
from . import TaskInput
from .base import MAX_EXAMPLES, SequenceDataset, check_batch, check_exclude, draw_distinct

DIGITS = tuple("0123456789")
# English month abbreviations, written out instead of taken from ``strftime("%b")``,
# whose output follows the machine's locale (``mär`` under a German LC_TIME).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The article's timestamp range: 1974-07-23 .. 2034-10-07 (UTC; the upper bound is exclusive).
TIMESTAMP_LOW = 143_835_585
TIMESTAMP_HIGH = 2_043_835_585
FIRST_YEAR, LAST_YEAR = 1974, 2034

SOURCE_LEN = 8  # "yy-mm-dd"
TARGET_LEN = 11  # <GO> d d / Mon / y y y y <EOS>

# Positions of the fields inside a decoder output (after <GO>): d d / Mon / y y y y <EOS>
FIELDS = {N_("day"): slice(0, 2), N_("month"): slice(3, 4), N_("year"): slice(5, 9)}  # names shown via tr_table

_SOURCE_PATTERN = re.compile(r"[0-9]{2}-[0-9]{2}-[0-9]{2}")


def date_vocabulary() -> Vocabulary:
    """Digits, ``-``, ``/``, the twelve months and the specials: 27 tokens, ``<PAD>`` = 0."""
    return Vocabulary([*DIGITS, "-", "/", *MONTHS, GO, EOS])


def full_year(two_digit_year: int) -> int:
    """The corpus's century rule: 74..99 -> 19xx, 00..34 -> 20xx.

    Raises ``ValueError`` for 35..73, which the corpus (1974-2034) never contains.
    """
    if 74 <= two_digit_year <= 99:
        return 1900 + two_digit_year
    if 0 <= two_digit_year <= 34:
        return 2000 + two_digit_year
    raise ValueError(
        tr(
            "two-digit year {year:02d} is outside the course's data, which spans {first}-{last} "
            "(years 74-99 and 00-34)",
            year=two_digit_year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    )


def message_month(month: int) -> str:
    """A month (1-12) as messages name it: ``Feb`` in English, ``2 月`` in Chinese."""
    return f"{month} 月" if get_language() == "zh" else MONTHS[month - 1]


def check_source_date(text: object) -> str:
    """Return ``text`` if it is a date the models can translate; raise otherwise.

    ``TypeError`` for a non-string; ``ValueError`` naming the text and the problem for
    an empty string, a wrong format (only ``yy-mm-dd`` with ASCII digits), an
    impossible date, or a year outside the corpus. Long texts are shortened in messages.
    """
    if not isinstance(text, str):
        raise ArgumentTypeError(
            tr(
                "a date must be a str like '24-03-05', got {kind}: {value}",
                kind=type(text).__name__,
                value=shorten(text),
            )
        )
    if text == "":
        raise ArgumentError(tr("empty date: expected 'yy-mm-dd', e.g. '24-03-05'"))
    if not _SOURCE_PATTERN.fullmatch(text):
        raise ArgumentError(
            tr("{date} is not in the format 'yy-mm-dd' (ASCII digits, e.g. '24-03-05')", date=shorten(text))
        )
    yy, mm, dd = (int(part) for part in text.split("-"))
    try:
        year = full_year(yy)
    except ValueError as err:
        raise ArgumentError(tr("{date!r}: {error}", date=text, error=err)) from None
    if not 1 <= mm <= 12:
        raise ArgumentError(tr("{date!r} is not a real date: month {month:02d} does not exist", date=text, month=mm))
    days_in_month = calendar.monthrange(year, mm)[1]
    if not 1 <= dd <= days_in_month:
        raise ArgumentError(
            tr(
                "{date!r} is not a real date: {month} {year} has days 01-{days:02d}",
                date=text,
                month=message_month(mm),
                year=year,
                days=days_in_month,
            )
        )
    return text


# What the explorer reads from a person: one yy-mm-dd date (tasks.task_input finds it by the vocabulary).
INPUT = TaskInput(vocabulary=date_vocabulary, check=check_source_date, example="24-03-05", label=N_("Date (yy-mm-dd)"))


def format_dates(timestamps: Iterable[int]) -> tuple[list[str], list[str]]:
    """Unix timestamps to (``yy-mm-dd``, ``dd/Mon/yyyy``) strings, read in UTC."""
    sources, targets = [], []
    for ts in timestamps:
        day = dt.datetime.fromtimestamp(int(ts), tz=dt.UTC)  # dt.UTC is dt.timezone.utc (Python 3.11+)
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


@functools.cache
def possible_sources() -> frozenset[str]:
    """Every ``yy-mm-dd`` the corpus can contain: the days from the lowest to the highest timestamp."""
    first, last = (dt.datetime.fromtimestamp(s, tz=dt.UTC).date() for s in (TIMESTAMP_LOW, TIMESTAMP_HIGH))
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return frozenset(f"{d.year % 100:02d}-{d.month:02d}-{d.day:02d}" for d in days)


class DateDataset(SequenceDataset):
    """``n`` random dates as the article draws them, in UTC.

    Args:
        n: number of dates (1 .. 1,000,000).
        seed: seed of the legacy NumPy stream (the article's is 213), in ``[0, 2**32)``.
        exclude: dates (``yy-mm-dd``) to leave out. When given, the dataset holds
            ``n`` *distinct* dates, none of them in ``exclude``: use it to build a
            held-out set that shares no date with a training set. Without it, the
            dates are exactly the article's, repeats included. Asking for more distinct
            dates than the range holds outside ``exclude`` fails at once.

    Attributes:
        date_cn, date_en: the source and target strings.
        x: ``[n, 8]`` int64 source ids; y: ``[n, 11]`` int64 target ids ``<GO> ... <EOS>``.
        vocab: the shared :class:`Vocabulary` (same ids for every ``n`` and ``seed``).
    """

    def __init__(self, n: int, seed: int = 213, exclude: Iterable[str] | None = None):
        n = check_int("n", n, 1, MAX_EXAMPLES)
        self.seed = check_int("seed", seed, 0, 2**32 - 1)
        exclude = check_exclude(exclude, "24-03-05")
        rng = np.random.RandomState(self.seed)
        if exclude is None:
            # dtype pinned: randint's default integer is 32-bit on Windows with NumPy < 2,
            # and a different dtype draws a different stream.
            stamps = rng.randint(TIMESTAMP_LOW, TIMESTAMP_HIGH, n, dtype=np.int64)
            self.date_cn, self.date_en = format_dates(stamps)
        else:
            self.date_cn, self.date_en = _distinct_dates(rng, n, exclude)
        super().__init__(date_vocabulary(), self.date_cn, [target_tokens(en) for en in self.date_en])
        # The article's names for the vocabulary's parts.
        self.v2i = dict(self.vocab.token_to_id)
        self.i2v = dict(enumerate(self.vocab.tokens))
        self.start_token = self.vocab.go_id
        self.end_token = self.vocab.eos_id

    @property
    def words_num(self) -> int:
        """Vocabulary size (the article's name for it)."""
        return len(self.vocab)

    def __repr__(self) -> str:
        return f"DateDataset(n={len(self)}, seed={self.seed}, first={self.date_cn[0]!r}->{self.date_en[0]!r})"

    def metrics(self, correct: torch.Tensor) -> dict[str, float]:
        """Per-field accuracy: a field counts only when all of its tokens are right."""
        return {field: correct[:, positions].all(dim=1).float().mean().item() for field, positions in FIELDS.items()}


def _distinct_dates(rng: np.random.RandomState, n: int, exclude: set[str]) -> tuple[list[str], list[str]]:
    available = len(possible_sources() - exclude)
    if n > available:
        raise ArgumentError(
            tr(
                "cannot draw {n:,} distinct dates: the range {first}-{last} has only {available:,} days left "
                "outside the {excluded:,} excluded ones",
                n=n,
                first=FIRST_YEAR,
                last=LAST_YEAR,
                available=available,
                excluded=len(exclude),
            )
        )

    def draw(m: int) -> list[tuple[str, str]]:
        return list(zip(*format_dates(rng.randint(TIMESTAMP_LOW, TIMESTAMP_HIGH, m, dtype=np.int64)), strict=True))

    pairs = draw_distinct(draw, n, exclude)
    return [cn for cn, _ in pairs], [en for _, en in pairs]


def held_out_dataset(train: DateDataset, n: int = 2000, seed: int = 2024) -> DateDataset:
    """``n`` distinct dates, none of which appears in ``train``."""
    return DateDataset(n, seed=seed, exclude=train.date_cn)


def check_dates(texts: object) -> list[str]:
    """Validate a list of ``yy-mm-dd`` dates; one bad entry fails the batch with every bad entry named."""
    return check_batch(texts, check_source_date, example="24-03-05")


def translate(
    model: EncoderDecoder,
    texts: str | Sequence[str],
    batch_size: int = 4096,
    beam_width: int = 1,
    num_threads: int | None = 1,
) -> str | list[str]:
    """Translate ``yy-mm-dd`` dates to ``dd/Mon/yyyy`` with greedy decoding or beam search.

    A ``str`` gives a ``str``; a list gives a list. Every input is validated first
    (see :func:`check_source_date`): a bad one raises ``ValueError`` (``TypeError`` for a
    non-string) naming it, and nothing is translated.

    Args:
        model: any model kind of the library, trained on dates.
        texts: one date or a list of dates.
        batch_size: dates decoded at once (beam search splits it by ``beam_width`` so that
            memory stays bounded).
        beam_width: hypotheses kept by beam search (:func:`seq2seq_lib.decoding.beam_search`);
            1 runs greedy decoding, which a beam of width 1 equals exactly.
        num_threads: torch threads while decoding (restored afterwards), as in ``train``.
    """
    if isinstance(texts, str):
        check_source_date(texts)
        return translate(model, [texts], batch_size, beam_width, num_threads)[0]
    texts = check_dates(texts)
    return decode_strings(model, texts, batch_size=batch_size, beam_width=beam_width, num_threads=num_threads)
