"""The Chinese edition cannot drift from the English one (scripts/zh_notebooks.py).

- every English notebook has its Chinese twin, built from it and the prose files: the same
  cells in the same order with the same ids, the same code in every code cell except the
  language cell and the Colab setup cell (the zh one also installs a CJK font), and a Chinese
  text (translated after the English one's last change) in every markdown cell;
- the checker refuses each way a twin can drift (a code cell edited, a cell added or removed,
  an English cell changed after its translation, an entry left untranslated);
- what the code prints is Chinese in the Chinese edition: of the code cells whose stored outputs
  hold words (see :func:`words`), at least 60% print Chinese too (issue 22's bar; the course is far
  above it), and the measure itself tells words from code, names and data.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("zh_notebooks", ROOT / "scripts" / "zh_notebooks.py")
zh_notebooks = importlib.util.module_from_spec(spec)
sys.modules["zh_notebooks"] = zh_notebooks  # its dataclass looks its module up
spec.loader.exec_module(zh_notebooks)


def test_every_english_notebook_has_a_chinese_twin_in_step_with_it():
    problems = zh_notebooks.check()
    assert not problems, "\n".join(problems) + "\n(see scripts/zh_notebooks.py: --stale, --skeleton, --write)"


def test_the_twins_differ_only_in_prose_the_language_cell_and_the_setup_cell():
    changed = zh_notebooks.ZH_CODE
    assert set(changed) == {zh_notebooks.LANGUAGE_CELL["en"], zh_notebooks.SETUP_CELL["en"]}
    for english_path in zh_notebooks.english_notebooks():
        zh_path, _ = zh_notebooks.twin(english_path)
        assert zh_path.is_file(), f"no Chinese twin {zh_path.name}"
        english, chinese = zh_notebooks.load(english_path), zh_notebooks.load(zh_path)
        pairs = list(zip(english["cells"], chinese["cells"], strict=True))
        languages = [
            zh_notebooks.source(zh) for en, zh in pairs if zh_notebooks.source(en) == zh_notebooks.LANGUAGE_CELL["en"]
        ]
        assert languages == [zh_notebooks.LANGUAGE_CELL["zh"]], f"{zh_path.name}: one language cell, set to zh"
        for en, zh in pairs:
            assert (en["cell_type"], en["id"]) == (zh["cell_type"], zh["id"])
            if en["cell_type"] == "code":
                text = zh_notebooks.source(en)
                assert zh_notebooks.source(zh) == changed.get(text, text), f"{zh_path.name}, cell {en['id']}"


# -- the checker itself, on a small notebook pair in a temporary folder ---------------------------
def cell(kind: str, cell_id: str, text: str) -> dict:
    extra = {"outputs": [], "execution_count": None} if kind == "code" else {}
    return {"cell_type": kind, "id": cell_id, "metadata": {}, "source": text, **extra}


ENGLISH = {
    "cells": [
        cell("markdown", "nb99-title", "# 99 · A title\n\nSome prose."),
        cell("code", "nb99-language", zh_notebooks.LANGUAGE_CELL["en"]),
        cell("code", "nb99-code", "print(1 + 1)"),
        cell("markdown", "nb99-end", "The end."),
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}
PROSE = {"nb99-title": "# 99 · 一个标题\n\n一些文字。", "nb99-end": "结束。"}


@pytest.fixture
def edition(tmp_path, monkeypatch):
    english_dir, zh_dir = tmp_path / "notebooks", tmp_path / "notebooks" / "zh"
    zh_dir.mkdir(parents=True)
    monkeypatch.setattr(zh_notebooks, "ROOT", tmp_path)
    monkeypatch.setattr(zh_notebooks, "EN_DIR", english_dir)
    monkeypatch.setattr(zh_notebooks, "ZH_DIR", zh_dir)
    monkeypatch.setattr(zh_notebooks, "PROSE_DIR", zh_dir / "prose")
    english_path = english_dir / "99_example.ipynb"
    english_path.write_text(json.dumps(ENGLISH), encoding="utf-8")
    entries = {
        cell_id: zh_notebooks.Entry(text, zh_notebooks.fingerprint(zh_notebooks.source(c)))
        for c in ENGLISH["cells"]
        for cell_id, text in PROSE.items()
        if c["id"] == cell_id
    }
    zh_notebooks.write_prose(zh_dir / "prose" / "99_example.md", entries)
    assert zh_notebooks.write() == ["notebooks/zh/99_example.ipynb"]
    assert zh_notebooks.check() == []
    return english_path, zh_dir / "99_example.ipynb", zh_dir / "prose" / "99_example.md"


def edit(path: Path, change) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook["cells"])
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_the_built_twin_has_chinese_prose_and_the_zh_language_cell(edition):
    _, zh_path, _ = edition
    sources = [zh_notebooks.source(c) for c in zh_notebooks.load(zh_path)["cells"]]
    assert sources == [PROSE["nb99-title"], zh_notebooks.LANGUAGE_CELL["zh"], "print(1 + 1)", PROSE["nb99-end"]]


def test_a_code_cell_edited_in_the_chinese_twin_is_refused(edition):
    _, zh_path, _ = edition
    edit(zh_path, lambda cells: cells[2].update(source="print(1 + 2)"))
    assert zh_notebooks.check() == [
        "99_example.ipynb: notebooks/zh/99_example.ipynb is not what its English twin and prose build (run --write)"
    ]


def test_a_cell_added_to_the_english_notebook_is_missing_from_the_twin(edition):
    english_path, _, _ = edition
    edit(english_path, lambda cells: cells.insert(3, cell("markdown", "nb99-new", "A new paragraph.")))
    problems = zh_notebooks.check()
    assert "99_example.ipynb: cell nb99-new: no Chinese text" in problems
    assert any("is not what its English twin and prose build" in p for p in problems)


def test_an_english_cell_changed_after_its_translation_is_stale(edition):
    english_path, _, _ = edition
    edit(english_path, lambda cells: cells[3].update(source="The very end."))
    assert (
        "99_example.ipynb: cell nb99-end: the English text changed since it was translated (stale)"
        in zh_notebooks.check()
    )


def test_an_entry_left_in_english_is_not_translated(edition):
    english_path, _, prose_path = edition
    entries = zh_notebooks.read_prose(prose_path)
    entries["nb99-end"] = zh_notebooks.Entry("The end.", entries["nb99-end"].fingerprint)
    zh_notebooks.write_prose(prose_path, entries)
    zh_notebooks.write()
    assert zh_notebooks.check() == ["99_example.ipynb: cell nb99-end: not translated yet (no Chinese in its text)"]


def test_a_chinese_notebook_without_an_english_twin_is_reported(edition):
    _, zh_path, _ = edition
    (zh_path.parent / "98_orphan.ipynb").write_text(zh_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert "notebooks/zh/98_orphan.ipynb: has no English twin" in zh_notebooks.check()


def test_the_colab_setup_cell_becomes_the_chinese_editions(edition):
    english_path, zh_path, _ = edition
    setup = cell("code", "nb99-colab", zh_notebooks.SETUP_CELL["en"])
    edit(english_path, lambda cells: cells.insert(1, setup))
    zh_notebooks.write()
    assert zh_notebooks.check() == []
    sources = [zh_notebooks.source(c) for c in zh_notebooks.load(zh_path)["cells"]]
    assert sources[1] == zh_notebooks.SETUP_CELL["zh"] and "fonts-noto-cjk" in sources[1]
    assert "fonts-noto-cjk" not in zh_notebooks.SETUP_CELL["en"]


def test_a_prose_file_without_a_notebook_is_reported_but_the_glossary_is_not_prose(edition):
    _, _, prose_path = edition
    (prose_path.parent / "GLOSSARY.md").write_text("# 术语表\n", encoding="utf-8")
    assert zh_notebooks.check() == []
    (prose_path.parent / "97_gone.md").write_text(prose_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert zh_notebooks.check() == ["notebooks/zh/prose/97_gone.md: the prose of no English notebook"]


# -- what the learner reads in the outputs -------------------------------------------------------
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What is not a sentence's word but code, a name or data, which both editions print as it is:
CODE_LIKE = [
    r"<[^<>\n]*>",  # tokens and reprs: <EOS>, <PAD>, <Figure size ...>
    r"'[^'\n]*'|\"[^\"\n]*\"",  # quoted strings: Python's reprs of data (dates, tokens, lists of strings)
    r"\b[A-Z]\w*\((?:[^()\n]|\([^()\n]*\))*\)",  # object reprs: LengthTaskDataset(n=6000, ...), LSTM(16, 32)
    r"\(\w+\):",  # a module's parts in its repr: (encoder): LSTM(...)
    r"[\w.-]*[A-Za-z][\w.-]*(?:/[\w.-]+)+",  # paths, time zones, dates: 14/Apr/2004, Asia/Shanghai
    r"\b[A-Za-z_]\w*(?:\.\w+)+",  # dotted names: torch.int64, model.encode, encoder.weight_ih_l0
    r"\b\w*_\w*",  # names with an underscore: exact_match, h_T, seq2seq_lib, en_US
    r"\b\w*\d\w*",  # names with a digit: Seq2Seq, int64, l0, AVX512
    r"\b[A-Za-z_]\w*(?=[(=\[])",  # calls, keywords, items: tensor(, dtype=, x[
    r"\b[A-Za-z]+-\d",  # settings: top-3
    r"\b[A-Z]+[a-z]*[A-Z]\w*",  # names with an inner capital: LSTM, UTC, DateDataset, PyTorch, ASCII
    r"\b[A-Z]{2,}\b",  # acronyms: CPU, ISO, DEFAULT
]
KEPT = {  # words both editions print as they are
    # names the glossary keeps in English, and the notation of the formulas
    *"transformer logits logit softmax log exp argmax tanh alpha".split(),
    *"true false none nan inf".split(),  # Python's values
    *"dot general additive".split(),  # the score functions' names (notebook 05 calls them so in Chinese too)
    *"iso full long medium short".split(),  # the human dates' form names (en_US full, iso): data
    *"january february march april may june july august september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),  # the dates' own words: data
    *"monday tuesday wednesday thursday friday saturday sunday".split(),
}
WORD = re.compile(r"[A-Za-z]{3,}")


def output_text(cell: dict) -> str:
    """What a learner reads in a code cell's outputs: stdout, results and displays (a table's text), errors.

    Left out: stderr (warnings, a console progress bar: nbval does not compare it either), images and
    figure reprs, and widgets (their stored text/plain is a Python repr, not what the widget shows).
    """
    parts = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream" and output["name"] == "stdout":
            parts.append("".join(output["text"]))
        elif kind in ("execute_result", "display_data"):
            data = output["data"]
            if "application/vnd.jupyter.widget-view+json" in data:
                continue
            if "text/html" in data:
                markup = re.sub(r"<(style|script)\b.*?</\1>", " ", "".join(data["text/html"]), flags=re.DOTALL)
                parts.append(html.unescape(re.sub(r"<[^>]+>", " ", markup)))
            elif "text/plain" in data and "image/png" not in data:
                parts.append("".join(data["text/plain"]))
        elif kind == "error":
            parts.append(output["evalue"])
    return "\n".join(parts)


def words(text: str) -> list[str]:
    """The English words of ``text``: runs of 3+ Latin letters once code, names and data are taken out."""
    for pattern in CODE_LIKE:
        text = re.sub(pattern, " ", text)
    return [word for word in WORD.findall(text) if word.lower() not in KEPT]


def printing_cells() -> list[tuple[str, str, str]]:
    """(notebook, cell id, the zh outputs' text) of every code cell that prints words: whose outputs, in the
    English edition (the same code, in English) or in the Chinese one, hold a word."""
    found = []
    for english_path in zh_notebooks.english_notebooks():
        zh_path, _ = zh_notebooks.twin(english_path)
        english = {c["id"]: c for c in zh_notebooks.load(english_path)["cells"] if c["cell_type"] == "code"}
        for cell in zh_notebooks.load(zh_path)["cells"]:
            if cell["cell_type"] != "code":
                continue
            text = output_text(cell)
            if words(output_text(english.get(cell["id"], {}))) or words(text):
                found.append((english_path.name, cell["id"], text))
    return found


def test_most_cells_that_print_words_print_chinese_in_the_chinese_edition():
    cells = printing_cells()
    chinese = [(name, cell_id) for name, cell_id, text in cells if CHINESE.search(text)]
    english = [f"{name} {cell_id}" for name, cell_id, text in cells if not CHINESE.search(text)]
    assert len(cells) > 150, "the measure finds the course's printing cells"
    assert len(chinese) >= 0.6 * len(cells), f"{len(chinese)} of {len(cells)}; English only: {english}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("held-out exact match: 0.9995", ["held", "out", "exact", "match"]),
        ("留出集精确匹配率：0.9995", []),
        ("loss=0.691, exact_match=1.000 · 3.1 s", []),
        ("tensor([[1, 0]], dtype=torch.int32)", []),
        ("['<GO>', '1', '4', '/', 'Apr', '/', '2', '0', '0', '4', '<EOS>']", []),
        ("24-03-05 -> 05/Mar/2024  正确", []),
        ("Tuesday, March 5, 2024：3 读的是 'h'", []),
        ("Seq2Seq(\n  (encoder): LSTM(16, 32, batch_first=True)\n)", []),
        ("LengthTaskDataset(n=6000, task='copy', lengths 3..15, seed=1)", []),
        ("UTC 2004-04-14 19:20 Asia/Shanghai en_US full iso AVX512 DEFAULT", []),
        ("the attention model has 11% more", ["the", "attention", "model", "has", "more"]),
        ("Transformer 的一步训练", []),
    ],
)
def test_the_measure_tells_words_from_code_names_and_data(text, expected):
    assert words(text) == expected
