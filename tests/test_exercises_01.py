"""Notebook 01's checks refuse the mistakes learners make, each with a message that points at it.

The generic guarantees (solutions pass, stubs are "not written yet", texts translated) are in
tests/test_exercises.py; here: plausible wrong answers, and verdicts that never give the answer away.
"""

from __future__ import annotations

import pytest

from seq2seq_lib.exercises import nb01

# -- exercise 1: to_full_year --------------------------------------------------------------------

YEAR_MISTAKES = [
    (lambda yy: 1900 + yy, "a year outside the corpus"),  # the century never changes
    (lambda yy: 2000 + yy, "a year outside the corpus"),
    (lambda yy: 1900 + yy if yy > 74 else 2000 + yy, "a year outside the corpus"),  # 74 on the wrong side
    (lambda yy: 2000 + yy if yy > 34 else 1900 + yy, "a year outside the corpus"),  # the centuries swapped
    # a lookup table of the examples in the text instead of the rule
    (lambda yy: {74: 1974, 99: 1999, 0: 2000, 34: 2034}.get(yy, 2024), "not the one whose last two digits these are"),
    (lambda yy: str(1900 + yy if yy >= 74 else 2000 + yy), "whole number (int)"),
    (lambda yy: float(1900 + yy if yy >= 74 else 2000 + yy), "whole number (int)"),
    (lambda yy: None, "whole number (int)"),  # forgot to return
]


@pytest.mark.parametrize(("wrong", "phrase"), YEAR_MISTAKES)
def test_to_full_year_mistakes(wrong, phrase):
    result = nb01.check_to_full_year(wrong)
    assert not result and phrase in result.message, result.message


def test_to_full_year_does_not_give_the_year_away():
    result = nb01.check_to_full_year(lambda yy: 1900 + yy)  # right for 74 and 99, wrong for 0
    assert "to_full_year(0)" in result.message and "1900" in result.message
    assert "2000" not in result.message, result.message


# -- exercise 2: split_target ---------------------------------------------------------------------


def _with_specials(date_en):
    day, month, year = date_en.split("/")
    return ["<GO>", *day, "/", month, "/", *year, "<EOS>"]


def _without_slashes(date_en):
    day, month, year = date_en.split("/")
    return [*day, month, *year]


def _fields_whole(date_en):
    day, month, year = date_en.split("/")
    return [day, "/", month, "/", year]


SPLIT_MISTAKES = [
    (lambda date_en: list(date_en), "the month must stay together as one token"),
    (lambda date_en: date_en.split("/"), "keep every character, the slashes included"),
    (_without_slashes, "keep every character, the slashes included"),
    (_with_specials, "contains a special token"),
    (_fields_whole, "apart from the month, every character is its own token"),
    (lambda date_en: tuple(_fields_whole(date_en)), "return a list of strings"),
]


@pytest.mark.parametrize(("wrong", "phrase"), SPLIT_MISTAKES)
def test_split_target_mistakes(wrong, phrase):
    result = nb01.check_split_target(wrong)
    assert not result and phrase in result.message, result.message


def test_split_target_does_not_give_the_tokens_away():
    result = nb01.check_split_target(_fields_whole)
    first = nb01._split_cases()[0]
    assert first.label in result.message
    assert repr(first.expected) not in result.message and str(first.expected) not in result.message


# -- exercise 3: ids_to_text ----------------------------------------------------------------------


def _keeps_eos(ids, vocab):
    return "".join(vocab.tokens[i] for i in ids if vocab.tokens[i] not in ("<GO>", "<PAD>"))


def _keeps_go(ids, vocab):
    text = []
    for i in ids:
        if vocab.tokens[i] == "<EOS>":
            break
        if vocab.tokens[i] != "<PAD>":
            text.append(vocab.tokens[i])
    return "".join(text)


def _skips_eos_without_stopping(ids, vocab):
    return "".join(vocab.tokens[i] for i in ids if vocab.tokens[i] not in ("<GO>", "<PAD>", "<EOS>"))


def _joined_with_spaces(ids, vocab):  # the tokens are right, the text is not
    return " ".join(vocab.tokens[i] for i in ids if vocab.tokens[i] not in ("<GO>", "<PAD>", "<EOS>"))


def _returns_tokens(ids, vocab):
    return list(vocab.decode(ids))


IDS_MISTAKES = [
    (_keeps_eos, "the text contains '<EOS>'"),
    (_keeps_go, "the text contains '<GO>' or '<PAD>'"),
    (_skips_eos_without_stopping, "the text goes on after '<EOS>'"),
    (_joined_with_spaces, "not the text these tokens spell"),
    (_returns_tokens, "return the text as one str"),
]


@pytest.mark.parametrize(("wrong", "phrase"), IDS_MISTAKES, ids=[w.__name__ for w, _ in IDS_MISTAKES])
def test_ids_to_text_mistakes(wrong, phrase):
    result = nb01.check_ids_to_text(wrong)
    assert not result and phrase in result.message, result.message


def test_ids_to_text_does_not_give_the_text_away():
    result = nb01.check_ids_to_text(_joined_with_spaces)
    first = nb01._decode_cases()[0]
    assert first.label in result.message
    assert first.expected not in result.message, result.message
