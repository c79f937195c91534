"""The tasks the course trains on, each on the shared :class:`~seq2seq_lib.tasks.base.SequenceDataset`.

- :mod:`~seq2seq_lib.tasks.dates`: the article's date translation (``24-03-05`` -> ``05/Mar/2024``);
- :mod:`~seq2seq_lib.tasks.copy`: copy or reverse random digit strings of a chosen length
  (notebook 07, where input length matters);
- :mod:`~seq2seq_lib.tasks.human_dates`: dates as people write them, in English and Chinese
  (``Tuesday, March 5, 2024``, ``2024年3月5日``, ...), to ISO ``2024-03-05`` (notebook 11).
  Imported on its own (``from seq2seq_lib.tasks.human_dates import HumanDateDataset``): it
  loads Babel's CLDR data, which the other tasks do not need.

The core (models, training, decoding, checkpoints) knows only token ids and vocabularies.
Tools that read what a learner types (the decoding explorer) ask :func:`task_input` for the
task of a model: a task is known by its vocabulary, which every model trained on it carries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..vocab import Vocabulary
from .base import SequenceDataset


@dataclass(frozen=True)
class TaskInput:
    """How a person types an input of a task: what a tool that reads one needs to know.

    Attributes:
        vocabulary: the task's vocabulary (a model of the task has it: that is how the task is found).
        check: validates a text; returns the source the model reads (the text itself, or the text
            normalized), or raises ``ValueError``/``TypeError`` naming the problem.
        example: an input to show first, and as the input box's placeholder.
        label: the input box's name, in English (tools show it through :func:`seq2seq_lib.i18n.tr`).
    """

    vocabulary: Callable[[], Vocabulary]
    check: Callable[[object], str]
    example: str
    label: str


# Modules that declare an ``INPUT``, tried in this order: the human dates last, since importing
# them loads Babel (and a runtime without Babel can still explore the other tasks' models).
_INPUT_MODULES = ("dates", "human_dates")


def task_input(vocab: Vocabulary) -> TaskInput | None:
    """The input of the task whose vocabulary is ``vocab``, or None for a vocabulary of no known task."""
    for name in _INPUT_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ImportError:  # the human dates without Babel: then no model can be of that task
            continue
        if module.INPUT.vocabulary() == vocab:
            return module.INPUT
    return None


__all__ = ["SequenceDataset", "TaskInput", "task_input"]
