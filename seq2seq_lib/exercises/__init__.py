"""Automatic checks for the exercises at the end of each notebook.

Each notebook has its own module (``seq2seq_lib.exercises.nb01`` ...) that declares its
exercises as data (:class:`~.engine.Exercise`: cases, the expected type, common mistakes
and what to say about them), run by one small engine (:mod:`.engine`). A check calls the
learner's function, says in plain words what is right or wrong *without giving the answer
away*, and returns a :class:`CheckResult` (truthy when the answer is right) that shows
itself as the cell's result; the test suite runs every solution in ``solutions/`` through
the same checks.
"""

from __future__ import annotations

from .engine import ALL_EXERCISES, Case, CheckResult, Diagnosis, Exercise, fail

__all__ = ["ALL_EXERCISES", "Case", "CheckResult", "Diagnosis", "Exercise", "fail"]
