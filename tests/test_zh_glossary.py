"""One vocabulary across the Chinese edition (notebooks/zh/prose/GLOSSARY.md).

Every variant the glossary's "不用" column lists is flagged, with the term to write instead, in
what a Chinese reader reads: the notebooks' prose (notebooks/zh/prose/NN_*.md), what the code
prints and draws (the catalog's translations), the diagrams' words (scripts/make_diagrams.py)
and README.zh.md. Code spans, code blocks, formulas and links are left out.

The article's own word may be named as such (隐状态（原文：隐藏状态）).

Context-sensitive rules: 单元 alone is the LSTM's unit only (隐藏单元, LSTM 单元, 32 个单元);
a notebook cell is 单元格. 内核 alone is Jupyter's kernel only (运行中的内核, 启动/重启内核,
笔记本的内核, Jupyter 内核, 内核里); the CPU's kernels are 计算内核. d2l-zh's words (强制教学, 注意力汇聚, 评分函数)
may be named in a paragraph that mentions d2l.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "notebooks" / "zh" / "prose" / "GLOSSARY.md"
CATALOG = ROOT / "seq2seq_lib" / "locale" / "zh_CN" / "LC_MESSAGES" / "seq2seq_lib.po"


@dataclass(frozen=True)
class Rule:
    use: str  # the glossary's term
    variant: str  # a regular expression for what not to write
    shown: str  # the variant as the glossary's table writes it
    before: tuple[str, ...] = ()  # the match is fine when the text before it ends like one of these
    after: tuple[str, ...] = ()  # ... or when the text after it starts like one of these
    d2l: bool = False  # fine in a paragraph that names d2l(-zh)

    def allows(self, text: str, match: re.Match, paragraph: str) -> bool:
        head, tail = text[: match.start()], text[match.end() :]
        return (
            re.search(r"原文[^\n]{0,6}$", head) is not None  # the article's own word, named as such
            or any(re.search(f"(?:{b})$", head) for b in self.before)
            or any(re.match(a, tail) for a in self.after)
            or (self.d2l and "d2l" in paragraph)
        )


NUMBER = r"(?:\d|§)\s*个"  # "32 个单元"; § stands for a formula or a {field}
RULES = [
    Rule("单元格", r"单元(?!格)", "单元", before=("隐藏", "LSTM ?", NUMBER), after=("测试",)),  # 单元测试: unit tests
    Rule("轮", r"轮次", "轮次"),
    Rule("基础模型", r"普通模型", "普通模型"),
    Rule("训练配方", r"训练方案", "训练方案"),
    Rule("隐状态", r"隐藏状态", "隐藏状态"),
    Rule("贪心解码", r"贪心搜索", "贪心搜索"),
    Rule("贪心解码", r"贪心选择", "贪心选择"),
    Rule("索引", r"编号", "编号"),
    Rule("索引", r"(?<![A-Za-z_.(\[])ids?(?![A-Za-z_(\[)\]=])", "id"),  # not code: len(ids), go_id
    Rule("批量", r"批次", "批次"),
    Rule("批量顺序", r"小批量顺序", "小批量顺序"),
    Rule(
        "计算内核", r"内核", "内核", before=("计算", "Jupyter ?", "运行中的", "启动", "重启", "笔记本的"), after=("里",)
    ),
    Rule("教师强制", r"强制教学", "强制教学", d2l=True),
    Rule("得分函数", r"评分函数", "评分函数", d2l=True),
    Rule("加权和", r"注意力汇聚", "注意力汇聚", d2l=True),
    Rule("词元", r"令牌", "令牌"),
    Rule("精确匹配", r"完全匹配", "完全匹配"),
    Rule("掩码", r"遮罩", "遮罩"),
    Rule("束搜索", r"集束搜索", "集束搜索"),
    Rule("曝光偏差", r"暴露偏差", "暴露偏差"),
]


def plain_markdown(text: str) -> str:
    """Markdown without what is not prose (kept line for line, so that line numbers hold)."""
    blank = lambda m: "\n" * m.group(0).count("\n")  # noqa: E731
    text = re.sub(r"<!--.*?-->", blank, text, flags=re.DOTALL)
    text = re.sub(r"^```.*?^```", blank, text, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"\$\$.*?\$\$", lambda m: "§" + blank(m), text, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", "§", text)
    text = re.sub(r"`[^`\n]+`", "«code»", text)
    text = re.sub(r"\]\([^)\s]*\)", "]", text)
    return re.sub(r"https?://\S+", "", text)


def problems(text: str, where: str) -> list[str]:
    """``where:line: variant → term`` for every variant in ``text`` (already plain)."""
    found = []
    for paragraph, start in _paragraphs(text):
        for rule in RULES:
            for match in re.finditer(rule.variant, paragraph):
                if not rule.allows(paragraph, match, paragraph):
                    line = start + paragraph.count("\n", 0, match.start())
                    context = paragraph[max(0, match.start() - 12) : match.end() + 8].replace("\n", " ")
                    found.append(f"{where}:{line}: {match.group(0)} → {rule.use} («{context}»)")
    return found


def _paragraphs(text: str) -> list[tuple[str, int]]:
    paragraphs, line = [], 1
    for block in re.split(r"(\n\s*\n)", text):
        if block.strip():
            paragraphs.append((block, line))
        line += block.count("\n")
    return paragraphs


def prose_problems() -> list[str]:
    found = []
    for path in sorted((ROOT / "notebooks" / "zh" / "prose").glob("[0-9][0-9]_*.md")):
        found += problems(plain_markdown(path.read_text(encoding="utf-8")), path.relative_to(ROOT).as_posix())
    readme = ROOT / "README.zh.md"
    found += problems(plain_markdown(readme.read_text(encoding="utf-8")), "README.zh.md")
    return found


def catalog_problems() -> list[str]:
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    found = []
    for message in catalog:
        if message.id and message.string:
            text = re.sub(r"\{[^{}]*\}", "§", message.string)
            found += [p.replace(":1: ", ": ", 1) for p in problems(text, f"catalog {message.id[:50]!r}")]
    return found


def diagram_problems() -> list[str]:
    spec = importlib.util.spec_from_file_location("_diagrams", ROOT / "scripts" / "make_diagrams.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = []
    for diagram, words in module.TEXT["zh"].items():
        for key, text in words.items():
            if isinstance(text, str):
                plain = re.sub(r"\$[^$]+\$", "§", re.sub(r"\{[^{}]*\}", "§", text))
                found += [p.replace(":1: ", ": ", 1) for p in problems(plain, f"diagram {diagram} {key!r}")]
    return found


# -- the edition -------------------------------------------------------------------------------------
def test_the_prose_and_the_readme_use_the_glossarys_terms():
    found = prose_problems()
    assert not found, f"{len(found)} variants (see notebooks/zh/prose/GLOSSARY.md):\n" + "\n".join(found)


def test_what_the_code_prints_uses_the_glossarys_terms():
    found = catalog_problems()
    assert not found, f"{len(found)} variants in the catalog (see GLOSSARY.md):\n" + "\n".join(found)


def test_the_diagrams_use_the_glossarys_terms():
    found = diagram_problems()
    assert not found, "\n".join(found)


def test_the_glossary_lists_every_rule():
    table = GLOSSARY.read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("|")]
    for rule in RULES:
        assert any(rule.use in row and rule.shown in row.split("|")[3] for row in rows), (
            f"GLOSSARY.md: no row that uses {rule.use} and lists {rule.shown} under 不用"
        )


# -- the rules ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "下面的单元画出第一个留出样本。",
        "代码单元打印它们。",
        "后面的一个单元会统计落在对角线下的点。",
        "训练 3 个轮次。",
        "普通模型的精确匹配。",
        "按笔记本 03 的训练方案训练。",
        "上一步的隐藏状态。",
        "贪心搜索每步取最可能的词元。",
        "按哈希顺序给词元编号。",
        "用 <PAD>（id 0）填充。",
        "批次顺序是固定的。",
        "只是用了不同的内核，加法的顺序可能不同。",
        "用两种内核各运行一次。",
        "也就是强制教学。",
    ],
)
def test_a_variant_is_flagged(text):
    assert len(problems(plain_markdown(text), "x")) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        "下面的单元格统计它们。",
        "有 $H = 32$ 个单元的 `nn.LSTM`。",
        "32 个隐藏单元映射为每个词元一个得分。",
        "每个 LSTM 单元有四个门。",
        "即使没有运行中的内核，也能读懂本笔记本。",
        "内核里训练的第一个模型还要预热。",
        "启动内核约 0.7 秒，每个笔记本的内核只用一个线程。",
        "用两种计算内核各运行一次。",
        "教师强制（d2l-zh 称为强制教学）。",
        "| 隐状态（原文：隐藏状态） | hidden state |",
        "调用 `vocab.ids` 和 `go_id`。",
        "U 是 len(ids)，即生成的词元个数。",
        "先是库的单元测试。",
        "训练 3 轮，轮数由早停决定。",
        "```python\nprint('普通模型')\n```",
    ],
)
def test_the_right_term_passes(text):
    assert problems(plain_markdown(text), "x") == [], text


def test_a_problem_names_the_line_and_the_term():
    text = "第一段。\n\n第二段，\n下面的单元画图。"
    assert problems(plain_markdown(text), "f.md") == ["f.md:4: 单元 → 单元格 («第二段， 下面的单元画图。»)"]
