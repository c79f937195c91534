"""Argument checks for the library's edges: constructors, ``train``, ``translate``, the CLI.

Every public entry point checks its arguments once, here, before it allocates or computes
anything, so that a bad value fails with a message that names the argument and the
problem, never with a traceback from deep inside torch. Python and NumPy integers are
treated alike; ``True``/``False`` are not accepted as numbers.

A wrong *type* raises :class:`ArgumentTypeError`, which is both a ``TypeError`` and an
:class:`ArgumentError`; a wrong *value* raises :class:`ArgumentError`, a ``ValueError``.
So ``except ValueError`` catches every refusal of a checked argument.

Messages are made in the current language (:func:`seq2seq_lib.i18n.tr`): English unless a
notebook of the Chinese edition set ``"zh"``; argument names, values and types stay as they are.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from .i18n import tr

if TYPE_CHECKING:
    import torch

# Messages never quote more than this many characters of a value: a 1 MB string passed
# by mistake should not come back as a 1 MB error message.
MAX_SHOWN = 60


class ArgumentError(ValueError):
    """An argument the library refuses; the message names it and says why."""


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (also a ``TypeError``)."""


def shorten(value: Any, limit: int = MAX_SHOWN) -> str:
    """``repr(value)``, cut to about ``limit`` characters with the full length stated."""
    text = repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, (str, bytes)):
        size = tr("{count:,} characters", count=len(value))
    else:
        size = tr("{count:,} characters as text", count=len(text))
    return f"{text[: limit - 3]}... ({size})"


def is_integer(value: object) -> bool:
    """True for Python and NumPy integers, False for bools, floats and everything else."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and not _is_numpy_bool(value)


def _is_numpy_bool(value: object) -> bool:
    return type(value).__name__ == "bool_" and type(value).__module__ == "numpy"


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return tr("between {low:,} and {high:,}", low=low, high=high)
    if low is not None:
        return tr("at least {low:,}", low=low)
    return tr("at most {high:,}", high=high)


def check_int(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as a Python ``int`` if it is an integer in ``[low, high]`` (inclusive)."""
    if not is_integer(value):
        raise ArgumentTypeError(
            tr(
                "{name} must be an integer, got {kind} {value}",
                name=name,
                kind=type(value).__name__,
                value=shorten(value),
            )
        )
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ArgumentError(
            tr("{name} must be {bounds}, got {value:,}", name=name, bounds=_bounds(low, high), value=number)
        )
    return number


def check_optional_int(name: str, value: object, low: int | None = None, high: int | None = None) -> int | None:
    """Like :func:`check_int`, but ``None`` passes through."""
    return None if value is None else check_int(name, value, low, high)


def check_float(
    name: str,
    value: object,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
) -> float:
    """Return ``value`` as a finite ``float`` in the given range (``high`` inclusive)."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or _is_numpy_bool(value):
        raise ArgumentTypeError(
            tr(
                "{name} must be a number, got {kind} {value}",
                name=name,
                kind=type(value).__name__,
                value=shorten(value),
            )
        )
    number = float(value)
    too_low = low is not None and (number < low if low_inclusive else number <= low)
    if not math.isfinite(number) or too_low or (high is not None and number > high):
        if low is not None and not low_inclusive and high is not None:
            wanted = tr("greater than {low} and at most {high}", low=low, high=high)
        elif low is not None and not low_inclusive:
            wanted = tr("greater than {low}", low=low)
        elif low is not None or high is not None:
            wanted = _bounds(low, high)
        else:
            raise ArgumentError(tr("{name} must be a finite number, got {value!r}", name=name, value=number))
        raise ArgumentError(
            tr("{name} must be a finite number {wanted}, got {value!r}", name=name, wanted=wanted, value=number)
        )
    return number


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is a bool (Python's or NumPy's)."""
    if not isinstance(value, bool) and not _is_numpy_bool(value):
        raise ArgumentTypeError(
            tr(
                "{name} must be True or False, got {kind} {value}",
                name=name,
                kind=type(value).__name__,
                value=shorten(value),
            )
        )
    return bool(value)


def check_choice(name: str, value: object, choices: Collection[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (strings)."""
    if not isinstance(value, str) or value not in choices:
        raise ArgumentError(
            tr("{name} must be one of {choices}, got {value}", name=name, choices=sorted(choices), value=shorten(value))
        )
    return value


def check_device(name: str, value: object) -> torch.device | None:
    """``None`` or a device torch can use here, as a ``torch.device``.

    Names torch does not know (``"bogus"``), devices this machine lacks (``"cuda"`` without
    a GPU) and the shape-only ``"meta"`` device are refused with one clear message.
    """
    import torch  # here, not at the top: the CLI's argument checks and tr() need no torch

    if value is None:
        return None
    if not isinstance(value, (str, torch.device)):
        raise ArgumentTypeError(
            tr("{name} must be a device name like 'cpu' or 'cuda', got {kind}", name=name, kind=type(value).__name__)
        )
    try:
        device = torch.device(value)
    except (RuntimeError, ValueError) as err:
        raise ArgumentError(
            tr(
                "{name} {value} is not a torch device ({error})",
                name=name,
                value=shorten(value),
                error=_first_line(err),
            )
        ) from None
    if device.type == "meta":
        raise ArgumentError(
            tr("{name} 'meta' holds shapes but no values: training and decoding need a real device", name=name)
        )
    try:
        torch.empty(1, device=device)
    except (RuntimeError, AssertionError, ValueError) as err:
        raise ArgumentError(
            tr(
                "{name} {device!r} is not usable on this machine ({error})",
                name=name,
                device=str(device),
                error=_first_line(err),
            )
        ) from None
    return device


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
