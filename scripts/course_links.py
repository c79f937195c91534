"""The one place that holds the course's public address, and the tool that writes it everywhere.

Forks: set REPOSITORY (GitHub "owner/name") and BRANCH, then ``python scripts/course_links.py --write``.
``--check`` lists every place that differs from what ``--write`` would write (the tests run it).

What it writes (only the standard library; outputs of notebooks are never touched):

- README.md and README.zh.md: the badge block and the notebook table between their
  ``<!-- badges:... -->`` / ``<!-- notebooks:... -->`` markers, and every other link to the
  repository (GitHub, Colab, Binder, raw files, ``git clone``);
- each English notebook: the Colab badge block in its first cell and the Colab setup cell
  (its first code cell, the same for every notebook);
- the Chinese edition's prose files (notebooks/zh/prose/NN_*.md, which scripts/zh_notebooks.py
  turns into notebooks/zh/*.ipynb): the badge block of their title cells. The Colab setup cell
  of the Chinese notebooks is ``colab_setup_source("zh")``, which scripts/zh_notebooks.py puts
  there when it builds them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPOSITORY = "seq2seq-course/seq2seq-dates"
BRANCH = "main"

ROOT = Path(__file__).resolve().parent.parent
FIRST_NOTEBOOK = "notebooks/01_date_dataset.ipynb"
BADGES = ("<!-- badges:start -->", "<!-- badges:end -->")
TABLE = ("<!-- notebooks:start -->", "<!-- notebooks:end -->")
SETUP_FIRST_LINE = "# Colab only: fetch the course and install seq2seq_lib (does nothing elsewhere)"
BABEL = "babel>=2.17"  # as pyproject.toml asks (a test keeps the two equal)
# The file Ubuntu's fonts-noto-cjk installs (Noto Sans CJK SC among its faces).
CJK_FONT_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# Links on the services that carry only the course: Colab, Binder, raw files (owner/name/ref),
# and the README's `git clone`. Other GitHub links (to other projects) are left alone.
SERVICE_LINK = re.compile(
    r"(?P<site>colab\.research\.google\.com/github/|mybinder\.org/v2/gh/|raw\.githubusercontent\.com/)"
    r"[\w.-]+/[\w.-]+/(?P<blob>blob/)?[\w.-]+"
)
CLONE = re.compile(r"(?P<head>git clone (?:--?[\w-]+(?: \S+)? )*)https://github\.com/[\w.-]+/[\w-]+(?:\.git)?")


# -- addresses and generated text ----------------------------------------------------------------
def colab_url(notebook: str) -> str:
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{notebook}"


def binder_url(notebook: str, language: str = "en") -> str:
    """Binder opens JupyterLab on ``notebook``; for the Chinese edition, with JupyterLab's own
    interface in Chinese (binder/course_language.py sets it, then opens the notebook)."""
    path = f"lab/tree/{notebook}" if language == "en" else f"course-language/zh_CN/{notebook}"
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath={path}"


def badge(kind: str, notebook: str, language: str = "en") -> str:
    if kind == "colab":
        return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(notebook)})"
    return f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder_url(notebook, language)})"


def colab_setup_source(language: str = "en") -> str:
    """The first code cell of every notebook. Off Colab it defines ``sys`` and does nothing else.

    On Colab (whose kernel has imported ``google.colab``) it clones the course once, installs
    seq2seq_lib without touching Colab's torch (and Babel, the translations' reader, if Colab
    lacks it), and moves into the notebook's own folder (``notebooks/``, ``notebooks/zh/``); the
    notebooks find the repository's files from there (``seq2seq_lib.paths.repository_file``).

    The Chinese edition's cell (``language="zh"``; scripts/zh_notebooks.py puts it in every
    notebook of notebooks/zh/) also installs Ubuntu's Noto CJK font with apt-get, as Binder's
    apt.txt does, so that its figures are drawn in Chinese: Colab runs as root and has apt, the
    font is Ubuntu's own package (no registry offers a maintained one for matplotlib), and it
    is the font the stored notebooks were drawn with. set_language("zh") then finds it
    without a restart (seq2seq_lib.i18n adds fonts installed after matplotlib listed its own).
    """
    name = REPOSITORY.split("/")[-1]
    folder = "notebooks" if language == "en" else "notebooks/zh"
    font = ""
    if language == "zh":
        font = f"""
    # The Chinese edition draws its figures in Chinese: Ubuntu's Noto CJK fonts (about 57 MB).
    if not os.path.exists("{CJK_FONT_FILE}"):
        try:
            run("apt-get", "install", "-y", "-q", "fonts-noto-cjk")
        except RuntimeError:  # Colab's package list is out of date: fetch it, then try again
            run("apt-get", "update", "-q")
            run("apt-get", "install", "-y", "-q", "fonts-noto-cjk")"""
    return f'''{SETUP_FIRST_LINE}
import sys

if "google.colab" in sys.modules:
    import importlib.util
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
    if importlib.util.find_spec("babel") is None:  # the translations' reader, if Colab lacks it
        run(sys.executable, "-m", "pip", "install", "-q", "{BABEL}")
    if course not in sys.path:
        sys.path.insert(0, course)  # importable at once, without restarting the runtime{font}
    os.chdir(os.path.join(course, "{folder}"))
    print(f"Colab: {{REPOSITORY}} ({{BRANCH}}) ready in {{course}}")'''


def notebooks(language: str, root: Path = ROOT) -> list[str]:
    folder = root / ("notebooks" if language == "en" else "notebooks/zh")
    return [p.relative_to(root).as_posix() for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]


def title_and_section(path: Path) -> tuple[str, str]:
    """A notebook's title (its first heading, number included) and the article section in bold after it."""
    text = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    section = re.search(r"\*\*(.+?)\*\*", text)
    return title, section.group(1) if section else ""


def readme_badges(language: str) -> str:
    first = FIRST_NOTEBOOK if language == "en" else FIRST_NOTEBOOK.replace("notebooks/", "notebooks/zh/")
    runs = f"https://github.com/{REPOSITORY}/actions/workflows/tests.yml"
    tests = f"[![Tests]({runs}/badge.svg?branch={BRANCH})]({runs})"
    return "\n".join([BADGES[0], tests, badge("binder", first, language), badge("colab", first), BADGES[1]])


def notebook_table(language: str, root: Path = ROOT) -> str:
    """The README's one list of the notebooks: title, the article's section, Colab, Binder."""
    head = ["| notebook | the article's section | Colab | Binder |", "| --- | --- | --- | --- |"]
    if language == "zh":
        head = ["| 笔记本 | 对应原文章节 | Colab | Binder |", "| --- | --- | --- | --- |"]
    rows = []
    for nb in notebooks(language, root):
        title, section = (part.replace("|", "\\|") for part in title_and_section(root / nb))
        rows.append(f"| [{title}]({nb}) | {section} | {badge('colab', nb)} | {badge('binder', nb, language)} |")
    return "\n".join([TABLE[0], *head, *rows, TABLE[1]])


def notebook_badges(notebook: str) -> str:
    return "\n".join([BADGES[0], badge("colab", notebook), BADGES[1]])


# -- rewriting -----------------------------------------------------------------------------------
def replace_block(text: str, markers: tuple[str, str], block: str) -> str:
    start, end = text.find(markers[0]), text.find(markers[1])
    return text if start == -1 or end < start else text[:start] + block + text[end + len(markers[1]) :]


def fix_links(text: str) -> str:
    text = SERVICE_LINK.sub(lambda m: f"{m['site']}{REPOSITORY}/{m['blob'] or ''}{BRANCH}", text)
    return CLONE.sub(lambda m: f"{m['head']}https://github.com/{REPOSITORY}.git", text)


def render_readme(path: Path, language: str, root: Path) -> str:
    text = fix_links(path.read_text(encoding="utf-8"))
    text = replace_block(text, BADGES, readme_badges(language))
    return replace_block(text, TABLE, notebook_table(language, root))


def render_notebook(path: Path, notebook: str) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = fix_links("".join(cell["source"])).splitlines(keepends=True)
    first = nb["cells"][0]
    title = replace_block("".join(first["source"]), BADGES, notebook_badges(notebook))
    first["source"] = title.splitlines(keepends=True)
    setup = next(c for c in nb["cells"] if c["cell_type"] == "code")
    if "".join(setup["source"]).startswith(SETUP_FIRST_LINE):
        setup["source"] = colab_setup_source().splitlines(keepends=True)
    return json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def render_prose(path: Path, notebook: str) -> str:
    return replace_block(fix_links(path.read_text(encoding="utf-8")), BADGES, notebook_badges(notebook))


def rendered(root: Path = ROOT) -> dict[Path, str]:
    """Every file this script manages, as ``--write`` would leave it."""
    files = {}
    for readme, language in (("README.md", "en"), ("README.zh.md", "zh")):
        if (root / readme).is_file():
            files[root / readme] = render_readme(root / readme, language, root)
    for nb in notebooks("en", root):
        files[root / nb] = render_notebook(root / nb, nb)
    for prose in sorted((root / "notebooks/zh/prose").glob("[0-9][0-9]_*.md")):  # not GLOSSARY.md
        files[prose] = render_prose(prose, f"notebooks/zh/{prose.stem}.ipynb")
    return files


def problems(root: Path = ROOT) -> list[str]:
    """Every managed file that differs from what ``--write`` writes; a notebook whose setup cell is missing."""
    found = [
        f"{path.relative_to(root)}: differs from what --write writes"
        for path, text in rendered(root).items()
        if path.read_text(encoding="utf-8") != text
    ]
    for nb in notebooks("en", root):
        cells = json.loads((root / nb).read_text(encoding="utf-8"))["cells"]
        code = next((c for c in cells if c["cell_type"] == "code"), None)
        if code is None or not "".join(code["source"]).startswith(SETUP_FIRST_LINE):
            found.append(f"{nb}: the first code cell is not the Colab setup cell")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="list what differs; exit 1 if anything does")
    mode.add_argument("--write", action="store_true", help="rewrite every managed file")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this repository)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.check:
        found = problems(root)
        print("\n".join(found) if found else f"every link points to {REPOSITORY} @ {BRANCH}")
        return 1 if found else 0
    for path, text in rendered(root).items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
