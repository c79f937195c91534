"""Automatic checks for the exercises at the end of each notebook.

Each notebook has its own module (``seq2seq_lib.exercises.nb01`` ...) with one
``check_*`` function per exercise. A check runs the learner's answer, says in plain
words what is right or wrong *without giving the answer away*, and returns a
:class:`CheckResult` (truthy when the answer is right), so the test suite can run
every solution in ``solutions/`` through the same checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return ("Correct! " if self.passed else "Not yet: ") + self.message


def verdict(passed: bool, message: str) -> CheckResult:
    """Print the verdict for the learner and return it."""
    result = CheckResult(bool(passed), message)
    print(result)
    return result


def call_answer(function: Callable[..., Any], *args: Any, what: str = "your function") -> tuple[bool, Any]:
    """Call the learner's code; an exception becomes a plain-words verdict instead of a traceback.

    Returns ``(True, value)`` or ``(False, CheckResult)``.
    """
    if not callable(function):
        return False, verdict(False, f"{what} should be a function, got {type(function).__name__}.")
    try:
        return True, function(*args)
    except NotImplementedError:
        return False, verdict(False, f"{what} is not written yet (it raises NotImplementedError).")
    except Exception as err:  # the learner's bug, reported in words
        return False, verdict(False, f"{what} raised {type(err).__name__}: {err}")
