"""Execute the course notebooks in place, top to bottom, each in a fresh kernel.

This is how the stored outputs that nbval compares are produced:

    python scripts/run_notebooks.py                 # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/03_lstm_seq2seq.ipynb

Each notebook runs with its own folder as the working directory, in the
``python3`` kernel of this environment, and is written back with its outputs. The
run fails on the first cell that raises.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


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
    # The metadata JupyterLab itself writes (the kernel's language_info, which nbclient stored,
    # and this kernelspec): anything else makes JupyterLab mark the notebook unsaved on open.
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(notebook, path)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all, both editions)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args()
    editions = (ROOT / "notebooks", ROOT / "notebooks" / "zh")
    paths = args.notebooks or [p for folder in editions for p in sorted(folder.glob("[0-9]*.ipynb"))]
    for path in paths:
        print(f"running {path} ...", flush=True)
        print(f"  done in {run_notebook(path.resolve(), args.timeout):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
