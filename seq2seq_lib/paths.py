"""Files of the course repository (figures, stored results), found from wherever a notebook runs.

A notebook may run in ``notebooks/`` (Jupyter, nbval), in ``notebooks/zh/`` (the Chinese
edition), or on Colab inside a fresh clone: a path written as ``../assets/x.png`` holds in
only one of them. :func:`repository_file` looks from the working directory upwards, then
next to the installed package (``pip install -e .`` installs it from the repository).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["repository_file"]


def repository_file(relative: str) -> Path:
    """The repository's file ``relative`` (e.g. ``"assets/attention.png"``); ``FileNotFoundError`` if absent."""
    here = Path.cwd().resolve()
    package_root = Path(__file__).resolve().parent.parent
    for folder in (here, *here.parents, package_root):
        candidate = folder / relative
        if candidate.exists() and (folder / "seq2seq_lib").is_dir():
            return candidate
    raise FileNotFoundError(
        f"{relative!r} is not in this course repository (looked from {str(here)!r} upwards and in "
        f"{str(package_root)!r}); run the notebook inside a clone of the course"
    )
