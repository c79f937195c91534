"""A time limit on a learner's code: ``with Deadline(10) as deadline: answer(...)``.

When the time is up, :class:`TimeUp` is raised wherever the code then is. It derives from
``BaseException``, so an ``except Exception:`` in the learner's code does not swallow it;
after the first, it is raised again every ``REPEAT_S`` seconds until the block ends, so code
that catches everything once (a bare ``except:``) is stopped at its next try. The block
then sees ``deadline.expired`` True even if the code caught every one and returned late.

How it is raised depends on where the code runs:

- in the main thread where ``signal.setitimer`` exists (Linux and macOS: a Jupyter kernel,
  Binder, Colab, a script): a ``SIGALRM`` timer whose handler raises. It stops a Python loop
  that never ends and also a wait inside C such as ``time.sleep(3600)`` (Python retries an
  interrupted sleep only when the handler returns). The previous ``SIGALRM`` handler and
  timer are put back at the end, the timer less the time spent here;
- anywhere else (another thread, or Windows, which has no ``setitimer``): a watchdog thread
  raises ``TimeUp`` in the calling thread with ``PyThreadState_SetAsyncExc``. Python looks for
  it between bytecodes, so a loop that never ends stops on time, but a call blocked inside C
  (``time.sleep(3600)``, a long torch operation) stops only when that call returns;
- where neither exists (no threads, as in a browser-only Python): no limit.

``Deadline(None)`` sets no limit.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

try:
    import ctypes

    _async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
except (ImportError, AttributeError):  # pragma: no cover - not CPython
    _async_exc = None

# After the deadline, raise again this often while the block is still running.
REPEAT_S = 0.5


class TimeUp(BaseException):
    """Raised into the learner's code when its time is up (a BaseException: ``except Exception`` lets it through)."""


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in the thread at its next bytecode; None withdraws one not yet raised."""
    # No argtypes on purpose: a bare None is passed as NULL (withdraw), not as Python's None.
    _async_exc(ctypes.c_ulong(thread_id), None if exception is None else ctypes.py_object(exception))


def _signal_timer_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class Deadline:
    """A time limit of ``seconds`` on the ``with`` block (None: none). See the module docstring.

    Attributes:
        expired: True once the time ran out while the block was running.
        mechanism: ``"signal"``, ``"thread"`` or ``"none"``: how the limit is enforced here.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.expired = False
        self.mechanism = "none"
        self._armed = False

    # -- entering and leaving ------------------------------------------------------------------
    def __enter__(self) -> Deadline:
        if self.seconds is None:
            return self
        if _signal_timer_usable():
            self._start_signal_timer()
        elif _async_exc is not None:
            self._start_watchdog()
        return self

    def __exit__(self, *exc_info: Any) -> bool:
        # A TimeUp can still arrive in the first lines of _stop, before it disarms: stop again.
        # Once disarmed, nothing raises TimeUp any more, so this loops at most twice.
        while True:
            try:
                self._stop()
                return False
            except TimeUp:
                self.expired = True

    def _stop(self) -> None:
        if self.mechanism == "signal":
            self._stop_signal_timer()
        elif self.mechanism == "thread":
            self._stop_watchdog()

    # -- the main thread: SIGALRM --------------------------------------------------------------
    def _start_signal_timer(self) -> None:
        self.mechanism = "signal"
        self._started = time.monotonic()
        self._previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self._previous_timer = signal.setitimer(signal.ITIMER_REAL, max(self.seconds, 1e-3), REPEAT_S)
        self._armed = True

    def _on_alarm(self, signum: int, frame: object) -> None:
        if self._armed:
            self.expired = True
            raise TimeUp

    def _stop_signal_timer(self) -> None:
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: the previous handler was not set from Python; the default is what remains.
        signal.signal(signal.SIGALRM, self._previous_handler or signal.SIG_DFL)
        delay, interval = self._previous_timer
        if delay > 0:  # someone else's timer was running: it goes on, less the time spent here
            remaining = delay - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-3), interval)
        self.mechanism = "none"

    # -- anywhere else: a watchdog thread ------------------------------------------------------
    def _start_watchdog(self) -> None:
        self._target = threading.get_ident()
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._armed = True
        watchdog = threading.Thread(target=self._watch, name="exercise-time-limit", daemon=True)
        try:
            watchdog.start()
        except RuntimeError:  # no threads here: no limit
            self._armed = False
            return
        self.mechanism = "thread"

    def _watch(self) -> None:
        wait = self.seconds
        while not self._done.wait(wait):
            with self._lock:  # never raises into the block once _stop_watchdog has disarmed
                if not self._armed:
                    return
                self.expired = True
                _set_async_exc(self._target, TimeUp)
            wait = REPEAT_S

    def _stop_watchdog(self) -> None:
        with self._lock:
            self._armed = False
            if self.expired:  # a TimeUp sent but not yet raised must not escape the block
                _set_async_exc(self._target, None)
        self._done.set()
        self.mechanism = "none"


__all__ = ["REPEAT_S", "Deadline", "TimeUp"]
