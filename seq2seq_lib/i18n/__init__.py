"""The course's one language setting: what the learner reads, in English or in Chinese.

``set_language("zh")`` at the top of a notebook of the Chinese edition switches what the
library shows a learner: exercise-check verdicts, the explorer's labels, printed sentences
and the text of figures. Code, data, printed numbers and the models do not change. English
text is the key: ``tr("Not yet")`` is the Chinese of that text when the language is ``zh``
and a translation exists, else the text itself; ``say(...)`` prints a sentence through it.

The translations are a gettext catalog, ``seq2seq_lib/locale/zh_CN/LC_MESSAGES/seq2seq_lib.po``
(read with Babel when Chinese is first asked for). ``python scripts/i18n.py`` extracts the
messages from the library and the notebooks and checks that each has its translation, so a
message must be a literal the extraction can find: ``tr("{count} dates", count=n)``, never
``tr(f"{n} dates")``; a text written in one place and translated in another is marked with
:func:`N_` where it is written.

A table's words (column names, index labels, axis names) go through :func:`tr_table` when
the table is shown: code keeps reading the table by its English names, and the learner reads
them in the edition's language. They are marked with :func:`N_` where they are written.

Figure text goes through :func:`label`, which also needs a font that can draw Chinese:
with none installed (a bare Colab runtime), figures keep their English text rather than
show empty boxes, and :func:`set_language` says so once.

Library messages (validation errors included) are translated when they are made: under
``set_language("zh")`` a notebook's ``translate(model, "23-02-29")`` explains the refusal in
Chinese, while the command line, which never sets a language, always speaks English.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

LANGUAGES = ("en", "zh")
# The catalog of each language but English (the messages' own language): its locale and file.
LOCALES = {"zh": "zh_CN"}
DOMAIN = "seq2seq_lib"
_PACKAGE = __name__.rpartition(".")[0]  # seq2seq_lib: the catalogs are in its locale/ folder
# Fonts with simplified Chinese glyphs, in order of preference: Noto/Source Han (Debian's
# fonts-noto-cjk, Binder via binder/apt.txt), WenQuanYi, then the ones macOS and Windows ship.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
)

_state = {"language": "en", "cjk_font": None}


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    # The library's one check of a choice, imported when it is used: validation's messages go
    # through tr(), so seq2seq_lib.validation imports this module, not the other way round.
    from ..validation import check_choice as check

    return check(name, value, choices)


def set_language(language: str) -> None:
    """Show the library's texts in ``"en"`` (English) or ``"zh"`` (简体中文)."""
    _check_choice("language", language, LANGUAGES)
    translations(language)  # a missing catalog or Babel fails here, at the language cell
    _state["language"] = language
    _state["cjk_font"] = _use_cjk_font() if language == "zh" else None
    _align_wide_characters()  # both editions: the English one prints Chinese dates too (notebook 11)


def get_language() -> str:
    return _state["language"]


def tr(text: str, /, **fields: object) -> str:
    """``text`` in the current language, then ``.format(**fields)`` (the fields themselves are not translated)."""
    text = translations(_state["language"]).get(text, text)
    return text.format(**fields) if fields else text


def say(text: str, /, **fields: object) -> None:
    """``print(tr(text, **fields))``: print a sentence in the current language, ``say("{count} dates", count=n)``."""
    print(tr(text, **fields))


def N_(text: str) -> str:  # noqa: N802 - gettext's name for it
    """Mark ``text`` as a message where it is written, to be translated later by :func:`tr` (gettext_noop)."""
    return text


def catalog_path(language: str) -> Traversable:
    """The gettext catalog (.po) of ``language``, shipped inside the package."""
    locale = LOCALES[_check_choice("language", language, tuple(LOCALES))]
    return resources.files(_PACKAGE).joinpath("locale", locale, "LC_MESSAGES", f"{DOMAIN}.po")


@functools.cache
def translations(language: str) -> dict[str, str]:
    """{English: translation} of ``language``'s catalog: entries translated and not marked fuzzy ({} for English)."""
    if _check_choice("language", language, LANGUAGES) == "en":
        return {}
    try:
        from babel.messages.pofile import read_po
    except ImportError:
        raise ImportError(
            "the Chinese edition reads its translations with Babel, which is not installed: pip install babel"
        ) from None
    with catalog_path(language).open("rb") as fileobj:
        catalog = read_po(fileobj, locale=LOCALES[language], domain=DOMAIN)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.string, str) and m.string and not m.fuzzy}


def tr_table(table: Any) -> Any:
    """``table`` as the learner reads it: its column names, index labels and axis names in the current language.

    ``table`` is a pandas ``DataFrame`` or ``Series``, or a dict (shown as a ``Series``, one row per
    key). The result is a copy whose text labels went through :func:`tr` (a label the catalog lacks,
    a number or a token stays as it is); the values are not touched. Code keeps reading ``table``
    by its English names: mark those names with :func:`N_` where they are written, so that the
    catalog holds them::

        rows.append({N_("decoder"): name, N_("exact match"): accuracy})
        ...
        tr_table(pd.DataFrame(rows).set_index("decoder")).round(3)
    """
    import pandas as pd

    if isinstance(table, Mapping):
        table = pd.Series(table)
    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise TypeError(f"tr_table shows a pandas DataFrame, Series or a dict, got {type(table).__name__}")
    if _state["language"] == "en":
        return table

    catalog = translations(_state["language"])

    def word(text: object) -> object:  # tr() without fields: a label is a whole message, never a template
        return catalog.get(text, text) if isinstance(text, str) else text

    shown = table.rename(index=word).rename_axis(index=[word(name) for name in table.index.names])
    if isinstance(shown, pd.DataFrame):
        shown = shown.rename(columns=word).rename_axis(columns=[word(name) for name in table.columns.names])
    else:
        shown.name = word(shown.name)
    return shown


def _align_wide_characters() -> None:
    """Let pandas count a Chinese character as two columns, so that a printed table's columns line up."""
    try:
        import pandas as pd
    except ImportError:  # no pandas, no tables
        return
    pd.set_option("display.unicode.east_asian_width", True)


def label(text: str, /, **fields: object) -> str:
    """Figure text: like :func:`tr`, but English when no installed font can draw Chinese."""
    if _state["language"] == "zh" and _state["cjk_font"] is None:
        return text.format(**fields) if fields else text
    return tr(text, **fields)


def cjk_font() -> str | None:
    """The font figures use for Chinese text, or None (English figures)."""
    return _state["cjk_font"]


def find_cjk_font() -> str | None:
    """The first of :data:`CJK_FONTS` that matplotlib can use here (fonts installed after matplotlib
    listed its fonts included); None if there is none, or no matplotlib. Changes no setting."""
    try:
        from matplotlib import font_manager
    except ImportError:  # no matplotlib, no figures
        return None
    name = _installed_cjk_font(font_manager)
    if name is None and _add_new_fonts(font_manager):
        name = _installed_cjk_font(font_manager)
    return name


def _use_cjk_font() -> str | None:
    """Put the first installed CJK font in front of matplotlib's font list; None if there is none."""
    name = find_cjk_font()
    if name:
        from matplotlib import rcParams

        rcParams["font.sans-serif"] = [name, *[f for f in rcParams["font.sans-serif"] if f != name]]
        # The CJK font first, then matplotlib's own DejaVu Sans for any glyph it lacks (matplotlib
        # falls back glyph by glyph along a list of font names, not along a generic family).
        rcParams["font.family"] = [name, "DejaVu Sans"]
        rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the Unicode minus sign
        return name
    warnings.warn(
        "no font with Chinese characters is installed, so figures keep their English text "
        "(on Debian/Ubuntu: apt-get install fonts-noto-cjk, then run set_language again)",
        stacklevel=3,
    )
    return None


def _installed_cjk_font(font_manager) -> str | None:
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _add_new_fonts(font_manager) -> bool:
    """Give matplotlib the system's fonts installed after it built its font cache; whether there were any.

    matplotlib lists the fonts once and caches the list: a font installed later (``apt-get
    install fonts-noto-cjk`` in a Colab cell) stays unknown to it until the cache is rebuilt.
    """
    known = {font.fname for font in font_manager.fontManager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
                added = True
            except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read: not a font for us
                continue
    return added


__all__ = [
    "CJK_FONTS",
    "LANGUAGES",
    "N_",
    "catalog_path",
    "cjk_font",
    "find_cjk_font",
    "get_language",
    "label",
    "say",
    "set_language",
    "tr",
    "tr_table",
    "translations",
]
