"""Widgets on a static page: each stored widget view becomes plain HTML drawn from its saved state.

A notebook saved from Jupyter keeps every widget's last state in ``metadata.widgets``; a page
showing those views live would need ipywidgets' HTML manager and require.js, scripts that
myst-nb loads from CDNs. This course's widgets are all core ones (the explorer's ``Text``,
``IntSlider``, ``HTML``, ``Label`` and boxes; tqdm's ``HTML`` + ``FloatProgress``), whose state
holds exactly what the learner saw, so they are drawn here as HTML instead: no script, and the
page shows the last state (a finished progress bar, not the "0%" that the view's text/plain
fallback was when the cell started). Inputs are drawn disabled, and a widget that takes input
gets a note that it is live in Jupyter.
"""

from __future__ import annotations

import html
from collections.abc import Callable

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
REF = "IPY_MODEL_"
# Models a learner acts on: a view that contains one is interactive in Jupyter.
INTERACTIVE = {
    "TextModel", "TextareaModel", "IntTextModel", "FloatTextModel", "IntSliderModel", "FloatSliderModel",
    "IntRangeSliderModel", "FloatRangeSliderModel", "SelectionSliderModel", "DropdownModel", "ButtonModel",
    "CheckboxModel", "ToggleButtonModel", "RadioButtonsModel", "SelectModel", "ToggleButtonsModel",
}  # fmt: skip
LAYOUT_KEYS = ("width", "min_width", "max_width", "height", "margin", "padding", "flex", "align_items",
               "justify_content", "flex_flow", "display", "border")  # fmt: skip
BAR_COLOURS = {"success": "#5cb85c", "info": "#5bc0de", "warning": "#f0ad4e", "danger": "#d9534f"}


class Snapshot:
    """Draws the views of one notebook's saved widget state."""

    def __init__(self, state: dict):
        self.state = state

    def model(self, ref: str) -> dict | None:
        entry = self.state.get(ref.removeprefix(REF))
        return entry if isinstance(entry, dict) else None

    def style_of(self, entry: dict) -> str:
        layout = self.model(entry["state"].get("layout") or "") or {"state": {}}
        parts = [f"{key.replace('_', '-')}: {layout['state'][key]}" for key in LAYOUT_KEYS if layout["state"].get(key)]
        return "; ".join(parts)

    def description(self, entry: dict) -> str:
        text = entry["state"].get("description") or ""
        if not text:
            return ""
        style = self.model(entry["state"].get("style") or "") or {"state": {}}
        width = style["state"].get("description_width") or ""
        css = f' style="display:inline-block; min-width:{html.escape(width)}"' if width else ""
        return f'<span class="widget-description"{css}>{html.escape(text)}</span> '

    def draw(self, ref: str) -> str:
        entry = self.model(ref)
        if entry is None:
            return ""
        name = entry.get("model_name", "")
        drawer: Callable[[dict], str] = DRAWERS.get(name, Snapshot.draw_unknown)
        body = drawer(self, entry)
        style = self.style_of(entry)
        return f'<div class="widget-snapshot-item" style="{html.escape(style)}">{body}</div>' if style else body

    def is_interactive(self, ref: str, seen: frozenset = frozenset()) -> bool:
        entry = self.model(ref)
        if entry is None or ref in seen:
            return False
        if entry.get("model_name") in INTERACTIVE:
            return True
        return any(self.is_interactive(child, seen | {ref}) for child in entry["state"].get("children", []))

    # -- one drawer per kind of model --------------------------------------------------------
    def draw_box(self, entry: dict, css: str) -> str:
        children = "".join(self.draw(child) for child in entry["state"].get("children", []))
        return f'<div class="widget-snapshot-box" style="display:flex; gap:0.3em; {css}">{children}</div>'

    def draw_vbox(self, entry: dict) -> str:
        return self.draw_box(entry, "flex-direction:column")

    def draw_hbox(self, entry: dict) -> str:
        return self.draw_box(entry, "flex-direction:row; flex-wrap:wrap; align-items:center")

    def draw_html(self, entry: dict) -> str:
        return f'{self.description(entry)}<div class="widget-snapshot-html">{entry["state"].get("value", "")}</div>'

    def draw_label(self, entry: dict) -> str:
        return f"<span>{html.escape(str(entry['state'].get('value', '')))}</span>"

    def draw_text(self, entry: dict) -> str:
        value = html.escape(str(entry["state"].get("value", "")))
        return f'<label>{self.description(entry)}<input type="text" value="{value}" disabled></label>'

    def draw_slider(self, entry: dict) -> str:
        s = entry["state"]
        low, high, value = s.get("min", 0), s.get("max", 100), s.get("value", 0)
        slider = f'<input type="range" min="{low}" max="{high}" value="{value}" disabled>'
        return f"<label>{self.description(entry)}{slider} <span>{html.escape(str(value))}</span></label>"

    def draw_progress(self, entry: dict) -> str:
        s = entry["state"]
        colour = BAR_COLOURS.get(s.get("bar_style") or "", "")
        css = f' style="accent-color:{colour}"' if colour else ""
        bar = f'<progress max="{s.get("max", 100)}" value="{s.get("value", 0)}"{css}></progress>'
        return self.description(entry) + bar

    def draw_output(self, entry: dict) -> str:
        parts = []
        for output in entry["state"].get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>")
            elif "text/html" in output.get("data", {}):
                parts.append("".join(output["data"]["text/html"]))
            elif "text/plain" in output.get("data", {}):
                parts.append(f"<pre>{html.escape(''.join(output['data']['text/plain']))}</pre>")
        return "".join(parts)

    def draw_button(self, entry: dict) -> str:
        return f"<button disabled>{html.escape(entry['state'].get('description', ''))}</button>"

    def draw_unknown(self, entry: dict) -> str:
        s = entry["state"]
        value = s.get("value")
        shown = f": {html.escape(str(value))}" if value is not None else ""
        return f"<span>{self.description(entry)}{html.escape(entry.get('model_name', 'widget'))}{shown}</span>"


DRAWERS: dict[str, Callable[[Snapshot, dict], str]] = {
    "VBoxModel": Snapshot.draw_vbox,
    "BoxModel": Snapshot.draw_vbox,
    "HBoxModel": Snapshot.draw_hbox,
    "HTMLModel": Snapshot.draw_html,
    "HTMLMathModel": Snapshot.draw_html,
    "LabelModel": Snapshot.draw_label,
    "TextModel": Snapshot.draw_text,
    "TextareaModel": Snapshot.draw_text,
    "IntTextModel": Snapshot.draw_text,
    "FloatTextModel": Snapshot.draw_text,
    "IntSliderModel": Snapshot.draw_slider,
    "FloatSliderModel": Snapshot.draw_slider,
    "FloatProgressModel": Snapshot.draw_progress,
    "IntProgressModel": Snapshot.draw_progress,
    "OutputModel": Snapshot.draw_output,
    "ButtonModel": Snapshot.draw_button,
}


def replace_widget_views(nb: dict, live_note: str) -> int:
    """Replace every widget view in ``nb`` (a notebook as JSON) by its drawing; drop the saved state.

    A view whose model is missing from the saved state keeps its text/plain fallback only.
    Returns the number of views replaced.
    """
    saved = nb.get("metadata", {}).pop("widgets", {}) or {}
    snapshot = Snapshot(saved.get(WIDGET_STATE, {}).get("state", {}))
    replaced = 0
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view = data.pop(WIDGET_VIEW, None)
            if view is None:
                continue
            ref = view.get("model_id", "")
            if snapshot.model(ref) is None:
                continue  # nothing saved: the text/plain fallback stays
            drawing = snapshot.draw(ref)
            if snapshot.is_interactive(ref):
                drawing += f'<p class="widget-snapshot-note">{html.escape(live_note)}</p>'
            output["data"] = {"text/html": f'<div class="widget-snapshot">{drawing}</div>'}
            replaced += 1
    return replaced
