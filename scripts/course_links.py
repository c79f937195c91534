"""The one place that holds this course's public address, and the tool that writes it everywhere.

Forks: set REPOSITORY (GitHub "owner/name") and BRANCH below to your fork's, then run

    python scripts/course_links.py --write

which rewrites every place that carries the address: the badges in README.md (between
``<!-- badges:start -->`` and ``<!-- badges:end -->``), the optional notebook table in README.md
(between ``<!-- notebooks:start -->`` and ``<!-- notebooks:end -->``), the Colab badge in each
notebook's first markdown cell (between the same badge markers), each notebook's Colab setup
cell (its first code cell), and any other Binder, Colab, raw.githubusercontent.com or
``git clone`` link to the course in README.md and in the notebooks' markdown.

    python scripts/course_links.py --check

lists every place that disagrees with what ``--write`` would produce and exits 1 (the tests run
it). Without an option the script prints the badges and the Colab setup cell.

Only the standard library is used. Notebooks are edited as JSON and written the way nbformat
writes them (indent 1, sorted keys, non-ASCII kept, trailing newline); outputs are never touched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

REPOSITORY = "seq2seq-course/seq2seq-dates"
BRANCH = "main"

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = "notebooks"
FIRST_NOTEBOOK = "notebooks/01_date_dataset.ipynb"
WORKFLOW = ".github/workflows/tests.yml"

BADGES_START, BADGES_END = "<!-- badges:start -->", "<!-- badges:end -->"
TABLE_START, TABLE_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"
SETUP_FIRST_LINE = "# Colab only: fetch the course and install seq2seq_lib (does nothing elsewhere)"

BINDER_LOGO = "https://mybinder.org/badge_logo.svg"
COLAB_LOGO = "https://colab.research.google.com/assets/colab-badge.svg"


# -- addresses -------------------------------------------------------------------------------
def github_url() -> str:
    return f"https://github.com/{REPOSITORY}"


def binder_url(notebook: str = FIRST_NOTEBOOK) -> str:
    """mybinder.org link that opens JupyterLab on ``notebook`` (a path from the repository root)."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{notebook}"


def colab_url(notebook: str) -> str:
    """Colab link that opens ``notebook`` (a path from the repository root) from GitHub."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{notebook}"


def raw_url(path: str) -> str:
    """Direct link to a file of the repository (e.g. an image in assets/ shown on Colab)."""
    return f"https://raw.githubusercontent.com/{REPOSITORY}/{BRANCH}/{path}"


def binder_badge(notebook: str = FIRST_NOTEBOOK) -> str:
    return f"[![Launch on Binder]({BINDER_LOGO})]({binder_url(notebook)})"


def colab_badge(notebook: str) -> str:
    return f"[![Open In Colab]({COLAB_LOGO})]({colab_url(notebook)})"


def tests_badge() -> str:
    runs = f"{github_url()}/actions/workflows/{Path(WORKFLOW).name}"
    return f"[![Tests]({runs}/badge.svg?branch={BRANCH})]({runs})"


def readme_badges() -> str:
    """The README's badge block, markers included."""
    return "\n".join(
        [
            BADGES_START,
            tests_badge(),
            binder_badge(FIRST_NOTEBOOK),
            colab_badge(FIRST_NOTEBOOK),
            BADGES_END,
        ]
    )


def notebook_badges(notebook: str) -> str:
    """The badge block of a notebook's first markdown cell, markers included."""
    return "\n".join([BADGES_START, colab_badge(notebook), BADGES_END])


def colab_setup_source(notebook: str = FIRST_NOTEBOOK) -> str:
    """Source of the Colab setup cell, the first code cell of ``notebook``.

    Off Colab it defines ``sys`` and nothing else: no output, no file, no process, no chdir.
    On Colab (whose kernel imports ``google.colab`` at start-up) it clones the course once,
    installs seq2seq_lib without touching Colab's torch, and moves into the notebook's own
    folder inside the clone, which is the working directory Jupyter, Binder and nbval give
    a notebook: relative paths such as ``../assets/`` then work the same everywhere.
    """
    folder = Path(notebook).parent.as_posix()
    name = REPOSITORY.split("/")[-1]
    return f'''{SETUP_FIRST_LINE}
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    REPOSITORY, BRANCH = "{REPOSITORY}", "{BRANCH}"  # written by scripts/course_links.py
    course = "/content/{name}"

    def run(*command):
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{{' '.join(command)}} failed:\\n{{done.stdout}}{{done.stderr}}")

    if not os.path.isdir(os.path.join(course, ".git")):
        run("git", "clone", "--depth", "1", "--branch", BRANCH, f"https://github.com/{{REPOSITORY}}.git", course)
    # Colab already has torch (its own CUDA build), numpy, pandas, tqdm and matplotlib.
    # --no-deps: pip installs seq2seq_lib alone and can never replace Colab's torch.
    run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-e", course)
    if course not in sys.path:
        sys.path.insert(0, course)  # importable at once, without restarting the runtime
    os.chdir(os.path.join(course, "{folder}"))  # this notebook's folder, as in Jupyter
    print(f"Colab: {{REPOSITORY}} ({{BRANCH}}) ready in {{course}}")'''


# -- text editing helpers ---------------------------------------------------------------------
_LINK_PATTERNS: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        "Binder link",
        re.compile(r"https://mybinder\.org/v2/gh/(?P<repo>[\w.-]+/[\w.-]+)/(?P<ref>[^?/\s)\"'>]+)"),
        lambda m: f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}",
    ),
    (
        "Colab link",
        re.compile(r"https://colab\.research\.google\.com/github/(?P<repo>[\w.-]+/[\w.-]+)/blob/(?P<ref>[^/\s)\"'>]+)"),
        lambda m: f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}",
    ),
    (
        "raw.githubusercontent.com link",
        re.compile(r"https://raw\.githubusercontent\.com/(?P<repo>[\w.-]+/[\w.-]+)/(?P<ref>[^/\s)\"'>]+)"),
        lambda m: f"https://raw.githubusercontent.com/{REPOSITORY}/{BRANCH}",
    ),
    (
        "git clone address",
        re.compile(
            r"git clone (?P<opts>(?:-[-\w]+(?: [\w.-]+)? )*)"  # options such as --depth 1
            r"https://github\.com/(?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?(?=[\s`)\"']|$)"
        ),
        lambda m: f"git clone {m.group('opts')}https://github.com/{REPOSITORY}.git",
    ),
]
_NOTEBOOK_TARGET = re.compile(
    r"https://(?:colab\.research\.google\.com/github/[^/\s]+/[^/\s]+/blob/[^/\s]+/"
    r"|mybinder\.org/v2/gh/[^?\s]+\?urlpath=lab/tree/)(?P<path>[^\s)\"'>]+\.ipynb)"
)


def _link_problems(text: str, where: str, root: Path) -> list[str]:
    problems = []
    for kind, pattern, _ in _LINK_PATTERNS:
        for match in pattern.finditer(text):
            repo, ref = match.group("repo"), match.groupdict().get("ref")
            if repo != REPOSITORY or (ref is not None and ref != BRANCH):
                found = repo if ref is None else f"{repo} @ {ref}"
                problems.append(f"{where}: {kind} points to {found}, expected {REPOSITORY} @ {BRANCH}")
    # Links to notebooks must reach one (checked once the course has notebooks at all).
    for match in _NOTEBOOK_TARGET.finditer(text) if notebook_paths(root) else ():
        if not (root / match.group("path")).is_file():
            problems.append(f"{where}: link to a notebook that does not exist: {match.group('path')}")
    return problems


def _fix_links(text: str) -> str:
    for _, pattern, replacement in _LINK_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _replace_block(text: str, start: str, end: str, block: str, insert: bool) -> str | None:
    """Put ``block`` (markers included) in place of the start..end block of ``text``.

    Without markers: insert the block after a leading Markdown title (or at the top) when
    ``insert``, else return None.
    """
    i, j = text.find(start), text.find(end)
    if i != -1 and j > i:
        return text[:i] + block + text[j + len(end) :]
    if not insert:
        return None
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# "):
        head, rest = lines[0].rstrip("\n") + "\n\n", "".join(lines[1:]).lstrip("\n")
    else:
        head, rest = "", text.lstrip("\n")
    return head + block + ("\n\n" + rest if rest else "\n")


def _block_problem(text: str, start: str, end: str, block: str, where: str) -> str | None:
    i, j = text.find(start), text.find(end)
    if i == -1 or j < i:
        return f"{where}: no {start} ... {end} block"
    if text[i : j + len(end)] != block:
        return f"{where}: the {start} block differs from the generated one"
    return None


# -- README -----------------------------------------------------------------------------------
def notebook_paths(root: Path = ROOT) -> list[str]:
    """The course notebooks, as sorted paths from the repository root."""
    folder = root / NOTEBOOKS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(root).as_posix() for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook (its file name when it has none)."""
    for cell in read_notebook(path)["cells"]:
        if cell["cell_type"] == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def notebook_table(root: Path = ROOT) -> str:
    """The README's optional notebook table (markers included): one row per notebook."""
    rows = [TABLE_START, "| Notebook | Colab | Binder |", "| --- | --- | --- |"]
    for nb in notebook_paths(root):
        title = notebook_title(root / nb).replace("|", "\\|")
        rows.append(f"| [{title}]({nb}) | {colab_badge(nb)} | {binder_badge(nb)} |")
    rows.append(TABLE_END)
    return "\n".join(rows)


def readme_problems(root: Path = ROOT) -> list[str]:
    path = root / "README.md"
    if not path.is_file():
        return ["README.md: missing"]
    text = path.read_text(encoding="utf-8")
    problems = [_block_problem(text, BADGES_START, BADGES_END, readme_badges(), "README.md")]
    if TABLE_START in text:
        problems.append(_block_problem(text, TABLE_START, TABLE_END, notebook_table(root), "README.md"))
    return [p for p in problems if p] + _link_problems(text, "README.md", root)


def write_readme(root: Path = ROOT) -> bool:
    """Rewrite the README's generated blocks and links; True if the file changed."""
    path = root / "README.md"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    new = _fix_links(text)
    new = _replace_block(new, BADGES_START, BADGES_END, readme_badges(), insert=True)
    if TABLE_START in new:
        new = _replace_block(new, TABLE_START, TABLE_END, notebook_table(root), insert=False) or new
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


# -- notebooks --------------------------------------------------------------------------------
def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dumps_notebook(nb: dict) -> str:
    """The text nbformat writes for ``nb`` (whose sources are lists of lines, as stored)."""
    return json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _set_source(cell: dict, text: str) -> None:
    cell["source"] = text.splitlines(keepends=True)


def _new_cell(nb: dict, cell_type: str, text: str, cell_id: str) -> dict:
    cell: dict = {"cell_type": cell_type, "metadata": {}, "source": []}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        taken = {c.get("id") for c in nb["cells"]}
        unique, n = cell_id, 1
        while unique in taken:
            n += 1
            unique = f"{cell_id}-{n}"
        cell["id"] = unique
    _set_source(cell, text)
    return cell


def _first(nb: dict, cell_type: str) -> int | None:
    return next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == cell_type), None)


def notebook_problems(root: Path, notebook: str) -> list[str]:
    nb = read_notebook(root / notebook)
    problems = []
    md = _first(nb, "markdown")
    if md is None:
        problems.append(f"{notebook}: no markdown cell for the Colab badge")
    else:
        problem = _block_problem(_source(nb["cells"][md]), BADGES_START, BADGES_END, notebook_badges(notebook), "")
        if problem:
            problems.append(f"{notebook}: first markdown cell:{problem[1:]}")
    code = _first(nb, "code")
    if code is None or not _source(nb["cells"][code]).startswith(SETUP_FIRST_LINE):
        problems.append(f"{notebook}: the first code cell is not the Colab setup cell")
    elif _source(nb["cells"][code]) != colab_setup_source(notebook):
        problems.append(f"{notebook}: the Colab setup cell differs from the generated one")
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            problems += _link_problems(_source(cell), f"{notebook}: cell {i}", root)
    return problems


def write_notebook(root: Path, notebook: str) -> bool:
    """Rewrite one notebook's badge, setup cell and links; True if the file changed."""
    path = root / notebook
    before = path.read_text(encoding="utf-8")
    nb = json.loads(before)
    cells = nb["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            text = _source(cell)
            if _fix_links(text) != text:
                _set_source(cell, _fix_links(text))
    md = _first(nb, "markdown")
    if md is None:
        cells.insert(0, _new_cell(nb, "markdown", notebook_badges(notebook), "course-badges"))
    else:
        text = _source(cells[md])
        new = _replace_block(text, BADGES_START, BADGES_END, notebook_badges(notebook), insert=True)
        if new != text:
            _set_source(cells[md], new)
    setup = colab_setup_source(notebook)
    code = _first(nb, "code")
    if code is not None and _source(cells[code]).startswith(SETUP_FIRST_LINE):
        if _source(cells[code]) != setup:
            _set_source(cells[code], setup)
    else:
        # Never overwrite a learner-facing cell: put the setup cell before it.
        at = code if code is not None else len(cells)
        cells.insert(at, _new_cell(nb, "code", setup, "colab-setup"))
    after = dumps_notebook(nb)
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


# -- command line -----------------------------------------------------------------------------
def check(root: Path = ROOT) -> list[str]:
    """Every place under ``root`` that disagrees with the generated badges, cells and links."""
    problems = readme_problems(root)
    for notebook in notebook_paths(root):
        problems += notebook_problems(root, notebook)
    return problems


def write(root: Path = ROOT) -> list[str]:
    """Rewrite every place under ``root``; returns the files that changed."""
    changed = ["README.md"] if write_readme(root) else []
    changed += [nb for nb in notebook_paths(root) if write_notebook(root, nb)]
    # The README's notebook table reads the notebooks' titles: write it again after them.
    if write_readme(root) and "README.md" not in changed:
        changed.insert(0, "README.md")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="list the places that disagree; exit 1 if any")
    mode.add_argument("--write", action="store_true", help="rewrite those places")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this script's repository)")
    args = parser.parse_args(argv)
    root = args.root.resolve()

    if args.check:
        problems = check(root)
        for problem in problems:
            print(problem)
        if problems:
            print(f"\n{len(problems)} place(s) disagree with {REPOSITORY} @ {BRANCH}.")
            print("Run: python scripts/course_links.py --write (links to missing notebooks need a hand edit)")
            return 1
        print(f"README.md and {len(notebook_paths(root))} notebook(s) agree with {REPOSITORY} @ {BRANCH}")
        return 0
    if args.write:
        changed = write(root)
        for name in changed:
            print(f"rewrote {name}")
        if not changed:
            print("nothing to change")
        return 0
    print(readme_badges(), "", colab_setup_source(), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
