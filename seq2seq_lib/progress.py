"""The epoch progress display of ``train``, which ends complete when training stops early.

Where it shows, and why:

- in a notebook (a Jupyter kernel: JupyterLab, Colab, VS Code, nbclient, nbval): one output,
  updated in place through an IPython display handle (``display(..., display_id=True)``,
  then ``update``). Each update replaces the output's ``text/html`` (a ``<progress>`` bar
  and a line of text) and its ``text/plain`` (the same line, with a bar of characters), so a
  saved notebook holds the *final* state. JupyterLab shows it before the notebook is trusted,
  GitHub and a static site render it, and no widget state has to be saved. (tqdm's notebook
  widget stores a text fallback of its *first* state, ``epochs: 0%| | 0/20``, which is what
  an untrusted notebook showed next to "3 epochs in 1.7 s", and paints a bar closed before
  its total red, as if training had failed.)
- in a terminal (``stderr`` is a TTY): tqdm's text bar on ``stderr``;
- anywhere else (a log file, a pipe, CI): nothing; the table ``train`` returns has every number.

Training that stops because it reached its target accuracy has succeeded: the bar ends full,
and the line says that it stopped early and after how many of the allowed epochs.
"""

from __future__ import annotations

import html
import sys
import time
from typing import Any

from .i18n import tr

# How a run ended (``close(outcome)``); a display still "running" was never closed.
RUNNING, FINISHED, TARGET_REACHED, INTERRUPTED = "running", "finished", "target reached", "interrupted"
EPOCHS = "epoch"  # "epoch 3/20": the third of twenty
STOPPED_EARLY = "target reached, stopped early"
INTERRUPTED_TEXT = "interrupted"
LOSS, EXACT_MATCH = "loss", "exact_match"  # the numbers train() shows, by their names in its history table
UI_STRINGS = (EPOCHS, STOPPED_EARLY, INTERRUPTED_TEXT, LOSS, EXACT_MATCH)
BAR_WIDTH = 20  # characters of the text bar


class EpochState:
    """What every rendering shows: epochs done of ``total``, the last numbers, the time, the outcome."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.numbers: dict[str, float] = {}
        self.outcome = RUNNING
        self.started = time.perf_counter()
        self.elapsed = 0.0

    @property
    def complete(self) -> bool:
        """The bar is full: every epoch ran, or training stopped early at its target."""
        return self.outcome in (FINISHED, TARGET_REACHED) or self.done >= self.total

    @property
    def fraction(self) -> float:
        return 1.0 if self.complete else self.done / self.total

    def advance(self, numbers: dict[str, float]) -> None:
        self.done += 1
        self.numbers = dict(numbers)
        self.elapsed = time.perf_counter() - self.started

    def finish(self, outcome: str) -> None:
        self.outcome = outcome
        self.elapsed = time.perf_counter() - self.started

    def details(self) -> str:
        """``"target reached, stopped early · loss=0.412, exact_match=0.995 · 1.7 s"`` (parts as they apply)."""
        parts = []
        if self.outcome == TARGET_REACHED and self.done < self.total:
            parts.append(tr(STOPPED_EARLY))
        elif self.outcome == INTERRUPTED:
            parts.append(tr(INTERRUPTED_TEXT))
        if self.numbers:
            numbers = [tr("{name}={value:.3f}", name=_shown(name), value=v) for name, v in self.numbers.items()]
            parts.append(tr(", ").join(numbers))
        parts.append(tr("{seconds:.1f} s", seconds=self.elapsed))
        return " · ".join(parts)


def _shown(name: str) -> str:
    """A number's name on the display: the history table's name, in the learner's language."""
    if name == LOSS:
        return tr(LOSS)
    if name == EXACT_MATCH:
        return tr(EXACT_MATCH)
    return name


class NotebookBar:
    """The notebook display: an object whose reprs are the current state, updated through its handle."""

    def __init__(self, total: int):
        from IPython.display import display

        self.state = EpochState(total)
        self.handle = display(self, display_id=True)

    def __repr__(self) -> str:  # text/plain: what an untrusted notebook, a terminal view or a diff shows
        state = self.state
        filled = round(state.fraction * BAR_WIDTH)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        return f"{tr(EPOCHS)} {state.done}/{state.total} |{bar}| {state.details()}"

    def _repr_html_(self) -> str:
        state = self.state
        value, maximum = (1, 1) if state.complete else (state.done, state.total)
        return (
            '<div style="font-family:monospace;white-space:nowrap">'
            f"{html.escape(tr(EPOCHS))} {state.done}/{state.total} "
            f'<progress value="{value}" max="{maximum}" style="width:12em;vertical-align:middle"></progress> '
            f"{html.escape(state.details())}</div>"
        )

    def advance(self, numbers: dict[str, float]) -> None:
        self.state.advance(numbers)
        self.handle.update(self)

    def close(self, outcome: str) -> None:
        self.state.finish(outcome)
        self.handle.update(self)


class TerminalBar:
    """tqdm's text bar on stderr; an early stop at the target ends it full."""

    def __init__(self, total: int):
        from tqdm import tqdm

        self.state = EpochState(total)
        self.bar = tqdm(total=total, desc=tr(EPOCHS), unit="epoch", file=sys.stderr, leave=True)

    def advance(self, numbers: dict[str, float]) -> None:
        self.state.advance(numbers)
        self.bar.set_postfix({name: f"{value:.3f}" for name, value in numbers.items()}, refresh=False)
        self.bar.update(1)

    def close(self, outcome: str) -> None:
        self.state.finish(outcome)
        if outcome == TARGET_REACHED:
            self.bar.total = self.bar.n  # full: it stopped because it succeeded
            self.bar.set_postfix_str(self.state.details(), refresh=True)
        self.bar.close()


class NoBar:
    """Nothing shown (not a notebook, not a terminal, or ``progress=False``)."""

    def advance(self, numbers: dict[str, float]) -> None:
        pass

    def close(self, outcome: str) -> None:
        pass


def in_notebook() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Colab, VS Code, nbclient), where displays can update."""
    shell = _ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _ipython() -> Any:
    if "IPython" not in sys.modules:  # not imported: not running under IPython
        return None
    from IPython import get_ipython

    return get_ipython()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


def epoch_progress(total: int, enabled: bool) -> NotebookBar | TerminalBar | NoBar:
    """The display for ``total`` epochs where the learner is (see the module docstring)."""
    if not enabled:
        return NoBar()
    if in_notebook():
        return NotebookBar(total)
    if _stderr_is_terminal():
        return TerminalBar(total)
    return NoBar()


__all__ = ["FINISHED", "INTERRUPTED", "TARGET_REACHED", "UI_STRINGS", "NotebookBar", "epoch_progress", "in_notebook"]
