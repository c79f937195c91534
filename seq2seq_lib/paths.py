"""Files of the course repository (figures, stored results), found from wherever a notebook runs.

A notebook may run in ``notebooks/`` (Jupyter, nbval), in ``notebooks/zh/`` (the Chinese
edition), or on Colab inside a fresh clone: a path written as ``../assets/x.png`` holds in
only one of them. :func:`repository_file` looks from the working directory upwards, then
next to the installed package (``pip install -e .`` installs it from the repository).

:func:`figure` gives the diagram of the current language (``set_language``): ``assets/NAME``
in English, ``assets/zh/NAME`` in Chinese (both drawn by ``scripts/make_diagrams.py``), so
that a notebook's code cell is the same in both editions.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .i18n import get_language
from .validation import ArgumentError

__all__ = ["figure", "repository_file"]


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


def figure(name: str) -> Path:
    """The diagram ``name`` (e.g. ``"teacher_forcing.png"``) of ``assets/``, in the current language."""
    if not isinstance(name, str) or PurePosixPath(name).name != name or "\\" in name or name in ("", ".", ".."):
        raise ArgumentError(f"figure takes the file name of a diagram in assets/, e.g. 'attention.png'; got {name!r}")
    language = get_language()
    return repository_file(f"assets/{name}" if language == "en" else f"assets/{language}/{name}")
