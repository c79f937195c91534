"""Whatever the learner's code does, every check comes back with a verdict, in bounded time.

- a function that never returns (a loop, ``time.sleep(3600)``) gets "did not return within
  N s" on the case it hung on (10 s by default; the parametrised tests shorten the limit);
- ``SystemExit``, ``KeyboardInterrupt`` (the notebook's interrupt button) and any other
  exception become verdicts, in every one of the course's checks;
- a result whose ``repr``, ``==`` or ``bool`` raises or hangs is a wrong answer, said in words;
- what a check is given besides the function, when unusable, is named (a model, say);
- the time limit leaves the process as it found it: SIGALRM handler, running timers, no stray
  exception later; off the main thread, and where ``setitimer`` does not exist, a loop is still
  stopped, and a wait inside C ends when that call returns (tested, as documented).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import signal
import sys
import threading
import time
import warnings

import pytest
import torch

import seq2seq_lib.exercises as exercises
from seq2seq_lib.exercises import ALL_EXERCISES, CheckResult, Exercise, engine
from seq2seq_lib.exercises import deadline as deadline_module
from seq2seq_lib.exercises.engine import Case
from seq2seq_lib.i18n import set_language, translations

ZH = translations("zh")

MODULES = {
    info.name: importlib.import_module(f"seq2seq_lib.exercises.{info.name}")
    for info in pkgutil.iter_modules(exercises.__path__)
    if re.fullmatch(r"nb\d\d", info.name)
}
ALL_CHECKS = [
    (name, getattr(module, attr))
    for name, module in MODULES.items()
    for attr in sorted(vars(module))
    if attr.startswith("check_")
]
IDS = [f"{name}.{check.__name__}" for name, check in ALL_CHECKS]
SHORT = 0.3  # seconds: the limit the parametrised tests use, so that 32 hanging answers take seconds


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(engine, "DEFAULT_TIME_LIMIT", SHORT)


def throwaway(**kwargs) -> Exercise:
    """An exercise for one test, not registered among the course's."""
    exercise = Exercise(**kwargs)
    ALL_EXERCISES.remove(exercise)
    return exercise


def identity_exercise(**kwargs) -> Exercise:
    return throwaway(name="identity", cases=lambda: [Case((1,), 1, "identity(1)")], **kwargs)


# -- hostile answers, each given to every check of the course ---------------------------------------
def loops_for_ever(*args):
    while True:
        pass


def sleeps_an_hour(*args):
    time.sleep(3600)


def exits(*args):
    sys.exit(3)


def interrupted(*args):
    raise KeyboardInterrupt


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no message either")


def raises_an_unprintable_error(*args):
    raise Unprintable


class BadRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


class BadEq:
    def __eq__(self, other):
        raise RuntimeError("no ==")

    __hash__ = None


class BadBool:
    def __eq__(self, other):
        return self

    def __bool__(self):
        raise RuntimeError("no truth value")


class SlowRepr:
    def __repr__(self):
        while True:
            pass


class BadClass:
    @property
    def __class__(self):
        raise RuntimeError("no class")


class ExitingFloat(float):
    def __eq__(self, other):
        sys.exit(4)

    __hash__ = float.__hash__

    def __repr__(self):
        sys.exit(5)


RESULTS = {
    "repr raises": BadRepr,
    "== raises": BadEq,
    "bool raises": BadBool,
    "repr never ends": SlowRepr,
    "__class__ raises": BadClass,
    "== and repr exit": lambda: ExitingFloat(0.5),
}


def assert_a_verdict(result, *phrases):
    assert isinstance(result, CheckResult) and not result, result
    text = str(result)  # shows itself without raising, as text and as HTML
    assert text.startswith("Not yet: ") and "Not yet: " in result._repr_html_()
    for phrase in phrases:
        assert phrase in result.message, result.message


@pytest.mark.parametrize(("notebook", "check"), ALL_CHECKS, ids=IDS)
def test_sys_exit_and_other_base_exceptions_become_verdicts(notebook, check, short_limit):
    assert_a_verdict(check(exits), "called exit() (SystemExit: 3)")
    assert_a_verdict(check(interrupted), "was interrupted before it returned")
    assert_a_verdict(check(raises_an_unprintable_error), "raised Unprintable")
    # something the check cannot take after the function is named, never a traceback
    assert_a_verdict(check(exits, "not a model"), f"{check.__name__}", "'not a model'")


class EndlessMessage(Exception):
    def __str__(self):
        while True:
            pass


def raises_an_error_whose_message_never_ends(*args):
    raise EndlessMessage


def test_an_error_whose_message_never_ends_is_named_by_its_type():
    from seq2seq_lib.exercises import nb01

    started = time.perf_counter()
    assert_a_verdict(nb01.check_to_full_year(raises_an_error_whose_message_never_ends), "raised EndlessMessage")
    assert time.perf_counter() - started < 10
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0), "the time limit left a timer running"


@pytest.mark.parametrize(("notebook", "check"), ALL_CHECKS, ids=IDS)
def test_an_answer_that_never_returns_gets_a_verdict_in_time(notebook, check, short_limit):
    for answer in (loops_for_ever, sleeps_an_hour):
        started = time.perf_counter()
        result = check(answer)
        elapsed = time.perf_counter() - started
        assert_a_verdict(result, f"did not return within {SHORT:g} s")
        # the case building of the slowest check (nb03's training steps) included
        assert elapsed < SHORT + 10, elapsed
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0), "the time limit left a timer running"


@pytest.mark.parametrize(("notebook", "check"), ALL_CHECKS, ids=IDS)
def test_a_result_that_cannot_be_printed_or_compared_is_a_wrong_answer(notebook, check, short_limit):
    for kind, make in RESULTS.items():
        result = check(lambda *args, make=make: make())
        assert_a_verdict(result)
        if kind == "repr never ends" and type(check) is Exercise:
            # A check that compares returned values names what came back; checks that build the
            # learner's module (nb03, nb06, nb10) never print the result and say what the module lacks.
            assert "could not examine" in result.message or "returned a SlowRepr" in result.message, result.message


def test_the_default_limit_is_ten_seconds_and_stops_a_loop():
    from seq2seq_lib.exercises import nb01

    assert engine.DEFAULT_TIME_LIMIT == 10
    started = time.perf_counter()
    result = nb01.check_to_full_year(loops_for_ever)
    elapsed = time.perf_counter() - started
    assert_a_verdict(result, "to_full_year(74) did not return within 10 s")
    assert 9.9 < elapsed < 14, elapsed


SLOW_HINT = "stop after model.max_output_len steps at the latest."


def greedy_exercise() -> Exercise:
    """A check of a greedy loop, given a model as its context, as the course's checks can be."""
    from seq2seq_lib.models import EncoderDecoder, Seq2Seq
    from seq2seq_lib.tasks.dates import date_vocabulary, translate
    from seq2seq_lib.validation import ArgumentTypeError

    def cases(model=None):
        if model is not None and not isinstance(model, EncoderDecoder):
            raise ArgumentTypeError(f"model must be a seq2seq_lib model, not a {type(model).__name__}")
        if model is None:
            torch.manual_seed(0)
            model = Seq2Seq(date_vocabulary(), max_output_len=10).eval()  # untrained: never writes <EOS>
        return [Case((model, "24-03-05"), translate(model, "24-03-05"), "greedy_translate(model, '24-03-05')")]

    return throwaway(name="greedy_translate", cases=cases, returns=str, slow_hint=SLOW_HINT)


def test_a_greedy_loop_that_waits_for_eos_gets_the_exercise_hint(short_limit):
    def greedy_until_eos(model, text):
        vocab = model.vocab
        memory, encoder_state = model.encode(torch.tensor([vocab.encode(text)]))
        state, token, ids = model.initial_state(encoder_state), torch.tensor([vocab.go_id]), []
        while not ids or ids[-1] != vocab.eos_id:  # never ends on a model that never writes <EOS>
            logits, state, _ = model.step(token, state, memory)
            token = logits.argmax(dim=-1)
            ids.append(token.item())
        return vocab.decode(ids)

    result = greedy_exercise()(greedy_until_eos)
    assert_a_verdict(result, "greedy_translate(model, '24-03-05') did not return within", SLOW_HINT)


def test_an_answer_that_swallows_the_time_limit_still_gets_the_verdict(short_limit):
    def catches_everything(x):
        for _ in range(3):  # caught once, and again: the limit is raised again until the call ends
            try:
                while True:
                    time.sleep(0.01)
            except BaseException:
                pass
        return x

    def catches_and_returns(x):
        try:
            time.sleep(3600)
        except BaseException:
            return x  # the right value, but late

    for answer in (catches_everything, catches_and_returns):
        assert_a_verdict(identity_exercise()(answer), "did not return within")


def test_the_interrupt_button_ends_in_a_verdict():
    """What the kernel does on "interrupt": SIGINT, whose Python handler raises KeyboardInterrupt."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        started = time.perf_counter()
        result = identity_exercise()(sleeps_an_hour)
        assert time.perf_counter() - started < 5
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert_a_verdict(result, "identity(1) was interrupted before it returned")

    def cases():
        raise KeyboardInterrupt  # an interrupt while the check itself works

    assert_a_verdict(throwaway(name="f", cases=cases)(lambda: 1), "The check was interrupted before it finished")


# -- what the check is given besides the function -------------------------------------------------------
def test_a_context_the_check_cannot_use_is_named(short_limit):
    from seq2seq_lib.exercises import nb03
    from seq2seq_lib.models import Seq2Seq
    from seq2seq_lib.tasks.dates import date_vocabulary

    check = greedy_exercise()
    assert_a_verdict(
        check(lambda model, text: text, "not a model"),
        "check_greedy_translate could not use 'not a model': model must be a seq2seq_lib model",
    )
    assert_a_verdict(nb03.check_field_accuracy(lambda p, t: {}, "extra"), "check_field_accuracy was given arguments")
    assert_a_verdict(check(lambda model, text: text, BadRepr()), "whose repr() raised")
    assert_a_verdict(check(lambda model, text: text, SlowRepr()), "could not use SlowRepr:")

    class HangingModel(Seq2Seq):
        def encode(self, src, mask=None):
            loops_for_ever()

    torch.manual_seed(0)
    assert_a_verdict(
        check(lambda model, text: text, HangingModel(date_vocabulary(), max_output_len=10)),
        "could not prepare its cases",
    )


# -- the time limit leaves the process as it was --------------------------------------------------------
def test_the_previous_alarm_handler_and_timer_are_restored(short_limit):
    fired = []

    def handler(signum, frame):
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 2.0)
        assert_a_verdict(identity_exercise()(loops_for_ever), "did not return within")
        assert signal.getsignal(signal.SIGALRM) is handler
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining < 2.0 - SHORT + 0.05, remaining
        time.sleep(remaining + 0.2)
        assert fired == [signal.SIGALRM], "someone else's timer still fires, once"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_nothing_is_raised_after_the_check_returns(short_limit):
    for answer in (loops_for_ever, lambda x: x):
        identity_exercise()(answer)
        time.sleep(2 * deadline_module.REPEAT_S + 0.1)  # a stray TimeUp would surface here
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def run_in_thread(function):
    box = {}

    def target():
        started = time.perf_counter()
        box["result"] = function()
        box["elapsed"] = time.perf_counter() - started
        box["handler"] = signal.getsignal(signal.SIGALRM)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    return box


def test_off_the_main_thread_a_loop_is_stopped_and_a_sleep_ends_when_it_returns(short_limit):
    handler = signal.getsignal(signal.SIGALRM)
    box = run_in_thread(lambda: identity_exercise()(loops_for_ever))
    assert_a_verdict(box["result"], "did not return within")
    assert box["elapsed"] < SHORT + 3 and box["handler"] is handler
    # A wait inside C cannot be cut short from another thread: the verdict comes when it returns.
    box = run_in_thread(lambda: identity_exercise()(lambda x: time.sleep(1.5)))
    assert_a_verdict(box["result"], "did not return within")
    assert 1.5 <= box["elapsed"] < 5


def test_without_setitimer_the_watchdog_stops_a_loop_in_the_main_thread(short_limit, monkeypatch):
    monkeypatch.setattr(deadline_module, "_signal_timer_usable", lambda: False)  # as on Windows
    started = time.perf_counter()
    assert_a_verdict(identity_exercise()(loops_for_ever), "did not return within")
    assert time.perf_counter() - started < SHORT + 3
    assert identity_exercise()(lambda x: x), "a quick answer is not disturbed"
    time.sleep(2 * deadline_module.REPEAT_S + 0.1)  # nothing raised later


def test_a_right_answer_is_not_disturbed_by_the_limit():
    assert identity_exercise()(lambda x: x)
    assert identity_exercise(time_limit=0.5)(lambda x: x)


# -- texts -------------------------------------------------------------------------------------------
def test_the_new_verdicts_speak_chinese():
    assert not [text for text in engine.ENGINE_TEXTS if text not in ZH]
    for text in engine.ENGINE_TEXTS:
        assert sorted(re.findall(r"{(\w+)}", ZH[text])) == sorted(re.findall(r"{(\w+)}", text)), text
    try:
        with warnings.catch_warnings():  # set_language warns when no CJK font is installed: not this test's subject
            warnings.simplefilter("ignore")
            set_language("zh")
        verdict = identity_exercise(time_limit=SHORT)(loops_for_ever)
    finally:
        set_language("en")
    assert "秒内没有返回" in verdict.message
