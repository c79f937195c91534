"""The one small engine every exercise check runs on.

An exercise is data, not a tree of ``if``s: the cases to try (arguments, the reference
answer, and how to name the case to the learner), the type the answer must return, how
to compare, and *diagnoses*: common mistakes, each a test on (what the learner got, the
reference) and the sentence that explains it. The engine calls the learner's function on
each case (on copies of the arguments, so an answer cannot spoil the next case; on one torch
thread, restored afterwards), turns an exception into words, and returns a
:class:`CheckResult` that displays itself in a notebook as the cell's result.

A verdict never shows the reference answer: it shows what the learner's code did, which
case it did it on, and what to look at. Every template goes through
:func:`seq2seq_lib.i18n.tr`, so the checks speak Chinese in the Chinese edition.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import tr
from ..runtime import torch_threads
from ..validation import shorten

# Every exercise ever declared, so that tests can check each one's texts (translations included).
ALL_EXERCISES: list[Exercise] = []


@dataclass(frozen=True)
class CheckResult:
    """A check's verdict: truthy when the answer is right; shows itself as the cell's result."""

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return tr("Correct! {message}" if self.passed else "Not yet: {message}", message=self.message)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour, border = ("#e6f4ea", "#34a853") if self.passed else ("#fef7e0", "#f9ab00")
        return (
            f'<div style="background:{colour};border-left:4px solid {border};padding:6px 10px">'
            f"{html.escape(str(self))}</div>"
        )


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments, the reference result, and its name in messages."""

    args: tuple
    expected: Any
    label: str


@dataclass(frozen=True)
class Diagnosis:
    """A common mistake: ``applies(got, expected)`` recognises it; ``message`` explains it.

    ``message`` is an English template with the fields ``{label}`` (the case) and ``{got}``
    (what the learner's code returned, shortened).
    """

    applies: Callable[[Any, Any], bool]
    message: str


@dataclass(frozen=True)
class Exercise:
    """A check, declared as data; call :meth:`check` (or the exercise itself) with the learner's function.

    Args:
        name: the function the learner writes (used in messages).
        cases: builds the cases to try, lazily, from whatever the check is given besides the
            answer (e.g. the learner's trained model); some need a model or random data.
        returns: the type(s) a result must have (``bool`` never passes for ``int``).
        same: whether a result equals the reference (default ``==``).
        diagnoses: common mistakes, tried in order when a result is wrong.
        otherwise: the message for a wrong result no diagnosis recognises.
        success: the message when every case is right (fields ``{name}``, ``{count}``).
        returns_hint: what to return, in words, when the type is wrong.
    """

    name: str
    cases: Callable[..., Sequence[Case]]
    returns: type | tuple[type, ...] | None = None
    same: Callable[[Any, Any], bool] = lambda got, expected: got == expected
    diagnoses: tuple[Diagnosis, ...] = ()
    otherwise: str = "{label} gives {got}, which is not right."
    success: str = "{name} is right on all {count} cases tried."
    returns_hint: str = ""
    messages: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        texts = (self.otherwise, self.success, *(d.message for d in self.diagnoses))
        object.__setattr__(self, "messages", texts + ((self.returns_hint,) if self.returns_hint else ()))
        ALL_EXERCISES.append(self)

    @property
    def __name__(self) -> str:  # noqa: A003 - read like a function's name: check_<the learner's function>
        return f"check_{self.name}"

    def __call__(self, answer: Callable[..., Any], *context: Any) -> CheckResult:
        return self.check(answer, *context)

    def check(self, answer: Callable[..., Any], *context: Any) -> CheckResult:
        """Run ``answer`` on every case (built from ``context``); the first wrong one is explained."""
        if not callable(answer):
            return fail("{what} should be a function, got {kind}.", what=self.name, kind=type(answer).__name__)
        # One torch thread, as train() uses: for tensors this small a second thread only waits, and
        # on a shared machine (Binder, a busy laptop) it made a check that trains a few steps 30x slower.
        with torch_threads(1):
            cases = list(self.cases(*context))
            for case in cases:
                ok, got = call_answer(answer, case, self.name)
                if not ok:
                    return got
                problem = self.problem(got, case)
                if problem is not None:
                    return problem
        return CheckResult(True, tr(self.success, name=self.name, count=len(cases)))

    def problem(self, got: Any, case: Case) -> CheckResult | None:
        """None if ``got`` is right for ``case``, else the verdict that explains what is wrong."""
        fields = {"label": case.label, "got": shorten(got, 80)}
        if self.returns is not None and (not isinstance(got, self.returns) or _is_bool_for_int(got, self.returns)):
            kind = type(got).__name__
            hint = tr(self.returns_hint or "return the right type.")
            return fail("{label} returned a {kind}; {hint}", kind=kind, hint=hint, **fields)
        if self.same(got, case.expected):
            return None
        for diagnosis in self.diagnoses:
            try:
                applies = diagnosis.applies(got, case.expected)
            except Exception:  # a diagnosis that cannot judge this answer does not apply
                applies = False
            if applies:
                return fail(diagnosis.message, **fields)
        return fail(self.otherwise, **fields)


def _is_bool_for_int(got: Any, returns: type | tuple[type, ...]) -> bool:
    wanted = returns if isinstance(returns, tuple) else (returns,)
    return isinstance(got, bool) and bool not in wanted


def fail(template: str, **fields: Any) -> CheckResult:
    return CheckResult(False, tr(template, **fields))


def call_answer(answer: Callable[..., Any], case: Case, name: str) -> tuple[bool, Any]:
    """Call the learner's code on a copy of the case's arguments: ``(True, result)`` or ``(False, verdict)``."""
    try:
        return True, answer(*copy.deepcopy(case.args))
    except NotImplementedError:
        return False, fail("{what} is not written yet (it raises NotImplementedError).", what=name)
    except Exception as err:  # the learner's bug, reported in words, not as a traceback
        return False, fail("{what} raised {error}", what=case.label, error=f"{type(err).__name__}: {err}")


__all__ = ["ALL_EXERCISES", "Case", "CheckResult", "Diagnosis", "Exercise", "call_answer", "fail"]
