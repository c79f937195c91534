"""Words of prose per notebook: the reading load a learner meets, next to the course's budget.

    python scripts/prose_words.py                  # every English notebook
    python scripts/prose_words.py notebooks/03_lstm_seq2seq.ipynb

A word is a run of non-blank characters in a markdown cell, after the badge block and HTML
comments are removed; formulas count as the words they are written with. The budget is
``BUDGET`` words per notebook (tests/test_repository_files.py holds every notebook to it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 2200
_HIDDEN = re.compile(r"<!--.*?-->", re.DOTALL)


def prose_words(path: Path) -> int:
    """The number of words in the markdown cells of the notebook at ``path``."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    words = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            words += len(_HIDDEN.sub(" ", text).split())
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every English notebook")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    over = 0
    for path in paths:
        count = prose_words(path)
        over += count > BUDGET
        note = f"  (over the budget of {BUDGET})" if count > BUDGET else ""
        print(f"{count:>6}  {path.name}{note}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
