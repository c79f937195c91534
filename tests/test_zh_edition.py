"""The Chinese edition cannot drift from the English one (scripts/zh_notebooks.py).

- every English notebook has its Chinese twin, built from it and the prose files: the same
  cells in the same order with the same ids, the same code in every code cell except the
  language cell and the Colab setup cell (the zh one also installs a CJK font), and a Chinese
  text (translated after the English one's last change) in every markdown cell;
- the checker refuses each way a twin can drift (a code cell edited, a cell added or removed,
  an English cell changed after its translation, an entry left untranslated).
"""

from __future__ import annotations

import importlib.util
import json
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
