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

from collections.abc import Callable
from typing import Any

from .engine import ALL_EXERCISES, Case, CheckResult, Diagnosis, Exercise, fail

__all__ = ["ALL_EXERCISES", "Case", "CheckResult", "Diagnosis", "Exercise", "fail"]


# -- legacy helpers of the checks not yet declared as Exercises (removed once all are) ---------
def verdict(passed: bool, message: str) -> CheckResult:
    """Print the verdict for the learner and return it."""
    result = CheckResult(bool(passed), message)
    print(result)
    return result


def call_answer(function: Callable[..., Any], *args: Any, what: str = "your function") -> tuple[bool, Any]:
    if not callable(function):
        return False, verdict(False, f"{what} should be a function, got {type(function).__name__}.")
    try:
        return True, function(*args)
    except NotImplementedError:
        return False, verdict(False, f"{what} is not written yet (it raises NotImplementedError).")
    except Exception as err:  # the learner's bug, reported in words
        return False, verdict(False, f"{what} raised {type(err).__name__}: {err}")
