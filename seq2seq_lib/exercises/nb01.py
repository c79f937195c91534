"""Checks for the exercises of notebook 01 (the date dataset)."""

from __future__ import annotations

from collections.abc import Callable

from ..data import FIRST_YEAR, LAST_YEAR, full_year, target_tokens
from ..vocab import EOS, GO, PAD, Vocabulary
from . import CheckResult, call_answer, verdict

# Two-digit years from both centuries, the four edges of the century rule among them.
_YEARS = (74, 99, 0, 34, 5, 10, 88, 80, 29, 75, 33, 1)

_TARGETS = ("05/Mar/2024", "31/Dec/1999", "01/Jan/2000", "29/Feb/2000", "15/Sep/1987", "23/Jul/1974")


def check_to_full_year(to_full_year: Callable[[int], int]) -> CheckResult:
    """``to_full_year(yy)``: a two-digit year (an int, 74..99 or 0..34) to its four-digit year."""
    what = "to_full_year"
    wrong = []
    for yy in _YEARS:
        ok, got = call_answer(to_full_year, yy, what=f"{what}({yy})")
        if not ok:
            return got
        if isinstance(got, bool) or not isinstance(got, int):
            return verdict(False, f"{what}({yy}) returned {got!r} ({type(got).__name__}); return a whole number (int).")
        if got != full_year(yy):
            wrong.append((yy, got))
    if not wrong:
        return verdict(True, f"{what} gives the right year for all {len(_YEARS)} two-digit years tried.")
    yy, got = wrong[0]
    if not FIRST_YEAR <= got <= LAST_YEAR:
        hint = f"but the corpus only holds the years {FIRST_YEAR}-{LAST_YEAR}"
    else:
        hint = f"a year inside the corpus, but not the one whose last two digits are {yy:02d}"
    return verdict(
        False,
        f"{what} is wrong for {len(wrong)} of {len(_YEARS)} two-digit years. "
        f"For {yy:02d} it gives {got}, {hint}. Look again at which two-digit years belong to which century.",
    )


def check_split_target(split_target: Callable[[str], list[str]]) -> CheckResult:
    """``split_target('05/Mar/2024')``: the target's tokens, the month as one token."""
    what = "split_target"
    for date_en in _TARGETS:
        ok, got = call_answer(split_target, date_en, what=f"{what}({date_en!r})")
        if not ok:
            return got
        if not isinstance(got, (list, tuple)) or not all(isinstance(t, str) for t in got):
            return verdict(False, f"{what}({date_en!r}) returned {got!r}; return a list of strings, one per token.")
        got = list(got)
        expected = target_tokens(date_en)
        if got == expected:
            continue
        if GO in got or EOS in got or PAD in got:
            return verdict(
                False,
                f"{what}({date_en!r}) contains a special token; return only the date's own tokens "
                "(the dataset adds <GO> and <EOS> itself).",
            )
        month = date_en[3:6]
        if month not in got:
            return verdict(
                False,
                f"{what}({date_en!r}) has no token {month!r}: the month must stay together as one token, "
                "not be cut into letters.",
            )
        if "".join(got) != date_en:
            return verdict(
                False,
                f"{what}({date_en!r}) gives tokens that do not spell the date again when joined "
                f"({''.join(got)!r}): keep every character, the slashes included.",
            )
        return verdict(
            False,
            f"{what}({date_en!r}) gives {len(got)} tokens; apart from the month, every character is its own token.",
        )
    return verdict(True, f"{what} splits all {len(_TARGETS)} targets into the dataset's tokens.")


def _decode_cases(vocab: Vocabulary) -> list[tuple[list[int], str]]:
    """(ids, expected text): a full target, one cut short, junk after <EOS>, padding."""
    cases = []
    for date_en, tail in (("05/Mar/2024", []), ("31/Dec/1999", [PAD, PAD]), ("01/Jan/2000", ["7", "/", EOS])):
        ids = vocab.encode([GO, *target_tokens(date_en), EOS, *tail])
        cases.append((ids, vocab.decode(ids)))
    unfinished = vocab.encode([GO, "1", "2", "/", "Oct"])  # a prediction that never emitted <EOS>
    cases.append((unfinished, vocab.decode(unfinished)))
    no_go = vocab.encode(["2", "9", "/", "Feb", "/", "2", "0", "0", "0", EOS, "3"])
    cases.append((no_go, vocab.decode(no_go)))
    return cases


def check_ids_to_text(ids_to_text: Callable[[list[int], Vocabulary], str]) -> CheckResult:
    """``ids_to_text(ids, vocab)``: stop at ``<EOS>`` (left out), skip ``<GO>`` and ``<PAD>``."""
    what = "ids_to_text"
    vocab = Vocabulary.dates()
    for ids, expected in _decode_cases(vocab):
        ok, got = call_answer(ids_to_text, list(ids), vocab, what=what)
        if not ok:
            return got
        if not isinstance(got, str):
            return verdict(False, f"{what} returned {type(got).__name__}; return the text as one str.")
        if got == expected:
            continue
        shown = [vocab.tokens[i] for i in ids]
        if EOS in got:
            problem = "the text contains '<EOS>': it marks the end and is not part of the date"
        elif GO in got or PAD in got:
            problem = "the text contains '<GO>' or '<PAD>', which are not part of the date"
        elif got.startswith(expected) and EOS in shown:
            problem = "the text goes on after '<EOS>': whatever follows it is not part of the output"
        else:
            problem = f"it should read {expected!r}"
        return verdict(False, f"for the tokens {shown} {what} gives {got!r}; {problem}.")
    return verdict(True, f"{what} turns all {len(_decode_cases(vocab))} id sequences into the right text.")
