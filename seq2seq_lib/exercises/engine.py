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

Whatever the learner's code does, a check comes back with a verdict:

- each call has a time limit (``Exercise.time_limit``, default :data:`DEFAULT_TIME_LIMIT`
  seconds; see :mod:`.deadline` for how it is enforced where): a function that does not
  return in time (a loop that never ends, a wait) gets a verdict naming the case, and the
  exercise's own hint (``slow_hint``) when it has one;
- everything the call raises is caught, ``SystemExit`` and ``KeyboardInterrupt`` included,
  so the notebook's interrupt button ends in a verdict, not a traceback;
- what it returns is examined under the same guard: a result whose ``repr``, ``==`` or
  ``bool`` raises (or never finishes) is a wrong answer, said in words;
- what a check is given after the learner's function (nb03's model), when the check cannot
  use it, is named in the verdict.
"""

from __future__ import annotations

import copy
import html
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import tr
from ..runtime import torch_threads
from ..validation import ArgumentError, shorten
from .deadline import Deadline, TimeUp

# Every exercise ever declared, so that tests can check each one's texts (translations included).
ALL_EXERCISES: list[Exercise] = []

# Seconds each call of the learner's function may take. The course's solutions take at most
# 0.4 s per case on a 2-core laptop-class CPU under load, so a right answer is never cut short.
DEFAULT_TIME_LIMIT = 10.0

# The engine's own verdicts (tests/test_exercises.py checks each has a Chinese translation).
NOT_A_FUNCTION = "{what} should be a function, got {kind}."
NOT_WRITTEN = "{what} is not written yet (it raises NotImplementedError)."
RAISED = "{what} raised {error}"
EXITED = "{what} called exit() ({error}): a function should return its result, not end the program."
TOO_SLOW = "{label} did not return within {seconds} s: look for a loop that never ends, or a wait."
INTERRUPTED_ON = "{label} was interrupted before it returned."
INTERRUPTED = "The check was interrupted before it finished: run the cell again when you are ready."
WRONG_TYPE = "{label} returned a {kind}; {hint}"
RIGHT_TYPE = "return the right type."
NOT_EXAMINED = "{label} returned a {kind} that the check could not examine ({error})."
NOT_EXAMINED_IN_TIME = "{label} returned a {kind} that the check could not examine within {seconds} s."
EXTRA_ARGUMENTS = "{check} was given arguments it does not take after your function: {given}."
UNUSABLE_ARGUMENTS = "{check} could not use {given}: {error}."
SLOW_ARGUMENTS = "{check} could not prepare its cases from {given} within {seconds} s."
REPR_RAISED = "a {kind} whose repr() raised {error}"
ENGINE_TEXTS = (
    "Correct! {message}",
    "Not yet: {message}",
    NOT_A_FUNCTION,
    NOT_WRITTEN,
    RAISED,
    EXITED,
    TOO_SLOW,
    INTERRUPTED_ON,
    INTERRUPTED,
    WRONG_TYPE,
    RIGHT_TYPE,
    NOT_EXAMINED,
    NOT_EXAMINED_IN_TIME,
    EXTRA_ARGUMENTS,
    UNUSABLE_ARGUMENTS,
    SLOW_ARGUMENTS,
    REPR_RAISED,
)


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
        time_limit: seconds each call may take (None: :data:`DEFAULT_TIME_LIMIT`).
        slow_hint: said after the verdict of a call that ran out of time: the likely
            mistake of this exercise that never returns (field ``{label}``).
    """

    name: str
    cases: Callable[..., Sequence[Case]]
    returns: type | tuple[type, ...] | None = None
    same: Callable[[Any, Any], bool] = lambda got, expected: got == expected
    diagnoses: tuple[Diagnosis, ...] = ()
    otherwise: str = "{label} gives {got}, which is not right."
    success: str = "{name} is right on all {count} cases tried."
    returns_hint: str = ""
    time_limit: float | None = None
    slow_hint: str = ""
    messages: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        texts = (self.otherwise, self.success, *(d.message for d in self.diagnoses))
        hints = tuple(hint for hint in (self.returns_hint, self.slow_hint) if hint)
        object.__setattr__(self, "messages", texts + hints)
        ALL_EXERCISES.append(self)

    @property
    def __name__(self) -> str:  # noqa: A003 - read like a function's name: check_<the learner's function>
        return f"check_{self.name}"

    def __call__(self, answer: Callable[..., Any], *context: Any) -> CheckResult:
        return self.check(answer, *context)

    @property
    def seconds(self) -> float:
        """The time limit of each call, in seconds."""
        return DEFAULT_TIME_LIMIT if self.time_limit is None else self.time_limit

    def check(self, answer: Callable[..., Any], *context: Any) -> CheckResult:
        """Run ``answer`` on every case (built from ``context``); the first wrong one is explained."""
        if not callable(answer):
            return fail(NOT_A_FUNCTION, what=self.name, kind=_kind(answer))
        try:
            # One torch thread, as train() uses: for tensors this small a second thread only waits, and
            # on a shared machine (Binder, a busy laptop) it made a check that trains a few steps 30x slower.
            with torch_threads(1):
                return self._run(answer, context)
        except KeyboardInterrupt:  # the interrupt button, outside the learner's own code
            return fail(INTERRUPTED)

    def _run(self, answer: Callable[..., Any], context: tuple) -> CheckResult:
        cases = self._cases(context)
        if isinstance(cases, CheckResult):
            return cases
        for case in cases:
            ok, got = call_answer(answer, case, self.name, time_limit=self.seconds, slow_hint=self.slow_hint)
            if not ok:
                return got
            verdict = self._judge(got, case)
            if verdict is not None:
                return verdict
        return CheckResult(True, tr(self.success, name=self.name, count=len(cases)))

    def _cases(self, context: tuple) -> list[Case] | CheckResult:
        """The cases, or the verdict that says why ``context`` (what the learner passed) cannot be used."""
        if not context:  # only the check's own code runs: its errors are bugs, for the tests to see
            return list(self.cases())
        check, given = self.__name__, _describe_context(context)
        try:
            inspect.signature(self.cases).bind(*context)
        except TypeError:
            return fail(EXTRA_ARGUMENTS, check=check, given=given)
        except ValueError:  # no signature to read (a builtin): let the call say
            pass
        deadline = Deadline(self.seconds)
        try:
            with deadline:
                cases = list(self.cases(*context))
        except TimeUp:
            return fail(SLOW_ARGUMENTS, check=check, given=given, seconds=f"{self.seconds:g}")
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # the learner's object made the check's own code fail
            error = str(err) if isinstance(err, ArgumentError) else _error_text(err)  # a refusal names the problem
            return fail(UNUSABLE_ARGUMENTS, check=check, given=given, error=error)
        if deadline.expired:
            return fail(SLOW_ARGUMENTS, check=check, given=given, seconds=f"{self.seconds:g}")
        return cases

    def _judge(self, got: Any, case: Case) -> CheckResult | None:
        """:meth:`problem`, guarded: a result whose ``repr``, ``==`` or ``bool`` fails or hangs is said so."""
        deadline = Deadline(self.seconds)
        try:
            with deadline:
                verdict = self.problem(got, case)
        except TimeUp:
            deadline.expired = True
        except KeyboardInterrupt:
            raise
        except BaseException as err:
            return fail(NOT_EXAMINED, label=case.label, kind=_kind(got), error=_error_text(err))
        if deadline.expired:
            return fail(NOT_EXAMINED_IN_TIME, label=case.label, kind=_kind(got), seconds=f"{self.seconds:g}")
        return verdict

    def problem(self, got: Any, case: Case) -> CheckResult | None:
        """None if ``got`` is right for ``case``, else the verdict that explains what is wrong."""
        if self.returns is not None and (not isinstance(got, self.returns) or _is_bool_for_int(got, self.returns)):
            hint = tr(self.returns_hint or RIGHT_TYPE)
            return fail(WRONG_TYPE, label=case.label, kind=_kind(got), hint=hint)
        if _holds(self.same, got, case.expected):
            return None
        fields = {"label": case.label, "got": _describe(got, 80)}
        for diagnosis in self.diagnoses:
            if _holds(diagnosis.applies, got, case.expected):  # one that cannot judge this answer does not apply
                return fail(diagnosis.message, **fields)
        return fail(self.otherwise, **fields)


def _holds(test: Callable[[Any, Any], bool], got: Any, expected: Any) -> bool:
    """``bool(test(got, expected))``; False when the learner's result makes it raise (``==``, ``bool``, ...)."""
    try:
        return bool(test(got, expected))
    except (TimeUp, KeyboardInterrupt):
        raise
    except BaseException:
        return False


def _is_bool_for_int(got: Any, returns: type | tuple[type, ...]) -> bool:
    wanted = returns if isinstance(returns, tuple) else (returns,)
    return isinstance(got, bool) and bool not in wanted


def _kind(value: Any) -> str:
    """The name of ``value``'s type (never raises)."""
    try:
        return str(type(value).__name__)
    except Exception:  # a metaclass with a __name__ that raises
        return "object"


def _describe(value: Any, limit: int) -> str:
    """``repr(value)``, shortened; for a value whose ``repr`` raises, says so instead."""
    try:
        return shorten(value, limit)
    except (TimeUp, KeyboardInterrupt):
        raise
    except BaseException as err:
        return tr(REPR_RAISED, kind=_kind(value), error=_kind(err))


def _describe_context(values: tuple) -> str:
    """What the learner passed after the function, for a verdict; type names if a ``repr`` never finishes."""
    deadline = Deadline(1.0)
    try:
        with deadline:
            text = ", ".join(_describe(value, 60) for value in values)
    except TimeUp:
        deadline.expired = True
    if deadline.expired:
        return ", ".join(_kind(value) for value in values)
    return text


def _error_text(err: BaseException) -> str:
    """``"Type: message"`` of an exception, shortened; the message is read under a short time limit."""
    name = _kind(err)
    deadline = Deadline(1.0)
    try:
        with deadline:
            message = str(err)
    except KeyboardInterrupt:
        raise
    except TimeUp:
        if not deadline.expired:  # another limit's: not ours to swallow
            raise
        message = ""  # a message that never finishes: the exception's type alone
    except BaseException:
        message = ""
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{name}: {message}" if message else name


def fail(template: str, **fields: Any) -> CheckResult:
    return CheckResult(False, tr(template, **fields))


def call_answer(
    answer: Callable[..., Any], case: Case, name: str, time_limit: float | None = None, slow_hint: str = ""
) -> tuple[bool, Any]:
    """Call the learner's code on a copy of the case's arguments: ``(True, result)`` or ``(False, verdict)``.

    The call may take ``time_limit`` seconds (None: :data:`DEFAULT_TIME_LIMIT`); whatever it
    raises, ``SystemExit`` and ``KeyboardInterrupt`` included, becomes a verdict.
    """
    seconds = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    late = {"label": case.label, "seconds": f"{seconds:g}"}
    deadline = Deadline(seconds)
    try:
        with deadline:
            result = answer(*copy.deepcopy(case.args))
    except TimeUp:
        return False, _too_slow(late, slow_hint)
    except NotImplementedError:
        return False, fail(NOT_WRITTEN, what=name)
    except SystemExit as err:
        return False, fail(EXITED, what=case.label, error=_error_text(err))
    except KeyboardInterrupt:
        return False, fail(INTERRUPTED_ON, label=case.label)
    except BaseException as err:  # the learner's bug, reported in words, not as a traceback
        return False, fail(RAISED, what=case.label, error=_error_text(err))
    if deadline.expired:  # it caught the time limit's exception and returned late
        return False, _too_slow(late, slow_hint)
    return True, result


def _too_slow(fields: dict[str, str], slow_hint: str) -> CheckResult:
    message = tr(TOO_SLOW, **fields)
    if slow_hint:
        message += " " + tr(slow_hint, label=fields["label"])
    return CheckResult(False, message)


__all__ = [
    "ALL_EXERCISES",
    "DEFAULT_TIME_LIMIT",
    "ENGINE_TEXTS",
    "Case",
    "CheckResult",
    "Diagnosis",
    "Exercise",
    "call_answer",
    "fail",
]
