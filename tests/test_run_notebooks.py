"""scripts/run_notebooks.py stores no Chinese notebook drawn without Chinese glyphs.

- asked for a notebook of the Chinese edition where no CJK font is installed, it stops before
  running anything and names the fix;
- a notebook whose outputs carry the library's "no font" warning, or a glyph missing from the
  fonts, is not written back.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import seq2seq_lib.i18n

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "scripts" / "run_notebooks.py")
run_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_notebooks)


def write_notebook(path: Path, *sources: str) -> Path:
    cells = [
        {"cell_type": "code", "id": f"c{i}", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
        for i, s in enumerate(sources)
    ]
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


ZH_CELL = 'from seq2seq_lib.i18n import label, set_language\n\nset_language("zh")  # 中文版'
EN_CELL = 'from seq2seq_lib.i18n import label, set_language\n\nset_language("en")'


def test_without_a_cjk_font_nothing_runs_and_the_fix_is_named(tmp_path, monkeypatch, capsys):
    english = write_notebook(tmp_path / "01_en.ipynb", EN_CELL, "print(1)")
    chinese = write_notebook(tmp_path / "01_zh.ipynb", ZH_CELL, "print(1)")
    ran = []
    monkeypatch.setattr(run_notebooks, "run_notebook", lambda path, timeout=600: ran.append(path) or 0.0)
    monkeypatch.setattr(seq2seq_lib.i18n, "find_cjk_font", lambda: None)
    assert run_notebooks.main([str(english), str(chinese)]) == 2
    assert ran == [], "not even the English notebook runs: the run stops before anything is executed"
    error = capsys.readouterr().err
    assert str(chinese) in error and str(english) not in error
    assert "apt-get install fonts-noto-cjk" in error

    # English notebooks alone need no such font; with one installed, Chinese ones run too.
    assert run_notebooks.main([str(english)]) == 0 and ran == [english.resolve()]
    monkeypatch.setattr(seq2seq_lib.i18n, "find_cjk_font", lambda: "Noto Sans CJK SC")
    assert run_notebooks.main([str(chinese)]) == 0 and ran[-1] == chinese.resolve()


def test_the_zh_edition_is_recognised_by_its_language_cell():
    assert run_notebooks.is_chinese(ROOT / "notebooks" / "zh" / "01_date_dataset.ipynb")
    assert not run_notebooks.is_chinese(ROOT / "notebooks" / "01_date_dataset.ipynb")


def stream(text: str, name: str = "stderr") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def test_font_trouble_finds_the_warning_and_missing_glyphs_only():
    warning = (
        "/x/seq2seq_lib/i18n/__init__.py:60: UserWarning: no font with Chinese characters is installed, "
        "so figures keep their English text\n"
    )
    glyph = "UserWarning: Glyph 28304 (\\N{CJK UNIFIED IDEOGRAPH-6E90}) missing from font(s) DejaVu Sans.\n"
    notebook = {
        "cells": [
            {"cell_type": "code", "id": "a", "outputs": [stream(warning)]},
            {"cell_type": "code", "id": "b", "outputs": [stream("训练 3 轮\n", "stdout")]},
            {"cell_type": "code", "id": "c", "outputs": [stream(glyph)]},
            {"cell_type": "markdown", "id": "d"},
        ]
    }
    assert run_notebooks.font_trouble(notebook) == ["a", "c"]


def test_a_notebook_that_warns_of_a_missing_font_is_not_written(tmp_path):
    warns = "import warnings\nwarnings.warn('no font with Chinese characters is installed, so figures keep English')"
    path = write_notebook(tmp_path / "warns.ipynb", "print('kept')", warns)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(run_notebooks.FontError, match="cells c1 drew text without the glyphs it needs; not written"):
        run_notebooks.run_notebook(path, timeout=60)
    assert path.read_text(encoding="utf-8") == before
