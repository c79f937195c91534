"""The exercise checks of notebooks 01-03: solutions pass, stubs and wrong answers do not.

Each check must accept the solution in ``solutions/``, say "not written yet" for the
notebook's stub (a function raising ``NotImplementedError``), and reject at least one
plausible wrong answer with a message that points at the mistake, so that a check
which accepts anything is caught here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from seq2seq_lib.data import target_tokens
from seq2seq_lib.exercises import CheckResult, nb01, nb02, nb03

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ("01_date_dataset", "02_encoder_decoder", "03_lstm_seq2seq")
MODULES = (nb01, nb02, nb03)


def load_solution(name: str):
    path = ROOT / "solutions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"solution_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def all_checks():
    return [getattr(m, name) for m in MODULES for name in sorted(vars(m)) if name.startswith("check_")]


@pytest.mark.parametrize("name", SOLUTIONS)
def test_solutions_pass_every_check(name, capsys):
    results = load_solution(name).run_checks()
    assert results, "run_checks() returned no results"
    assert all(isinstance(r, CheckResult) for r in results)
    failed = [r.message for r in results if not r.passed]
    assert not failed, failed
    assert "Not yet" not in capsys.readouterr().out


def test_run_checks_calls_every_check_of_its_notebook():
    for module, name in zip(MODULES, SOLUTIONS, strict=True):
        checks = [n for n in vars(module) if n.startswith("check_")]
        assert len(load_solution(name).run_checks()) == len(checks), name


def _stub(*args):
    raise NotImplementedError  # your code here


@pytest.mark.parametrize("check", all_checks(), ids=lambda c: c.__name__)
def test_stub_is_not_written_yet(check):
    result = check(_stub)
    assert not result
    assert "is not written yet" in result.message
    assert str(result).startswith("Not yet: ") and "is not written yet" in repr(result)


@pytest.mark.parametrize("check", all_checks(), ids=lambda c: c.__name__)
def test_non_function_is_rejected(check):
    result = check("not a function")
    assert not result
    assert "should be a function" in result.message


# -- plausible wrong answers -----------------------------------------------------------


def _article_ids_to_text(ids, vocab):  # the article's first idx2str: keeps <EOS>
    text = []
    for i in ids:
        text.append(vocab.tokens[i])
        if vocab.tokens[i] == "<EOS>":
            break
    return "".join(t for t in text if t not in ("<GO>", "<PAD>"))


def _never_stops(ids, vocab):
    return "".join(vocab.tokens[i] for i in ids if vocab.tokens[i] not in ("<GO>", "<PAD>", "<EOS>"))


def _keeps_go(ids, vocab):
    text = []
    for i in ids:
        if vocab.tokens[i] == "<EOS>":
            break
        if vocab.tokens[i] != "<PAD>":
            text.append(vocab.tokens[i])
    return "".join(text)


def _step_from_zeros(model, tokens, state):
    zeros = (torch.zeros_like(state[0]), torch.zeros_like(state[1]))
    out, new_state = model.decoder(model.decoder_embedding(tokens).unsqueeze(1), zeros)
    return model.output(out[:, 0]), new_state


def _step_keeps_old_state(model, tokens, state):
    out, _ = model.decoder(model.decoder_embedding(tokens).unsqueeze(1), state)
    return model.output(out[:, 0]), state


def _step_without_output_layer(model, tokens, state):
    out, new_state = model.decoder(model.decoder_embedding(tokens).unsqueeze(1), state)
    return out[:, 0], new_state


def _greedy(model, text, *, zero_state=False, feed_back=True, steps=None):
    vocab = model.vocab
    with torch.no_grad():
        memory, (h, c) = model.encode(torch.tensor([vocab.encode(text)]))
        state = (torch.zeros_like(h), torch.zeros_like(c)) if zero_state else model.initial_state((h, c))
        token = torch.tensor([vocab.go_id])
        ids = []
        for _ in range(steps or model.max_output_len):
            logits, state, _ = model.step(token, state, memory)
            predicted = logits.argmax(dim=-1)
            ids.append(predicted.item())
            if ids[-1] == vocab.eos_id:
                break
            token = predicted if feed_back else torch.tensor([vocab.go_id])
    return vocab.decode(ids)


def _slice_fields(predictions, targets):
    spans = {"day": slice(0, 2), "month": slice(3, 6), "year": slice(7, 11)}
    return {
        field: sum(p[span] == t[span] for p, t in zip(predictions, targets, strict=True)) / len(targets)
        for field, span in spans.items()
    }


def _swapped_fields(predictions, targets):
    right = {"day": 0, "month": 0, "year": 0}
    for p, t in zip(predictions, targets, strict=True):
        got, want = p.split("/"), t.split("/")
        for i, field in enumerate(("year", "month", "day")):  # day and year mixed up
            right[field] += i < len(got) and got[i] == want[i]
    return {f: n / len(targets) for f, n in right.items()}


def _field_counts(predictions, targets):
    right = {"day": 0, "month": 0, "year": 0}
    for p, t in zip(predictions, targets, strict=True):
        got, want = p.split("/"), t.split("/")
        for i, field in enumerate(right):
            right[field] += i < len(got) and got[i] == want[i]
    return right


WRONG_ANSWERS = [
    # notebook 01
    (nb01.check_to_full_year, lambda yy: 2000 + yy, "1974-2034"),
    (nb01.check_to_full_year, lambda yy: 1900 + yy, "1974-2034"),
    (nb01.check_to_full_year, lambda yy: 2000 + yy if yy < 34 else 1900 + yy, "to_full_year(34) gives 1934"),
    (nb01.check_to_full_year, lambda yy: str(1900 + yy if yy >= 74 else 2000 + yy), "int"),
    (nb01.check_split_target, list, "month must stay together"),
    (nb01.check_split_target, lambda s: ["<GO>", *target_tokens(s), "<EOS>"], "special token"),
    (nb01.check_split_target, lambda s: s.split("/"), "slashes"),
    (nb01.check_split_target, lambda s: [s[:2], "/", s[3:6], "/", s[7:]], "every character is its own token"),
    (nb01.check_ids_to_text, _article_ids_to_text, "'<EOS>'"),
    (nb01.check_ids_to_text, _never_stops, "goes on after"),
    (nb01.check_ids_to_text, _keeps_go, "'<GO>'"),
    # notebook 02
    (nb02.check_lstm_parameter_count, lambda i, h: 4 * (h * (i + h) + h), "short"),
    (nb02.check_lstm_parameter_count, lambda i, h: 4 * h * (i + h), "short"),
    (nb02.check_lstm_parameter_count, lambda i, h: h * (i + h) + 2 * h, "short"),
    (nb02.check_context_from_last_state, lambda h, w, b: h @ w + b, "wrong way round"),
    (nb02.check_context_from_last_state, lambda h, w, b: h @ w.T, "missing the bias"),
    (nb02.check_context_from_last_state, lambda h, w, b: (h @ w.T + b).T, "shape"),
    (nb02.check_context_from_last_state, lambda h, w, b: torch.tanh(F.linear(h, w, b)), "differs"),
    (nb02.check_decoder_step, _step_from_zeros, "ignore the state"),
    (nb02.check_decoder_step, _step_keeps_old_state, "the one you were given"),
    (nb02.check_decoder_step, _step_without_output_layer, "shape"),
    # notebook 03
    (nb03.check_exact_match, lambda p, t: sum(a == b for a, b in zip(p, t, strict=True)), "count"),
    (
        nb03.check_exact_match,
        lambda p, t: sum(a.startswith(b) or b.startswith(a) for a, b in zip(p, t, strict=True)) / len(t),
        "identical",
    ),
    (
        nb03.check_exact_match,
        lambda p, t: (
            sum(x == y for a, b in zip(p, t, strict=True) for x, y in zip(a, b, strict=False)) / sum(len(b) for b in t)
        ),
        "identical",
    ),
    (nb03.check_field_accuracy, _slice_fields, "Split each string"),
    (nb03.check_field_accuracy, _swapped_fields, "each other's scores"),
    (nb03.check_field_accuracy, _field_counts, "share between 0 and 1"),
    (nb03.check_field_accuracy, lambda p, t: [0.5, 0.5, 0.5], "keys"),
    (nb03.check_greedy_translate, lambda m, s: _greedy(m, s, zero_state=True), "but seq2seq_lib.translate gives"),
    (nb03.check_greedy_translate, lambda m, s: _greedy(m, s, feed_back=False), "but seq2seq_lib.translate gives"),
    (nb03.check_greedy_translate, lambda m, s: _greedy(m, s, steps=m.max_output_len - 1), "stops too early"),
    (nb03.check_greedy_translate, lambda m, s: "<GO>" + _greedy(m, s), "special tokens"),
]


@pytest.mark.parametrize(
    "check, wrong, phrase",
    WRONG_ANSWERS,
    ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(WRONG_ANSWERS)],
)
def test_wrong_answer_fails_with_a_pointed_message(check, wrong, phrase):
    result = check(wrong)
    assert not result, f"{check.__name__} accepted a wrong answer"
    assert phrase in result.message, result.message


def test_every_check_meets_a_wrong_answer():
    covered = {check for check, _, _ in WRONG_ANSWERS}
    assert set(all_checks()) <= covered


def test_checks_leave_the_global_torch_generator_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    for name in SOLUTIONS:
        load_solution(name).run_checks()
    assert torch.equal(torch.rand(3), expected)
