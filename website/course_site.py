"""A small Sphinx extension for the course's website (loaded through _config.yml's local_extensions).

It adds three buttons to the header of every page (sphinx-book-theme's ``header_buttons``):

- the language switch: a link to the same page in the other edition (the English site is at the
  root, the Chinese one under ``zh/``), shown only where that twin page exists;
- "Colab" and "Binder": the notebook behind the page, opened on Colab or launched on Binder
  (the URLs come from scripts/course_links.py through the configuration build_site.py writes).

Everything it needs is in the configuration: ``course_twin_prefix`` (how to reach the other
edition's root from this one's), ``course_twin_label`` and ``course_twin_pages`` (the pages the
other edition has), ``course_launch`` ({page: {"colab": url, "binder": url}}).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def twin_url(pagename: str, prefix: str) -> str:
    """The other edition's copy of ``pagename``, relative to this page (``03_x`` -> ``zh/03_x.html``)."""
    depth = pagename.count("/")
    return "../" * depth + prefix + pagename + ".html"


def add_course_buttons(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    config = app.config
    buttons = context.get("header_buttons")
    if buttons is None:  # not a page of sphinx-book-theme (e.g. another builder)
        return
    ours = []
    if pagename in config.course_twin_pages:
        ours.append(
            {
                "type": "link",
                "url": twin_url(pagename, config.course_twin_prefix),
                "text": config.course_twin_label,
                "tooltip": config.course_twin_tooltip,
                "icon": "fas fa-language",
                "label": "language-switch",
            }
        )
    launch = config.course_launch.get(pagename)
    if launch:
        for kind, text, icon in (("colab", "Colab", "fas fa-rocket"), ("binder", "Binder", "fas fa-play")):
            ours.append(
                {
                    "type": "link",
                    "url": launch[kind],
                    "text": text,
                    "tooltip": config.course_launch_tooltips[kind],
                    "icon": icon,
                    "label": f"launch-{kind}",
                }
            )
    buttons[:0] = ours


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("course_twin_prefix", "", "html")
    app.add_config_value("course_twin_label", "", "html")
    app.add_config_value("course_twin_tooltip", "", "html")
    app.add_config_value("course_twin_pages", [], "html")
    app.add_config_value("course_launch", {}, "html")
    app.add_config_value("course_launch_tooltips", {"colab": "", "binder": ""}, "html")
    # After sphinx-book-theme has filled in its own buttons (priority 501).
    app.connect("html-page-context", add_course_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
