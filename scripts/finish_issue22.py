"""One-off: the mechanical steps of issue 22 that wait for the other branches (delete this file after).

Run at the repository root, after merging every branch that still edits the old translation dicts
or the notebooks, in a clean work tree (each step is idempotent; review `git diff` after):

    python scripts/finish_issue22.py

1. ``python scripts/i18n.py convert``: the dicts' entries (new ones from the merged branches
   included) into the catalog; it prints what it replaced and what it left out;
2. deletes the dicts (``seq2seq_lib/i18n/zh.py``, ``seq2seq_lib/i18n/zh_notebooks/``) and their
   ruff exception in pyproject.toml;
3. points the tests that read the dict (``from seq2seq_lib.i18n.zh import ZH``) at the catalog
   (``ZH = translations("zh")``);
4. switches the English notebooks' diagram cells from ``repository_file("assets/NAME.png")`` to
   ``figure("NAME.png")`` (the diagram of the current language), fixing their import;
5. ``ruff check --fix`` and ``ruff format`` on what it changed, then
   ``python scripts/course_links.py --write`` (the new Colab cells) and
   ``python scripts/zh_notebooks.py --write`` (the zh notebooks: their setup cell, the switched
   cells, the prose).

Not done here (see the helper's report): fixing what ``python scripts/i18n.py check`` and
``tests/test_zh_glossary.py`` flag, and re-executing every notebook of both editions on a machine
with a CJK font (``python scripts/run_notebooks.py``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICTS = [ROOT / "seq2seq_lib" / "i18n" / "zh.py", ROOT / "seq2seq_lib" / "i18n" / "zh_notebooks"]
RUFF_EXCEPTION = '"seq2seq_lib/i18n/zh_notebooks/*.py" = ["E501"]  # a translation reads best on one line\n'
DIAGRAM = re.compile(r'repository_file\("assets/([^"/]+\.png)"\)')
IMPORT = "from seq2seq_lib.paths import repository_file"


def run(*command: str) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def delete_dicts() -> None:
    for path in DICTS:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
    pyproject = ROOT / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(RUFF_EXCEPTION, ""), encoding="utf-8")


def tests_read_the_catalog() -> list[Path]:
    changed = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "from seq2seq_lib.i18n.zh import ZH" not in text:
            continue
        new = re.sub(
            r"^(\s*)from seq2seq_lib\.i18n\.zh import ZH\n",
            r'\1from seq2seq_lib.i18n import translations\n\n\1ZH = translations("zh")\n',
            text,
            flags=re.MULTILINE,
        )
        new = re.sub(r"seq2seq_lib/i18n/zh_notebooks/nb\w+\.py(?: \(or zh\.py for the engine's\))?", "the catalog", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def notebooks_show_the_diagram_of_their_language() -> list[Path]:
    changed = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        sources = ["".join(c["source"]) for c in code]
        switched = [DIAGRAM.sub(r'figure("\1")', s) for s in sources]
        if switched == sources:
            continue
        still = any("repository_file(" in s for s in switched)
        names = "figure, repository_file" if still else "figure"
        switched = [s.replace(IMPORT, f"from seq2seq_lib.paths import {names}") for s in switched]
        for cell, text in zip(code, switched, strict=True):
            cell["source"] = text.splitlines(keepends=True)
        text = json.dumps(notebook, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed


def main() -> int:
    run(sys.executable, "scripts/i18n.py", "convert")
    delete_dicts()
    tests = tests_read_the_catalog()
    notebooks = notebooks_show_the_diagram_of_their_language()
    touched = [str(p.relative_to(ROOT)) for p in [*tests, *notebooks]]
    if touched:
        run(sys.executable, "-m", "ruff", "check", "--fix", *touched)
        run(sys.executable, "-m", "ruff", "format", *touched)
    run(sys.executable, "scripts/course_links.py", "--write")
    run(sys.executable, "scripts/zh_notebooks.py", "--write")
    print("\ndone; now: python scripts/i18n.py check, then re-execute: python scripts/run_notebooks.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
