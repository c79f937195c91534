"""The Chinese edition: build ``notebooks/zh/`` from the English notebooks and the Chinese prose.

One source of truth for the code. A Chinese notebook has exactly the cells of its English
twin, in the same order, with the same ids:

- each code cell is the English one, except two: the language cell at the top, whose
  ``set_language("en")`` becomes ``set_language("zh")`` (figures and checks then speak
  Chinese; nothing else changes), and the Colab setup cell, which on Colab also installs a
  font with Chinese glyphs and moves into ``notebooks/zh/`` (both written by
  ``scripts/course_links.py``: ``colab_setup_source("en")`` and ``("zh")``);
- each markdown cell is the Chinese prose written for it in ``notebooks/zh/prose/NN_name.md``,
  keyed by the cell's id. Each entry records a fingerprint of the English text it translates,
  so an English cell edited after its translation makes ``--check`` fail ("stale") until the
  translation is brought up to date.

A prose file is plain Markdown, one entry per markdown cell::

    <!-- cell nb01-00 · en 3f2a9c1b0d -->
    # 01 · 日期数据集
    ...

    python scripts/zh_notebooks.py --check       # what tests/test_zh_edition.py runs
    python scripts/zh_notebooks.py --write       # (re)build notebooks/zh/*.ipynb, keeping outputs of unchanged code
    python scripts/zh_notebooks.py --stale       # English cells changed since their translation, with the new text
    python scripts/zh_notebooks.py --skeleton notebooks/NN_name.ipynb   # add entries to translate

After ``--write``, execute the Chinese notebooks like the English ones
(``python scripts/run_notebooks.py notebooks/zh/NN_name.ipynb``) so that nbval has outputs to compare.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EN_DIR, ZH_DIR = ROOT / "notebooks", ROOT / "notebooks" / "zh"
PROSE_DIR = ZH_DIR / "prose"
# Files of the prose folder that are not a notebook's prose.
NOT_PROSE = {"GLOSSARY.md"}


def _course_links():
    spec = importlib.util.spec_from_file_location("_course_links", Path(__file__).resolve().parent / "course_links.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_links = _course_links()
SETUP_CELL = {language: _links.colab_setup_source(language) for language in ("en", "zh")}

_IMPORT = "from seq2seq_lib.i18n import label, set_language\n\n"
LANGUAGE_CELL = {
    "en": _IMPORT + 'set_language("en")  # the Chinese edition (notebooks/zh/) sets "zh" here: '
    "its figures and checks speak Chinese",
    "zh": _IMPORT + 'set_language("zh")  # 中文版：图中的文字和练习的检查结果都用中文（英文版在这里写 "en"）',
}
# The only code cells the Chinese edition changes: English source -> Chinese edition's source.
ZH_CODE = {LANGUAGE_CELL["en"]: LANGUAGE_CELL["zh"], SETUP_CELL["en"]: SETUP_CELL["zh"]}
ENTRY = re.compile(r"^<!-- cell (?P<id>\S+) · en (?P<fingerprint>[0-9a-f]{10}) -->$", re.MULTILINE)


CHINESE = re.compile(r"[\u4e00-\u9fff]")
BADGES = re.compile(r"<!-- badges:start -->.*?<!-- badges:end -->", re.DOTALL)


def fingerprint(text: str) -> str:
    """A short fingerprint of an English cell's text: whitespace at the ends and the badge block
    (written by scripts/course_links.py, a different one for each edition) left out."""
    return hashlib.sha256(BADGES.sub("", text).strip().encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Entry:
    text: str
    fingerprint: str


def source(cell: dict) -> str:
    value = cell.get("source", "")
    return "".join(value) if isinstance(value, list) else value


def read_prose(path: Path) -> dict[str, Entry]:
    """{cell id: Entry} of a prose file (empty if it does not exist)."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    matches = list(ENTRY.finditer(text))
    entries = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        entries[match["id"]] = Entry(text[match.end() : end].strip("\n"), match["fingerprint"])
    return entries


def write_prose(path: Path, entries: dict[str, Entry]) -> None:
    blocks = [f"<!-- cell {cell_id} · en {e.fingerprint} -->\n{e.text}\n" for cell_id, e in entries.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks), encoding="utf-8")


def english_notebooks() -> list[Path]:
    return sorted(EN_DIR.glob("[0-9][0-9]_*.ipynb"))


def twin(english: Path) -> tuple[Path, Path]:
    """(the Chinese notebook, its prose file) for an English notebook."""
    return ZH_DIR / english.name, PROSE_DIR / f"{english.stem}.md"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(notebook: dict) -> str:
    """The text nbformat writes (indent 1, sorted keys, non-ASCII kept, trailing newline)."""
    return json.dumps(notebook, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def build(english: dict, prose: dict[str, Entry], previous: dict | None = None) -> tuple[dict, list[str]]:
    """The Chinese notebook for ``english`` and the problems found (missing or stale translations).

    Outputs of code cells whose source is unchanged are taken from ``previous`` (the stored
    Chinese notebook), so that rebuilding after a prose edit does not need a re-run.
    """
    old_cells = {c.get("id"): c for c in (previous or {}).get("cells", [])}
    cells, problems = [], []
    for cell in english["cells"]:
        new = json.loads(json.dumps(cell))  # a deep copy
        cell_id, text = cell.get("id"), source(cell)
        if cell["cell_type"] == "markdown":
            entry = prose.get(cell_id)
            if entry is None:
                problems.append(f"cell {cell_id}: no Chinese text")
            elif entry.fingerprint != fingerprint(text):
                problems.append(f"cell {cell_id}: the English text changed since it was translated (stale)")
            elif not CHINESE.search(BADGES.sub("", entry.text)) and re.search(r"[A-Za-z]{3}", BADGES.sub("", text)):
                problems.append(f"cell {cell_id}: not translated yet (no Chinese in its text)")
            new["source"] = _lines(entry.text if entry else text)
        elif cell["cell_type"] == "code":
            if text in ZH_CODE:
                new["source"] = _lines(ZH_CODE[text])
            old = old_cells.get(cell_id)
            if old is not None and source(old) == source(new):
                new["outputs"], new["execution_count"] = old.get("outputs", []), old.get("execution_count")
            else:
                new["outputs"], new["execution_count"] = [], None
        cells.append(new)
    extra = sorted(set(prose) - {c.get("id") for c in english["cells"] if c["cell_type"] == "markdown"})
    problems += [f"cell {cell_id}: Chinese text for a cell the English notebook does not have" for cell_id in extra]
    if not any(source(c) == LANGUAGE_CELL["en"] for c in english["cells"]):
        problems.append('the English notebook has no language cell (set_language("en") at the top)')
    metadata = (previous or english).get("metadata", english.get("metadata", {}))
    return {**english, "cells": cells, "metadata": metadata}, problems


def sources(notebook: dict) -> list[tuple[str, str, str]]:
    return [(c["cell_type"], c.get("id"), source(c)) for c in notebook["cells"]]


def check() -> list[str]:
    """Every way the Chinese edition disagrees with the English one; empty when in step."""
    problems = []
    for english_path in english_notebooks():
        zh_path, prose_path = twin(english_path)
        name = english_path.name
        built, found = build(load(english_path), read_prose(prose_path))
        problems += [f"{name}: {p}" for p in found]
        if not zh_path.is_file():
            problems.append(f"{name}: no Chinese twin notebooks/zh/{name}")
        elif sources(load(zh_path)) != sources(built):
            problems.append(f"{name}: notebooks/zh/{name} is not what its English twin and prose build (run --write)")
    known = {p.name for p in english_notebooks()}
    problems += [
        f"notebooks/zh/{p.name}: has no English twin" for p in sorted(ZH_DIR.glob("*.ipynb")) if p.name not in known
    ]
    stems = {p.stem for p in english_notebooks()}
    problems += [
        f"notebooks/zh/prose/{p.name}: the prose of no English notebook"
        for p in sorted(PROSE_DIR.glob("*.md"))
        if p.stem not in stems and p.name not in NOT_PROSE
    ]
    return problems


def write() -> list[str]:
    changed = []
    for english_path in english_notebooks():
        zh_path, prose_path = twin(english_path)
        if not prose_path.is_file():
            continue
        previous = load(zh_path) if zh_path.is_file() else None
        built, _ = build(load(english_path), read_prose(prose_path), previous)
        text = dumps(built)
        if not zh_path.is_file() or zh_path.read_text(encoding="utf-8") != text:
            zh_path.write_text(text, encoding="utf-8")
            changed.append(str(zh_path.relative_to(ROOT)))
    return changed


def skeleton(english_path: Path) -> int:
    """Add an entry, holding the English text to translate, for every markdown cell without one."""
    _, prose_path = twin(english_path)
    entries = read_prose(prose_path)
    added = 0
    ordered = {}
    for cell in load(english_path)["cells"]:
        if cell["cell_type"] == "markdown":
            cell_id = cell.get("id")
            if cell_id not in entries:
                added += 1
            ordered[cell_id] = entries.get(cell_id, Entry(source(cell), fingerprint(source(cell))))
    write_prose(prose_path, ordered)
    return added


def stale() -> list[str]:
    report = []
    for english_path in english_notebooks():
        prose = read_prose(twin(english_path)[1])
        for cell in load(english_path)["cells"]:
            entry = prose.get(cell.get("id"))
            if cell["cell_type"] == "markdown" and entry and entry.fingerprint != fingerprint(source(cell)):
                report.append(
                    f"== {english_path.name} · cell {cell['id']} (fingerprint now {fingerprint(source(cell))}):\n"
                    f"{source(cell)}\n"
                )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="list disagreements; exit 1 if any")
    mode.add_argument("--write", action="store_true", help="build notebooks/zh/ from the English notebooks and prose")
    mode.add_argument("--stale", action="store_true", help="show English cells changed since their translation")
    mode.add_argument("--skeleton", type=Path, metavar="NOTEBOOK", help="add missing prose entries for NOTEBOOK")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) if problems else "the Chinese edition is in step with the English one")
        return 1 if problems else 0
    if args.write:
        for name in write():
            print(f"wrote {name}")
        return 0
    if args.stale:
        print("\n".join(stale()) or "no stale translations")
        return 0
    print(f"added {skeleton(args.skeleton.resolve())} entries to {twin(args.skeleton.resolve())[1].relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
