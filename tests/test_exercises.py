"""What every exercise check must do, whatever its notebook.

- each is declared as an :class:`~seq2seq_lib.exercises.engine.Exercise` (cases and
  diagnoses run by the one engine), and every text it can show has a Chinese translation;
- the solutions in ``solutions/`` pass every check of their notebook, and call each once;
- the stub the notebooks hand out gets "not written yet", something that is not a function
  gets "should be a function";
- a verdict shows itself as a cell's result (text and HTML) and never prints;
- checks leave the global random generators alone.

The plausible wrong answers of each notebook are in ``tests/test_exercises_NN*.py``.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest
import torch

import seq2seq_lib.exercises as exercises
from seq2seq_lib.exercises import ALL_EXERCISES, CheckResult, Exercise
from seq2seq_lib.i18n import set_language, translations

ZH = translations("zh")

ROOT = Path(__file__).resolve().parent.parent
MODULES = {
    info.name: importlib.import_module(f"seq2seq_lib.exercises.{info.name}")
    for info in pkgutil.iter_modules(exercises.__path__)
    if re.fullmatch(r"nb\d\d", info.name)
}
ENGINE_TEXTS = list(exercises.engine.ENGINE_TEXTS)


def checks_of(module) -> list:
    return [getattr(module, name) for name in sorted(vars(module)) if name.startswith("check_")]


ALL_CHECKS = [(name, check) for name, module in MODULES.items() for check in checks_of(module)]


def solution_of(notebook: str):
    number = notebook[2:]
    (path,) = (ROOT / "solutions").glob(f"{number}_*.py")
    spec = importlib.util.spec_from_file_location(f"solution_{number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stub(*args):
    raise NotImplementedError  # your code here


@pytest.mark.parametrize(("notebook", "check"), ALL_CHECKS, ids=[f"{n}.{c.__name__}" for n, c in ALL_CHECKS])
def test_every_check_is_declared_for_the_engine(notebook, check):
    assert isinstance(check, Exercise), f"{notebook}.{check.__name__} is hand-written: declare it as an Exercise"


def test_every_text_a_check_can_show_is_translated():
    for module in MODULES.values():
        assert module  # imported: its exercises are registered
    texts = {text for ex in ALL_EXERCISES for text in ex.messages} | set(ENGINE_TEXTS)
    missing = sorted(texts - set(ZH))
    assert not missing, f"add these to the catalog: {missing}"


@pytest.mark.parametrize("notebook", sorted(MODULES))
def test_the_solutions_pass_every_check_once(notebook, capsys):
    results = solution_of(notebook).run_checks()
    assert len(results) == len(checks_of(MODULES[notebook]))
    assert all(isinstance(r, CheckResult) for r in results)
    assert not [str(r) for r in results if not r], "a solution fails its check"
    assert capsys.readouterr().out == "", "a check returns its verdict; it does not print"


@pytest.mark.parametrize(("notebook", "check"), ALL_CHECKS, ids=[f"{n}.{c.__name__}" for n, c in ALL_CHECKS])
def test_the_stub_is_not_written_yet_and_a_non_function_is_refused(notebook, check):
    result = check(_stub)
    assert not result and "is not written yet" in result.message
    assert repr(result).startswith("Not yet: ") and "Not yet: " in result._repr_html_()
    refused = check("not a function")
    assert not refused and "should be a function" in refused.message


def test_verdicts_speak_chinese_in_the_chinese_edition():
    check = ALL_CHECKS[0][1]
    try:
        set_language("zh")
        assert str(check(_stub)).startswith("还不对：")
    finally:
        set_language("en")
    assert str(check(_stub)).startswith("Not yet: ")


def test_checks_run_the_answer_on_one_torch_thread_and_restore_the_count():
    from seq2seq_lib.exercises.engine import Case

    threads_seen = []

    def answer(x):
        threads_seen.append(torch.get_num_threads())
        return x

    exercise = Exercise(name="identity", cases=lambda: [Case(args=(1,), expected=1, label="identity(1)")])
    ALL_EXERCISES.remove(exercise)  # a throw-away check: not one of the course's
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        assert exercise(answer)
        assert threads_seen == [1] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(previous)


def test_checks_leave_the_global_random_generators_alone():
    torch.manual_seed(123)
    np.random.seed(123)
    expected = torch.rand(3), np.random.rand(3)
    torch.manual_seed(123)
    np.random.seed(123)
    for notebook in MODULES:
        solution_of(notebook).run_checks()
    assert torch.equal(torch.rand(3), expected[0]) and np.array_equal(np.random.rand(3), expected[1])


def test_answers_are_read_as_numbers_the_same_way_in_every_check():
    from seq2seq_lib.exercises.answers import arrays_close, as_floats, not_numbers, tensors_close

    reference = np.array([[0.25, 0.75]])
    with_grad = torch.tensor([[0.25, 0.75]], requires_grad=True)
    for answer in (with_grad, [[0.25, 0.75]], reference.astype(np.float32)):
        assert arrays_close(answer, reference, atol=1e-6)
    for wrong in (None, "0.25 0.75", [[0.25], [0.75, 1.0]], [0.25, 0.75], [[0.25, 0.76]]):
        assert not arrays_close(wrong, reference, atol=1e-6), wrong
    assert not_numbers(None) and not_numbers("x") and not not_numbers([1, 2])
    assert as_floats(with_grad).dtype == np.float64
    expected = torch.tensor([1.0, 2.0])
    assert tensors_close(torch.tensor([1.0, 2.0 + 1e-7]), expected, atol=1e-6)
    for wrong in (np.array([1.0, 2.0]), torch.tensor([1, 2]), torch.tensor([[1.0, 2.0]]), torch.tensor([1.0, 2.1])):
        assert not tensors_close(wrong, expected, atol=1e-6), wrong
    assert not tensors_close(torch.tensor([1.0]), None, atol=1e-6)
