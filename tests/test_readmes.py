"""README.zh.md is README.md in Chinese, section for section.

- the same sections in the same order (each English heading has its Chinese one);
- the same tables, row for row: the notebooks (the Chinese edition's, same files, same
  article sections), the parts, the library's modules, the speed measurements (the same
  numbers), the fixes to the article's code;
- the same files linked, the Chinese edition's where there is one (notebooks/zh/, assets/zh/),
  never an English notebook.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADINGS = {
    "Quick start": "快速开始",
    "Who it is for, and how long it takes": "适合谁，需要多长时间",
    "The notebooks": "笔记本",
    "The course as a website": "课程网站",
    "The library": "代码库",
    "Speed": "速度",
    "What we fixed in the article's code": "修正了原文代码的哪些地方",
    "For instructors": "给教师",
    "Layout": "目录结构",
    "License": "许可证",
}


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """{## heading: its text} in order; code blocks are not headings."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def tables(text: str) -> list[list[str]]:
    """Each table's body rows (header and rule left out)."""
    found, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current[2:])
            current = []
    return found


def cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip("|").split(" | ")]


def code(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*", text)


ENGLISH, CHINESE = sections(read("README.md")), sections(read("README.zh.md"))


def test_the_same_sections_in_the_same_order():
    assert list(ENGLISH) == list(HEADINGS), "README.md's sections changed: update HEADINGS and README.zh.md"
    assert list(CHINESE) == list(HEADINGS.values())


@pytest.mark.parametrize("heading", list(HEADINGS))
def test_each_section_has_the_same_tables(heading):
    english, chinese = tables(ENGLISH[heading]), tables(CHINESE[HEADINGS[heading]])
    assert [len(t) for t in english] == [len(t) for t in chinese], f"{heading}: the tables' rows differ"
    for en_table, zh_table in zip(english, chinese, strict=True):
        for en_row, zh_row in zip(en_table, zh_table, strict=True):
            en_cells, zh_cells = cells(en_row), cells(zh_row)
            assert len(en_cells) == len(zh_cells), zh_row
            assert sorted(code(en_cells[0])) == sorted(code(zh_cells[0])), f"{heading}: {zh_row}"  # modules; code
            if heading in ("Speed", "Who it is for, and how long it takes"):
                assert numbers(en_row) == numbers(zh_row), f"{heading}: the numbers differ in {zh_row}"


def test_the_notebook_tables_list_the_same_notebooks_in_the_chinese_edition():
    (english,) = tables(ENGLISH["The notebooks"])
    (chinese,) = tables(CHINESE["笔记本"])
    for en_row, zh_row in zip(english, chinese, strict=True):
        en_link = re.search(r"\]\((notebooks/[^)]+)\)", en_row).group(1)
        zh_link = re.search(r"\]\((notebooks/[^)]+)\)", zh_row).group(1)
        assert zh_link == en_link.replace("notebooks/", "notebooks/zh/"), zh_row
        assert cells(en_row)[1] == cells(zh_row)[1], "the same section of the article"


def test_the_speed_section_gives_the_same_measurements():
    assert numbers(CHINESE["速度"]).count("10,000") == numbers(ENGLISH["Speed"]).count("10,000")
    english = sorted(set(numbers(ENGLISH["Speed"])))
    chinese = set(numbers(CHINESE["速度"]))
    assert [n for n in english if n not in chinese] == [], "README.zh.md's speed section lacks these numbers"


def links(text: str) -> set[str]:
    return {t.split("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", text) if not t.startswith(("http", "#"))}


def test_the_same_files_are_linked_in_their_chinese_edition():
    english, chinese = links(read("README.md")), links(read("README.zh.md"))
    twins = {"README.zh.md": "README.md"}
    for target in sorted(english):
        zh = twins.get(target) or re.sub(r"^(notebooks|assets)/(?=[^/]+$)", r"\1/zh/", target)
        if not (ROOT / zh).exists():
            zh = target  # no Chinese twin (solutions/, LICENSE, benchmarks/README.md)
        assert zh in chinese, f"README.zh.md does not link {zh} (README.md links {target})"
    english_notebooks = sorted(t for t in chinese if re.match(r"notebooks/\d\d_", t))
    assert not english_notebooks, f"README.zh.md links English notebooks: {english_notebooks}"
