"""Checks for the exercises of notebook 01 (the date dataset)."""

from __future__ import annotations

from ..tasks.dates import FIRST_YEAR, LAST_YEAR, date_vocabulary, full_year, target_tokens
from ..vocab import EOS, GO, PAD
from .engine import Case, Diagnosis, Exercise

# Two-digit years from both centuries, the four edges of the century rule among them.
_YEARS = (74, 99, 0, 34, 5, 10, 88, 80, 29, 75, 33, 1)
_TARGETS = ("05/Mar/2024", "31/Dec/1999", "01/Jan/2000", "29/Feb/2000", "15/Sep/1987", "23/Jul/1974")


check_to_full_year = Exercise(
    name="to_full_year",
    cases=lambda: [Case((yy,), full_year(yy), f"to_full_year({yy})") for yy in _YEARS],
    returns=int,
    returns_hint="return a whole number (int).",
    diagnoses=(
        Diagnosis(
            lambda got, expected: not FIRST_YEAR <= got <= LAST_YEAR,
            "{label} gives {got}, a year outside the corpus: section 2 printed its earliest and latest dates.",
        ),
    ),
    otherwise="{label} gives {got}: a year inside the corpus, but not the one whose last two digits these are. "
    "Look again at which two-digit years belong to which century.",
    success="{name} gives the right year for all {count} two-digit years tried.",
)


def _split_cases() -> list[Case]:
    return [Case((date_en,), target_tokens(date_en), f"split_target({date_en!r})") for date_en in _TARGETS]


def _month_cut(got: list[str], expected: list[str]) -> bool:
    return expected[3] not in got


check_split_target = Exercise(
    name="split_target",
    cases=_split_cases,
    returns=list,
    returns_hint="return a list of strings, one per token.",
    same=lambda got, expected: list(got) == expected,
    diagnoses=(
        Diagnosis(
            lambda got, expected: bool({GO, EOS, PAD} & set(got)),
            "{label} contains a special token; return only the date's own tokens "
            "(the dataset adds <GO> and <EOS> itself).",
        ),
        Diagnosis(
            _month_cut,
            "{label} has no month token: the month must stay together as one token, not be cut into letters.",
        ),
        Diagnosis(
            lambda got, expected: "".join(got) != "".join(expected),
            "{label} gives tokens that do not spell the date again when joined: keep every character, "
            "the slashes included.",
        ),
    ),
    otherwise="{label} gives {got}; apart from the month, every character is its own token.",
    success="{name} splits all {count} targets into the dataset's tokens.",
)


def _decode_cases() -> list[Case]:
    """A full target, one with padding, junk after <EOS>, one that never ends, one without <GO>."""
    vocab = date_vocabulary()
    sequences = [
        [GO, *target_tokens("05/Mar/2024"), EOS],
        [GO, *target_tokens("31/Dec/1999"), EOS, PAD, PAD],
        [GO, *target_tokens("01/Jan/2000"), EOS, "7", "/", EOS],
        [GO, "1", "2", "/", "Oct"],  # a prediction that never emitted <EOS>
        ["2", "9", "/", "Feb", "/", "2", "0", "0", "0", EOS, "3"],
    ]
    cases = []
    for tokens in sequences:
        ids = vocab.encode(tokens)
        cases.append(Case((ids, vocab), vocab.decode(ids), f"for the tokens {tokens} ids_to_text"))
    return cases


check_ids_to_text = Exercise(
    name="ids_to_text",
    cases=_decode_cases,
    returns=str,
    returns_hint="return the text as one str.",
    diagnoses=(
        Diagnosis(
            lambda got, expected: EOS in got,
            "{label} gives {got}; the text contains '<EOS>': it marks the end and is not part of the date.",
        ),
        Diagnosis(
            lambda got, expected: GO in got or PAD in got,
            "{label} gives {got}; the text contains '<GO>' or '<PAD>', which are not part of the date.",
        ),
        Diagnosis(
            lambda got, expected: got.startswith(expected),
            "{label} gives {got}; the text goes on after '<EOS>': whatever follows it is not part of the output.",
        ),
    ),
    otherwise="{label} gives {got}, which is not the text these tokens spell.",
    success="{name} turns all {count} id sequences into the right text.",
)
