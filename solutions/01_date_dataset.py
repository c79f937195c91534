"""Solutions to the exercises of notebook 01 (the date dataset).

Run ``python solutions/01_date_dataset.py`` to see every check pass.
"""

from __future__ import annotations

from seq2seq_lib.exercises import CheckResult, nb01
from seq2seq_lib.vocab import Vocabulary


def to_full_year(yy: int) -> int:
    """74..99 are the corpus's 1970s-1990s; 00..34 are 2000-2034."""
    return 1900 + yy if yy >= 74 else 2000 + yy


def split_target(date_en: str) -> list[str]:
    """'05/Mar/2024' -> ['0', '5', '/', 'Mar', '/', '2', '0', '2', '4']."""
    day, month, year = date_en.split("/")
    return [*day, "/", month, "/", *year]


def ids_to_text(ids: list[int], vocab: Vocabulary) -> str:
    """Stop at <EOS> (left out); skip <GO> and <PAD>."""
    text = []
    for i in ids:
        token = vocab.tokens[i]
        if token == "<EOS>":
            break
        if token not in ("<GO>", "<PAD>"):
            text.append(token)
    return "".join(text)


def run_checks() -> list[CheckResult]:
    return [
        nb01.check_to_full_year(to_full_year),
        nb01.check_split_target(split_target),
        nb01.check_ids_to_text(ids_to_text),
    ]


if __name__ == "__main__":
    run_checks()
