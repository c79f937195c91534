"""Execute the course notebooks in place, top to bottom, each in a fresh kernel.

This is how the stored outputs that nbval compares are produced:

    python scripts/run_notebooks.py                 # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/03_lstm_seq2seq.ipynb

Each notebook runs with its own folder as the working directory, in the
``python3`` kernel of this environment, and is written back with its outputs. The
run fails on the first cell that raises.

A notebook of the Chinese edition (``set_language("zh")``) draws its figures in Chinese only
with a font that has Chinese glyphs. Without one the run stops before executing anything,
naming the fix, and a notebook whose outputs carry the library's "no font" warning or a
glyph missing from the fonts is never written back.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHINESE_CELL = re.compile(r"""set_language\(["']zh["']\)""")
# What a figure drawn without Chinese glyphs leaves in a cell's outputs.
FONT_TROUBLE = re.compile(r"no font with Chinese characters is installed|Glyph \d+ .* missing from font")
NO_FONT = (
    "{names}: the Chinese edition draws its figures in Chinese, and no font with Chinese characters is "
    "installed here (matplotlib finds none of seq2seq_lib.i18n.CJK_FONTS), so nothing was run. Install "
    "one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; macOS and Windows ship one), then run again."
)


class FontError(RuntimeError):
    """A Chinese notebook that would be stored with English figures or empty boxes."""


def is_chinese(path: Path) -> bool:
    """Whether the notebook sets the language to Chinese (the zh edition's language cell)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return any(c["cell_type"] == "code" and CHINESE_CELL.search("".join(c["source"])) for c in cells)


def refuse_without_a_cjk_font(paths: list[Path]) -> None:
    """Raise FontError, before anything runs, if a Chinese notebook is asked for and no CJK font is installed."""
    chinese = [p for p in paths if is_chinese(p)]
    if not chinese:
        return
    from seq2seq_lib.i18n import find_cjk_font

    if find_cjk_font() is None:
        raise FontError(NO_FONT.format(names=", ".join(str(p) for p in chinese)))


def font_trouble(notebook: dict) -> list[str]:
    """The ids of the cells whose outputs say a figure was drawn without the glyphs it needed."""
    found = []
    for cell in notebook["cells"]:
        outputs = json.dumps(cell.get("outputs", []), ensure_ascii=False)
        if FONT_TROUBLE.search(outputs):
            found.append(cell.get("id", "?"))
    return found


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs into one, as Jupyter shows them.

    The kernel sends a cell's prints in as many messages as its buffer flushes, which vary
    from run to run; joined, an unchanged notebook comes back byte for byte.
    """
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if output.output_type == "stream" and previous is not None and previous.output_type == "stream":
            if previous.name == output.name:
                previous.text += output.text
                continue
        joined.append(output)
    return joined


def run_notebook(path: Path, timeout: int = 600) -> float:
    notebook = nbformat.read(path, as_version=4)
    # nbclient writes the widget state of this run, when there is one, and otherwise keeps the
    # old: drop it, so that no state of widgets the notebook no longer makes stays behind.
    notebook.metadata.pop("widgets", None)
    started = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    trouble = font_trouble(notebook)
    if trouble:
        raise FontError(f"{path}: cells {', '.join(trouble)} drew text without the glyphs it needs; not written")
    # The metadata JupyterLab itself writes (the kernel's language_info, which nbclient stored,
    # and this kernelspec): anything else makes JupyterLab mark the notebook unsaved on open.
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(notebook, path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all, both editions)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    editions = (ROOT / "notebooks", ROOT / "notebooks" / "zh")
    paths = args.notebooks or [p for folder in editions for p in sorted(folder.glob("[0-9]*.ipynb"))]
    try:
        refuse_without_a_cjk_font(paths)
        for path in paths:
            print(f"running {path} ...", flush=True)
            print(f"  done in {run_notebook(path.resolve(), args.timeout):.1f} s", flush=True)
    except FontError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
