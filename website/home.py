"""Each edition's home page and table of contents, generated from its README.

The home page (``index.md``) takes from README.md (README.zh.md for the Chinese edition) its
title, its introduction, "who it is for", the notebook table and the quick start, in that order.
The table is written again for the site (course_links' titles and URLs, text links instead of
badge images from other servers); links to the repository's files go to GitHub, links to a
notebook go to its page, a link to the other README goes to the other edition's home page.

The table of contents (``_toc.yml``) groups the notebooks into the parts of the README's table
of parts (``| 1 · the fixed-vector Seq2Seq | 01-04 | 3 hours |``): a notebook belongs to the
last part that starts at or before its number, so a new notebook needs no edit here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A line break between two CJK characters: Markdown turns it into a space, which Chinese text has not.
CJK = r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
CJK_BREAK = re.compile(rf"(?<={CJK})\n(?={CJK})")
SECTION = re.compile(r"^## ", flags=re.MULTILINE)
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
PART_ROW = re.compile(r"^\|\s*(?P<caption>[^|]+?)\s*\|\s*(?P<first>\d\d)(?:-\d\d)?\s*\|", flags=re.MULTILINE)


class ReadmeError(ValueError):
    """The README does not have a section the home page is made of."""


def split_readme(text: str) -> tuple[str, str, list[str]]:
    """(title, introduction, ["## heading\\nbody", ...])."""
    head, *sections = SECTION.split(text)
    title_line, _, intro = head.partition("\n")
    if not title_line.startswith("# "):
        raise ReadmeError("the README should start with its title, '# ...'")
    return title_line[2:].strip(), intro, ["## " + s for s in sections]


def pick_sections(sections: list[str], table_start: str) -> tuple[str, str, str]:
    """(who it is for, the notebooks, quick start): the section with the notebook table, the one
    before it, and the first one with a `git clone`."""
    try:
        table = next(i for i, s in enumerate(sections) if table_start in s)
        quick = next(i for i, s in enumerate(sections) if "git clone" in s)
    except StopIteration:
        raise ReadmeError("the README needs a quick start (with `git clone`) and the notebook table") from None
    if table == 0 or table - 1 == quick:
        raise ReadmeError("the README's section before the notebook table should say who the course is for")
    return sections[table - 1], sections[table], sections[quick]


def remove_block(text: str, start: str, end: str) -> str:
    return re.sub(re.escape(start) + r".*?" + re.escape(end) + r"\n?", "", text, flags=re.DOTALL)


def replace_block(text: str, start: str, end: str, block: str) -> str:
    return re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.DOTALL)


@dataclass(frozen=True)
class Links:
    """Where the README's links go from the site's home page."""

    root: Path  # the repository
    github: str  # https://github.com/OWNER/NAME
    branch: str
    readme: str  # README.md or README.zh.md
    notebook_folder: str  # notebooks or notebooks/zh
    twin_readme: str  # the other README...
    twin_home: str  # ...and the other edition's home page, relative to this one


def link_rewriter(links: Links, copy_file: Callable[[str], None]) -> Callable[[re.Match], str]:
    """A ``re.sub`` callback for the README's Markdown links (``LINK``), as seen from the home page."""

    def rewrite(match: re.Match) -> str:
        bang, text, target = match.groups()
        if re.match(r"[a-z]+:", target):
            return match.group(0)
        if target.startswith("#"):  # a section of the README that the home page leaves out
            return f"{bang}[{text}]({links.github}/blob/{links.branch}/{links.readme}{target})"
        path = target.split("#")[0].rstrip("/")
        if path == links.twin_readme:
            return f'<a href="{links.twin_home}">{text}</a>'
        if bang and (links.root / path).is_file():
            copy_file(path)  # an image: the site serves its own copy, at the same relative path
            return match.group(0)
        if re.fullmatch(re.escape(links.notebook_folder) + r"/\d\d_[\w-]+\.ipynb", path):
            return f"[{text}]({path.rsplit('/', 1)[1]})"
        kind = "tree" if (links.root / path).is_dir() else "blob"
        return f"{bang}[{text}]({links.github}/{kind}/{links.branch}/{path})"

    return rewrite


def site_table(header: str, rows: list[tuple[str, str, str, str, str]]) -> str:
    """The notebook table with text links: rows of (page, title, section, colab url, binder url)."""
    lines = [header, "| --- | --- | --- | --- |"]
    for page, title, section, colab, binder in rows:
        title, section = title.replace("|", "\\|"), section.replace("|", "\\|")
        lines.append(f"| [{title}]({page}) | {section} | [Colab]({colab}) | [Binder]({binder}) |")
    return "\n".join(lines)


def home_page(readme: str, table: str, markers: dict[str, tuple[str, str]], rewrite: Callable) -> tuple[str, str]:
    """(title, the home page's Markdown) from the README's text."""
    title, intro, sections = split_readme(readme)
    who, notebooks, quick = pick_sections(sections, markers["table"][0])
    intro = remove_block(intro, *markers["badges"])
    placeholder = "\n<!-- the site's notebook table -->\n"
    notebooks = replace_block(notebooks, *markers["table"], placeholder)
    body = LINK.sub(rewrite, "\n\n".join(part.strip() for part in (intro, who, notebooks, quick)))
    body = CJK_BREAK.sub("", body)
    return title, f"# {title}\n\n{body.replace(placeholder.strip(), table)}\n"


def toc(readme: str, pages: list[str]) -> dict:
    """The _toc.yml (as a dict) of the pages ``NN_name``, in the README's parts."""
    _, _, sections = split_readme(readme)
    parts = [(m["caption"], int(m["first"])) for s in sections for m in PART_ROW.finditer(s)]
    parts.sort(key=lambda part: part[1])
    if not parts:
        return {"format": "jb-book", "root": "index", "chapters": [{"file": p} for p in pages]}
    grouped: list[dict] = []
    for caption, first in parts:
        grouped.append({"caption": caption, "first": first, "chapters": []})
    for page in pages:
        number = int(page[:2])
        home = [g for g in grouped if g["first"] <= number] or grouped[:1]
        home[-1]["chapters"].append({"file": page})
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [{"caption": g["caption"], "chapters": g["chapters"]} for g in grouped if g["chapters"]],
    }
