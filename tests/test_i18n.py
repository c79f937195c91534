"""The translations: one gettext catalog, extracted from the sources and checked (scripts/i18n.py).

- the repository's catalog has a translation, with the same ``{fields}``, for every message of
  the library and the notebooks, and nothing obsolete; every message function is given a text
  the extraction can find, and no notebook draws English figure text without ``label``;
- the checker refuses each of those mistakes, on a small library and notebook in a temporary
  folder; ``update`` keeps what translators wrote;
- the library reads the catalog at run time, uses no fuzzy translation, and says what to install
  when Babel is missing; a CJK font installed after matplotlib built its font list is found.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from seq2seq_lib import i18n

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
script = importlib.util.module_from_spec(spec)
sys.modules["i18n_script"] = script  # its dataclasses look their module up
spec.loader.exec_module(script)


# -- the repository ----------------------------------------------------------------------------------
def test_the_catalog_translates_every_message_of_the_sources_and_nothing_else():
    problems = script.catalog_problems()
    assert not problems, "\n".join(map(str, problems)) + "\n(python scripts/i18n.py update, then translate)"


def test_every_message_can_be_extracted_and_every_figure_text_goes_through_label():
    problems = script.code_problems()
    assert not problems, "\n".join(map(str, problems))


def test_the_library_reads_the_catalog_it_ships():
    catalog = script.read_catalog()
    expected = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    assert i18n.translations("zh") == expected
    assert len(expected) > 300  # the whole course, not a stub
    assert i18n.translations("en") == {}


def test_tr_and_label_speak_the_catalog_in_the_chinese_edition():
    try:
        i18n.set_language("zh")
        assert i18n.tr("Not yet: {message}", message="x") == "还不对：x"
        assert i18n.tr("a text no catalog has {n}", n=1) == "a text no catalog has 1"
        chinese_label = i18n.label("epoch") if i18n.cjk_font() is not None else None
    finally:
        i18n.set_language("en")
    assert i18n.tr("Not yet: {message}", message="x") == "Not yet: x"
    assert i18n.N_("marked") == "marked"
    if chinese_label is None:
        pytest.skip("no CJK font installed: label() keeps figure text in English")
    assert chinese_label == i18n.translations("zh")["epoch"]


def test_validation_messages_speak_the_learners_language():
    import torch

    from seq2seq_lib import Seq2Seq, translate
    from seq2seq_lib.tasks.dates import check_source_date
    from seq2seq_lib.tasks.human_dates import to_iso
    from seq2seq_lib.validation import check_int
    from seq2seq_lib.vocab import Vocabulary

    model = Seq2Seq(Vocabulary.dates())

    def refusals() -> list[str]:
        found = []
        for attempt in (
            lambda: translate(model, "23-02-29"),
            lambda: translate(model, ["24-03-05", "50-01-01"]),
            lambda: translate(model, ["24-02-30", "x"]),
            lambda: translate(model, ["24-03-05", 5]),
            lambda: to_iso("Monday, March 5, 2024"),
            lambda: check_int("epochs", 0, 1),
            lambda: model.translate if check_source_date(torch.zeros(1)) else None,
        ):
            with pytest.raises((ValueError, TypeError)) as caught:
                attempt()
            found.append(str(caught.value))
        return found

    english = [
        "'23-02-29' is not a real date: Feb 2023 has days 01-28",
        "1 of 2 dates cannot be translated: entry 1: '50-01-01': two-digit year 50 is outside the course's data, "
        "which spans 1974-2034 (years 74-99 and 00-34)",
        "2 of 2 dates cannot be translated: entry 0: '24-02-30' is not a real date: Feb 2024 has days 01-29; "
        "entry 1: 'x' is not in the format 'yy-mm-dd' (ASCII digits, e.g. '24-03-05')",
        "entry 1 must be a str like '24-03-05', got int: 5",
        "'Monday, March 5, 2024' is not a real date: 2024-03-05 is a Tuesday, not a Monday",
        "epochs must be at least 1, got 0",
        "a date must be a str like '24-03-05', got Tensor: tensor([0.])",
    ]
    assert refusals() == english
    try:
        i18n.set_language("zh")
        chinese = refusals()
    finally:
        i18n.set_language("en")
    assert chinese == [
        "'23-02-29' 不是真实的日期：2023 年 2 月只有 01-28 日",
        "2 个日期中有 1 个无法翻译：第 1 项：'50-01-01'：两位数年份 50 超出了课程数据的范围：数据覆盖 1974-2034 年"
        "（年份 74-99 和 00-34）",
        "2 个日期中有 2 个无法翻译：第 0 项：'24-02-30' 不是真实的日期：2024 年 2 月只有 01-29 日；"
        "第 1 项：'x' 不是 'yy-mm-dd' 格式（ASCII 数字，例如 '24-03-05'）",
        "第 1 项必须是 '24-03-05' 这样的 str，实际是 int：5",
        "'Monday, March 5, 2024' 不是真实的日期：2024-03-05 是星期二，不是星期一",
        "epochs 必须至少为 1，实际是 0",
        "日期必须是 '24-03-05' 这样的 str，实际是 Tensor：tensor([0.])",
    ]
    assert refusals() == english, "back in English: the message is made when it is raised"


def test_tr_table_shows_a_tables_words_in_the_learners_language():
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame(
        {"exact match": [0.5, 1.0], "a column no catalog has": [1, 2]},
        index=pd.Index(["greedy", "beam 7"], name="position"),
    )
    assert i18n.tr_table(table) is table, "English: the table itself"
    try:
        i18n.set_language("zh")
        shown = i18n.tr_table(table)
        series = i18n.tr_table({"exact match": 0.5, "<EOS>": 1.0})
    finally:
        i18n.set_language("en")
    zh = i18n.translations("zh")
    assert list(shown.columns) == [zh["exact match"], "a column no catalog has"]
    assert list(shown.index) == [zh["greedy"], "beam 7"] and shown.index.name == zh["position"]
    assert shown.to_numpy().tolist() == table.to_numpy().tolist(), "the values are not touched"
    assert list(table.columns) == ["exact match", "a column no catalog has"], "the table itself is not changed"
    assert list(series.index) == [zh["exact match"], "<EOS>"] and series.tolist() == [0.5, 1.0]
    with pytest.raises(TypeError, match="tr_table shows a pandas DataFrame"):
        i18n.tr_table([1, 2])


def test_a_missing_babel_is_named_at_the_language_cell(monkeypatch):
    i18n.translations.cache_clear()
    monkeypatch.setitem(sys.modules, "babel.messages.pofile", None)  # import fails
    try:
        with pytest.raises(ImportError, match="pip install babel"):
            i18n.set_language("zh")
        assert i18n.get_language() == "en", "a failed switch leaves the language as it was"
    finally:
        monkeypatch.undo()
        i18n.translations.cache_clear()


def test_a_cjk_font_installed_after_matplotlib_listed_its_fonts_is_found(monkeypatch):
    font_manager = pytest.importorskip("matplotlib.font_manager")
    manager = font_manager.fontManager
    cjk = [f for f in manager.ttflist if f.name in i18n.CJK_FONTS]
    if not cjk:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk)")
    # As on Colab after `apt-get install fonts-noto-cjk`: the files exist, matplotlib's cached list lacks them.
    files = {f.fname for f in cjk}
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if f.fname not in files])
    assert i18n._installed_cjk_font(font_manager) is None
    try:
        assert i18n._use_cjk_font() in i18n.CJK_FONTS
    finally:
        i18n.set_language("en")


# -- the checker, on a small library and notebook ----------------------------------------------------
LIBRARY = """
from ..i18n import tr, label
from .engine import Diagnosis, Exercise, fail

TITLE = "A title"
NAMES = ("first name", "second name")


def show(count):
    print(tr("{count} dates", count=count))
    print(tr(TITLE))
    for name in NAMES:
        print(tr(name))
    return fail("{what} failed", what="x")


def _diagnosis(test, message):
    return Diagnosis(test, message)


check = Exercise(
    name="f",
    diagnoses=(_diagnosis(None, "{label}: a mistake"),),
    success="{name} is right",
)
"""


def notebook(*sources: str) -> str:
    cells = [
        {"cell_type": "code", "id": f"nb01-{i}", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
        for i, s in enumerate(sources)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


NOTEBOOK = [
    "from seq2seq_lib.i18n import label, set_language\nfrom seq2seq_lib.i18n import N_, say, tr",
    'styles = {"plain": ("plain model", "-"), "attention": ("attention model", "--")}\n'
    "for key, (text, line) in styles.items():\n    ax.plot([1], [2], line, label=label(text))\n"
    'ax.set(xlabel=label("epoch"), title=label("A title"))\n'
    'say("{n} dates said", n=2)\nrows = {N_("a table\'s column"): [1]}',
    'for text, value in [("one", 1), ("two", 2)]:\n    print(tr(text), value)',
]
TRANSLATED = {
    "{count} dates": "{count} 个日期",
    "A title": "标题",
    "first name": "名一",
    "second name": "名二",
    "{what} failed": "{what} 失败",
    "{label}: a mistake": "{label}：错误",
    "{name} is right": "{name} 对了",
    "plain model": "基础模型",
    "attention model": "注意力模型",
    "epoch": "轮",
    "one": "一",
    "two": "二",
    "{n} dates said": "说了 {n} 个日期",
    "a table's column": "表的一列",
}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "seq2seq_lib" / "exercises").mkdir(parents=True)
    (tmp_path / "seq2seq_lib" / "exercises" / "nb01.py").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_example.ipynb").write_text(notebook(*NOTEBOOK), encoding="utf-8")
    return tmp_path


def write_translations(root: Path, translations: dict[str, str], **flags: set[str]) -> None:
    catalog, _ = script.merged(root, fuzzy_matching=False)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            message.flags |= flags.get("extra", set())
    script.write_catalog(catalog, root)


def problems(root: Path) -> list[str]:
    return [p.text for p in script.check(root)]


def test_the_extraction_follows_constants_loops_and_functions_that_pass_a_message_on(course):
    found = [m.id for m in script.template(course) if m.id]
    assert sorted(found) == sorted(TRANSLATED)
    catalog = script.template(course)
    assert catalog["epoch"].auto_comments == ["cell nb01-1"], "a notebook's message says which cell uses it"
    assert [path for path, _ in catalog["A title"].locations] == [
        "seq2seq_lib/exercises/nb01.py",
        "notebooks/01_example.ipynb",
    ]
    assert "python-brace-format" in catalog["{count} dates"].flags


def test_a_complete_catalog_passes(course):
    write_translations(course, TRANSLATED)
    assert problems(course) == []
    text = (course / script.CATALOG).read_text(encoding="utf-8")
    assert '#: notebooks/01_example.ipynb seq2seq_lib/exercises/nb01.py\nmsgid "A title"' in text
    assert '#. cell nb01-1\n#: notebooks/01_example.ipynb\nmsgid "epoch"' in text


def test_a_message_without_translation_fails(course):
    write_translations(course, {k: v for k, v in TRANSLATED.items() if k != "epoch"})
    assert problems(course) == ["no translation: 'epoch' (notebooks/01_example.ipynb, cell nb01-1)"]


def test_a_translation_whose_fields_differ_fails(course):
    for wrong in ("{n} 个日期", "{count:d} 个日期", "个日期", "{count} 个 {count} 日期"):
        write_translations(course, {**TRANSLATED, "{count} dates": wrong})
        assert problems(course) == [f"the fields differ: '{{count}} dates' -> {wrong!r}"], wrong


def test_a_fuzzy_translation_fails(course):
    write_translations(course, TRANSLATED)
    catalog = script.read_catalog(course)
    catalog["epoch"].flags.add("fuzzy")
    script.write_catalog(catalog, course)
    assert problems(course) == ["fuzzy (review, then remove the flag): 'epoch'"]
    i18n_reading = {m.id: m.string for m in script.read_catalog(course) if m.string and not m.fuzzy}
    assert "epoch" not in i18n_reading


def test_an_obsolete_entry_fails_and_update_can_drop_it(course):
    write_translations(course, TRANSLATED)
    path = course / "notebooks" / "01_example.ipynb"
    path.write_text(notebook(*NOTEBOOK[:2], 'print(tr("three"))'), encoding="utf-8")
    assert sorted(problems(course)) == [
        "no translation: 'three' (notebooks/01_example.ipynb, cell nb01-2)",
        "obsolete, in no source any more: 'one'",
        "obsolete, in no source any more: 'two'",
    ]
    assert script.main(["--root", str(course), "update"]) == 0
    assert "obsolete entry (#~) left in the catalog: 'one'" in problems(course)
    assert script.main(["--root", str(course), "update", "--drop-obsolete"]) == 0
    assert problems(course) == ["no translation: 'three' (notebooks/01_example.ipynb, cell nb01-2)"]


def test_update_keeps_translations_and_marks_a_changed_english_fuzzy(course):
    write_translations(course, TRANSLATED)
    library = course / "seq2seq_lib" / "exercises" / "nb01.py"
    library.write_text(LIBRARY.replace("{count} dates", "{count} dates in all"), encoding="utf-8")
    assert script.main(["--root", str(course), "update", "--drop-obsolete"]) == 0
    catalog = script.read_catalog(course)
    assert catalog["{count} dates in all"].fuzzy and catalog["{count} dates in all"].string == "{count} 个日期"
    assert catalog["A title"].string == "标题" and not catalog["A title"].fuzzy
    assert problems(course) == ["fuzzy (review, then remove the flag): '{count} dates in all'"]


def test_notes_on_where_a_message_is_used_must_be_current(course):
    write_translations(course, TRANSLATED)
    path = course / "notebooks" / "01_example.ipynb"
    moved = [NOTEBOOK[0], NOTEBOOK[2], NOTEBOOK[1]]  # the figure cell is now cell 2
    path.write_text(notebook(*moved), encoding="utf-8")
    assert "where it is used is out of date (run update): 'epoch'" in problems(course)
    script.main(["--root", str(course), "update"])
    assert problems(course) == []


@pytest.mark.parametrize(
    ("call", "why"),
    [
        ('tr(f"{n} dates")', "an f-string"),
        ('tr("%d dates" % n)', "a string built with %"),
        ('tr("dates: " + str(n))', "a string built with an operator"),
        ('tr("{} dates".format(n))', "a string filled in with .format()"),
        ("tr(str(n))", "the result of a call"),
        ('tr(TEXTS["dates"])', "an item of a container"),
        ("tr(unknown)", "`unknown`, which is not bound in this module or notebook"),
        ("tr(text)", "`text`, bound from a value that cannot be followed"),
        ('label(f"{n} model")', "an f-string"),
        ('say(f"{n} dates")', "an f-string"),
    ],
)
def test_a_message_computed_at_the_call_fails(course, call, why):
    write_translations(course, TRANSLATED)
    path = course / "notebooks" / "01_example.ipynb"
    cell = f'n = 3\nTEXTS = {{"dates": "dates"}}\nfor text in make_texts():\n    pass\nprint({call})'
    path.write_text(notebook(*NOTEBOOK, cell), encoding="utf-8")
    name = call.split("(")[0]
    assert problems(course) == [f"{name}() is given {why}"]
    assert str(script.check(course)[0]).startswith("notebooks/01_example.ipynb, cell nb01-3: ")


def test_english_figure_text_without_label_fails(course):
    write_translations(course, TRANSLATED)
    path = course / "notebooks" / "01_example.ipynb"
    cells = [
        'for name, marker in zip([m for m in ("plain", "attention")], "os"):\n    ax.plot([1], label=name)',
        'ax.set_title("Loss per epoch")',
        'ax.set(xlabel="input length")',
        'ax.axhline(0.99, label="99%")\nax.bar([1], [2], label=f"{k} x e")',  # no words: nothing to translate
        'ax.text(0, 1, "a note")',
        'for text in ["Tuesday, March 5, 2024", "5 Mar 2024", "24-03-05"]:\n    ax.set_title(text)',  # dates: data
        'ax.set_title("March 5")',  # not a date the course reads: words
    ]
    path.write_text(notebook(*NOTEBOOK, *cells), encoding="utf-8")
    assert problems(course) == [
        "figure text 'plain', 'attention' is drawn without label(): the zh edition shows it in English",
        "figure text 'Loss per epoch' is drawn without label(): the zh edition shows it in English",
        "figure text 'input length' is drawn without label(): the zh edition shows it in English",
        "figure text 'a note' is drawn without label(): the zh edition shows it in English",
        "figure text 'March 5' is drawn without label(): the zh edition shows it in English",
    ]


def test_the_command_line_check_exits_1_and_names_the_problem(course, capsys):
    write_translations(course, {k: v for k, v in TRANSLATED.items() if k != "epoch"})
    assert script.main(["--root", str(course), "check"]) == 1
    assert "no translation: 'epoch'" in capsys.readouterr().out
    write_translations(course, TRANSLATED)
    assert script.main(["--root", str(course), "check"]) == 0
    assert script.main(["--root", str(course), "extract", "--output", str(course / "x.pot")]) == 0
    assert 'msgid "epoch"\nmsgstr ""' in (course / "x.pot").read_text(encoding="utf-8")


def test_printed_tables_with_chinese_text_line_up_in_both_editions():
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame({"form": ["zh_CN full", "en_US short"], "text": ["2024年3月5日星期二", "3/5/24"]})
    for language in ("en", "zh"):
        i18n.set_language(language)
        lines = table.to_string(index=False).splitlines()
        widths = {sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in line) for line in lines}
        assert len(widths) == 1, (language, lines)  # every line as wide on screen: the columns line up
    i18n.set_language("en")
