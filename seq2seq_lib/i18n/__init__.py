"""The course's one language setting: what the learner reads, in English or in Chinese.

``set_language("zh")`` at the top of a notebook of the Chinese edition switches what the
library shows a learner: exercise-check verdicts, the explorer's labels and the text of
figures. Code, data, printed numbers and the models do not change. English text is the
key: ``tr("Not yet")`` is the Chinese of that text when the language is ``zh`` and a
translation exists (the catalog is :mod:`seq2seq_lib.i18n.zh`; a test checks that every
text the library passes to ``tr`` has one), else the text itself.

Figure text goes through :func:`label`, which also needs a font that can draw Chinese:
with none installed (a bare Colab runtime), figures keep their English text rather than
show empty boxes, and :func:`set_language` says so once.
"""

from __future__ import annotations

import warnings

from ..validation import check_choice
from .zh import ZH

LANGUAGES = ("en", "zh")
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


def set_language(language: str) -> None:
    """Show the library's texts in ``"en"`` (English) or ``"zh"`` (简体中文)."""
    _state["language"] = check_choice("language", language, LANGUAGES)
    _state["cjk_font"] = _use_cjk_font() if language == "zh" else None


def get_language() -> str:
    return _state["language"]


def tr(text: str, **fields: object) -> str:
    """``text`` in the current language, then ``.format(**fields)`` (the fields themselves are not translated)."""
    if _state["language"] == "zh":
        text = ZH.get(text, text)
    return text.format(**fields) if fields else text


def label(text: str, **fields: object) -> str:
    """Figure text: like :func:`tr`, but English when no installed font can draw Chinese."""
    if _state["language"] == "zh" and _state["cjk_font"] is None:
        return text.format(**fields) if fields else text
    return tr(text, **fields)


def cjk_font() -> str | None:
    """The font figures use for Chinese text, or None (English figures)."""
    return _state["cjk_font"]


def _use_cjk_font() -> str | None:
    """Put the first installed CJK font in front of matplotlib's sans-serif list; None if there is none."""
    try:
        from matplotlib import font_manager, rcParams
    except ImportError:  # no matplotlib, no figures
        return None
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            rcParams["font.sans-serif"] = [name, *[f for f in rcParams["font.sans-serif"] if f != name]]
            rcParams["font.family"] = "sans-serif"
            rcParams["axes.unicode_minus"] = False  # CJK fonts often lack the Unicode minus sign
            return name
    warnings.warn(
        "no font with Chinese characters is installed, so figures keep their English text "
        "(on Debian/Ubuntu: apt-get install fonts-noto-cjk, then restart the kernel)",
        stacklevel=3,
    )
    return None


__all__ = ["CJK_FONTS", "LANGUAGES", "cjk_font", "get_language", "label", "set_language", "tr"]
