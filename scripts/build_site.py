"""Build the course's website from the stored notebooks, English and Chinese: nothing is executed.

    pip install -e ".[site]"
    python scripts/build_site.py            # writes _build/site/ (Chinese pages under _build/site/zh/)

Jupyter Book 1 (Sphinx, myst-nb, sphinx-book-theme) builds each edition from a staging copy,
never from notebooks/ itself; the two builds run side by side and share website/_config.yml.
What the staging copy changes, and why (website/ holds the pieces):

- the notebooks are found by glob (``notebooks/NN_*.ipynb``, ``notebooks/zh/NN_*.ipynb``), so a
  new notebook needs no edit here; the home page and the table of contents come from each
  edition's README (website/home.py);
- the title cell's Colab badge (an image on another server) gives way to the header's Colab and
  Binder buttons and the language switch (website/course_site.py; URLs from course_links.py);
- widgets are drawn from their saved state (website/widget_snapshot.py): no widget scripts;
- links from a notebook to the repository's other files go to GitHub;
- MathJax is served by the site (website/mathjax.py fetches npm's package once, into a cache).

The site then reads offline: every script, stylesheet, font and figure is a file of the site
(tests/test_site.py checks it, and opens pages in a headless Chromium).
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEBSITE = ROOT / "website"
sys.path[:0] = [str(ROOT / "scripts"), str(WEBSITE)]

import course_links  # noqa: E402  (scripts/)
import home  # noqa: E402  (website/)
import mathjax  # noqa: E402
import widget_snapshot  # noqa: E402

MARKDOWN_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
SPECIAL_PAGES = ("index", "genindex", "search")


@dataclass(frozen=True)
class Edition:
    language: str  # course_links' name for it: en, zh
    sphinx_language: str
    readme: str
    subfolder: str  # where it goes in the site: "" (the root) or "zh"
    twin_label: str  # the language switch's text: the other edition's language, in that language
    twin_tooltip: str
    launch_tooltips: dict[str, str]
    live_note: str  # under a widget that is live in Jupyter
    code_prompts: tuple[str, str]  # myst-nb's toggle of a hidden cell: show, hide ({type}: source, outputs)

    @property
    def folder(self) -> str:
        return "notebooks" if self.language == "en" else f"notebooks/{self.language}"

    @property
    def table_header(self) -> str:
        return course_links.notebook_table(self.language, ROOT).splitlines()[1]


EDITIONS = {
    "en": Edition(
        language="en",
        sphinx_language="en",
        readme="README.md",
        subfolder="",
        twin_label="中文",
        twin_tooltip="这一页的中文版",
        launch_tooltips={"colab": "Open this notebook in Colab", "binder": "Launch this notebook on Binder"},
        live_note="A picture of the widget as it was saved. In Jupyter it is live: open this notebook "
        "on Colab or Binder (buttons at the top) to type your own dates and move the sliders.",
        code_prompts=("Show code cell {type}", "Hide code cell {type}"),
    ),
    "zh": Edition(
        language="zh",
        sphinx_language="zh_CN",
        readme="README.zh.md",
        subfolder="zh",
        twin_label="English",
        twin_tooltip="This page in English",
        launch_tooltips={"colab": "在 Colab 中打开本笔记本", "binder": "在 Binder 上运行本笔记本"},
        live_note="这是控件保存时的样子。在 Jupyter 中它可以交互：用页面顶部的按钮在 Colab 或 Binder "
        "上打开本笔记本，就能输入自己的日期、拖动滑块。",
        code_prompts=("显示代码", "隐藏代码"),
    ),
}


def other(edition: Edition) -> Edition:
    return next(e for e in EDITIONS.values() if e is not edition)


def twin_prefix(edition: Edition) -> str:
    """From this edition's root to the other's: ``zh/`` from English, ``../`` from Chinese."""
    return f"{other(edition).subfolder}/" if other(edition).subfolder else "../"


# -- staging ------------------------------------------------------------------------------------
def github() -> str:
    return f"https://github.com/{course_links.REPOSITORY}"


def page_links(edition: Edition, stage: Path, folder: str) -> Callable[[re.Match], str]:
    """A ``re.sub`` callback for a notebook's Markdown links (notebook in ``folder``, page at the root).

    A link to another notebook of this edition stays (Sphinx makes it a page link); an image
    elsewhere in the repository is copied into the staging copy; any other file of the
    repository is linked on GitHub.
    """
    stem_pattern = re.compile(r"\d\d_[\w-]+\.ipynb")

    def rewrite(match: re.Match) -> str:
        bang, text, target = match.groups()
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = (ROOT / folder / path).resolve()
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            return match.group(0)  # left for Sphinx to report
        relative = resolved.relative_to(ROOT).as_posix()
        if resolved.parent == ROOT / edition.folder and stem_pattern.fullmatch(resolved.name):
            return f"{bang}[{text}]({resolved.name}{'#' + anchor if anchor else ''})"
        if bang and resolved.is_file():
            (stage / "_repository" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resolved, stage / "_repository" / relative)
            return f"{bang}[{text}](_repository/{relative})"
        kind = "tree" if resolved.is_dir() else "blob"
        return f"{bang}[{text}]({github()}/{kind}/{course_links.BRANCH}/{relative}{'#' + anchor if anchor else ''})"

    return rewrite


def stage_notebook(nb: dict, edition: Edition, rewrite: Callable[[re.Match], str]) -> dict:
    """The notebook as the site shows it (``nb`` is left unchanged)."""
    nb = copy.deepcopy(nb)
    widget_snapshot.replace_widget_views(nb, edition.live_note)
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            source = home.remove_block(source, *course_links.BADGES)
            cell["source"] = MARKDOWN_LINK.sub(rewrite, source)
        elif source.startswith(course_links.SETUP_FIRST_LINE):
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            tags.append("hide-input")  # Colab's setup: one click away, not in the reader's way
    return nb


def stage_home(edition: Edition, stage: Path) -> str:
    """Write the home page (index.md); returns the edition's title."""

    def copy_file(relative: str) -> None:
        (stage / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, stage / relative)

    links = home.Links(
        root=ROOT,
        github=github(),
        branch=course_links.BRANCH,
        readme=edition.readme,
        notebook_folder=edition.folder,
        twin_readme=other(edition).readme,
        twin_home=f"{twin_prefix(edition)}index.html",
    )
    rows = []
    for notebook in course_links.notebooks(edition.language, ROOT):
        title, section = course_links.title_and_section(ROOT / notebook)
        rows.append(
            (
                Path(notebook).name,
                title,
                section,
                course_links.colab_url(notebook),
                course_links.binder_url(notebook, edition.language),
            )
        )
    markers = {"badges": course_links.BADGES, "table": course_links.TABLE}
    readme = (ROOT / edition.readme).read_text(encoding="utf-8")
    table = home.site_table(edition.table_header, rows)
    title, page = home.home_page(readme, table, markers, home.link_rewriter(links, copy_file))
    (stage / "index.md").write_text(page, encoding="utf-8")
    return title


def stage_config(edition: Edition, stage: Path, title: str, pages: list[str], twin_pages: list[str]) -> None:
    import yaml

    config = yaml.safe_load((WEBSITE / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = title
    config["repository"].update(url=github(), path_to_book=edition.folder, branch=course_links.BRANCH)
    config["sphinx"]["local_extensions"]["course_site"] = str(WEBSITE)
    launch = {
        page: {
            "colab": course_links.colab_url(f"{edition.folder}/{page}.ipynb"),
            "binder": course_links.binder_url(f"{edition.folder}/{page}.ipynb", edition.language),
        }
        for page in pages
    }
    config["sphinx"]["config"].update(
        language=edition.sphinx_language,
        nb_code_prompt_show=edition.code_prompts[0],
        nb_code_prompt_hide=edition.code_prompts[1],
        mathjax_path=mathjax.SCRIPT,
        mathjax3_config=mathjax.MATHJAX_CONFIG,
        course_twin_prefix=twin_prefix(edition),
        course_twin_label=edition.twin_label,
        course_twin_tooltip=edition.twin_tooltip,
        course_twin_pages=[*SPECIAL_PAGES, *twin_pages],
        course_launch=launch,
        course_launch_tooltips=edition.launch_tooltips,
    )
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    readme = (ROOT / edition.readme).read_text(encoding="utf-8")
    toc = home.toc(readme, pages)
    (stage / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def pages_of(edition: Edition) -> list[str]:
    return [Path(nb).stem for nb in course_links.notebooks(edition.language, ROOT)]


def stage(edition: Edition, stage_dir: Path, mathjax_dir: Path) -> None:
    """Write the staging copy of one edition: notebooks, home page, configuration, static files."""
    stage_dir.mkdir(parents=True)
    rewrite = page_links(edition, stage_dir, edition.folder)
    for notebook in course_links.notebooks(edition.language, ROOT):
        nb = json.loads((ROOT / notebook).read_text(encoding="utf-8"))
        staged = stage_notebook(nb, edition, rewrite)
        (stage_dir / Path(notebook).name).write_text(json.dumps(staged, ensure_ascii=False), encoding="utf-8")
    title = stage_home(edition, stage_dir)
    stage_config(edition, stage_dir, title, pages_of(edition), pages_of(other(edition)))
    shutil.copytree(WEBSITE / "_site_static", stage_dir / "_site_static")
    shutil.copytree(mathjax_dir, stage_dir / "_site_static" / "mathjax")


# -- building -----------------------------------------------------------------------------------
def build_edition(stage_dir: Path, html_dir: Path) -> tuple[int, float]:
    """Run Jupyter Book's Sphinx build of one staged edition; (status, seconds)."""
    from jupyter_book.sphinx import build_sphinx

    start = time.perf_counter()
    status = build_sphinx(
        str(stage_dir),
        str(html_dir),
        noconfig=True,  # no conf.py: Jupyter Book makes the Sphinx configuration from _config.yml
        path_config=str(stage_dir / "_config.yml"),
        confoverrides={"external_toc_path": str(stage_dir / "_toc.yml"), "latex_individualpages": False},
        doctreedir=str(stage_dir.parent / f".doctrees-{stage_dir.name}"),
        quiet=True,
        freshenv=True,
        # A warning (a link Sphinx cannot resolve, a missing image...) fails the build, after
        # every warning has been printed: the pages would otherwise show it as plain text.
        warningiserror=True,
        keep_going=True,
    )
    return (status if isinstance(status, int) else 1), time.perf_counter() - start


def clear_output(out: Path) -> None:
    """Remove a previous build at ``out``; refuse to remove anything that is not one."""
    if not out.exists():
        return
    if out.is_dir() and (not any(out.iterdir()) or (out / ".buildinfo").is_file()):
        shutil.rmtree(out)
        return
    raise SystemExit(f"{out} exists and is not a site this script built: choose another --out, or remove it")


def build(out: Path, cache: Path, jobs: int = 2) -> dict[str, float]:
    """Build both editions into ``out`` (Chinese under ``out/zh``); returns the seconds each step took."""
    clock = time.perf_counter
    timings, start = {}, clock()
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Work next to the output, so that the finished builds move into place by renaming.
    with tempfile.TemporaryDirectory(prefix=".site-work-", dir=out.parent) as work_name:
        work = Path(work_name)
        mathjax.install(work / "shared_static", cache)
        mathjax_dir = work / "shared_static" / "mathjax"
        for language, edition in EDITIONS.items():
            stage(edition, work / language, mathjax_dir)
        timings["staging"], step = clock() - start, clock()
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {lang: pool.submit(build_edition, work / lang, work / f"{lang}-html") for lang in EDITIONS}
            results = {lang: future.result() for lang, future in futures.items()}
        failed = [lang for lang, (status, _) in results.items() if status != 0]
        if failed:
            raise SystemExit(f"the Sphinx build of {', '.join(failed)} failed (its messages are above)")
        timings.update({f"Sphinx {lang}": seconds for lang, (_, seconds) in results.items()})
        timings["both editions"], step = clock() - step, clock()
        clear_output(out)
        (work / "en-html").rename(out)
        for language, edition in EDITIONS.items():
            if edition.subfolder:
                (work / f"{language}-html").rename(out / edition.subfolder)
        for leftover in out.glob("**/_static/*webpack-macros.html"):
            leftover.unlink()  # the themes' Jinja macros, copied with their static files: not pages
        (out / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ as it is
    timings["into place"] = clock() - step
    timings["total"] = clock() - start
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "site", help="default: _build/site")
    parser.add_argument(
        "--cache", type=Path, default=ROOT / "_build" / "cache", help="where MathJax's npm tarballs are kept"
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="editions built at once")
    args = parser.parse_args(argv)
    missing = [m for m in ("jupyter_book", "myst_nb", "sphinx_book_theme") if importlib.util.find_spec(m) is None]
    if missing:
        print(f'build_site: {", ".join(missing)} not installed: pip install -e ".[site]"', file=sys.stderr)
        return 1
    try:
        timings = build(args.out, args.cache, args.jobs)
    except mathjax.MathJaxError as err:
        print(f"build_site: {err}", file=sys.stderr)
        return 1
    pages = sorted(args.out.resolve().rglob("*.html"))
    print(f"wrote {len(pages)} pages to {args.out}: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
