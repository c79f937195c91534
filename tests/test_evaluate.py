"""evaluate(): the metric definitions, checked on predictions we control."""

from __future__ import annotations

import pytest
import torch

import seq2seq_lib.evaluation as evaluation
from seq2seq_lib import DateDataset, Seq2Seq, Vocabulary, evaluate, translate

VOCAB = Vocabulary.dates()
V = VOCAB.token_to_id


@pytest.fixture(scope="module")
def four_dates() -> DateDataset:
    return DateDataset(4, seed=31)


def other_digit(token_id: int) -> int:
    """A digit id different from ``token_id`` (itself a digit)."""
    return V["1"] if token_id != V["1"] else V["2"]


def predict(monkeypatch, predictions_by_source: dict[tuple, list[int]]):
    """Make greedy decoding answer ``predictions_by_source[source ids]`` for each row."""

    def fake_greedy_decode(model, src, return_attention=False, max_len=None):
        return torch.tensor([predictions_by_source[tuple(row)] for row in src.tolist()])

    monkeypatch.setattr(evaluation, "greedy_decode", fake_greedy_decode)


def test_fields_count_only_when_all_their_tokens_are_right(monkeypatch, four_dates):
    targets = four_dates.y[:, 1:].tolist()  # d d / Mon / y y y y <EOS>
    rows = [list(t) for t in targets]
    # row 0: exactly right
    # row 1: second day digit wrong -> day wrong (9 of 10 tokens right)
    rows[1][1] = other_digit(rows[1][1])
    # row 2: month wrong, last year digit wrong -> month and year wrong (8 of 10)
    rows[2][3] = V["Jan"] if rows[2][3] != V["Jan"] else V["Feb"]
    rows[2][8] = other_digit(rows[2][8])
    # row 3: every field right, but no <EOS> where it belongs (9 of 10)
    rows[3][9] = V["7"]
    predict(monkeypatch, {tuple(x): row for x, row in zip(four_dates.x.tolist(), rows, strict=True)})

    result = evaluate(Seq2Seq(VOCAB), four_dates)
    assert set(result) == {"exact_match", "token_accuracy", "day", "month", "year"}
    assert result["exact_match"] == pytest.approx(1 / 4)
    assert result["token_accuracy"] == pytest.approx(36 / 40)
    assert result["day"] == pytest.approx(3 / 4)
    assert result["month"] == pytest.approx(3 / 4)
    assert result["year"] == pytest.approx(3 / 4)


def test_one_wrong_year_digit_makes_the_year_wrong(monkeypatch, four_dates):
    rows = [list(t) for t in four_dates.y[:, 1:].tolist()]
    for row, position in zip(rows, [5, 6, 7, 8], strict=True):  # each row misses a different year digit
        row[position] = other_digit(row[position])
    predict(monkeypatch, {tuple(x): row for x, row in zip(four_dates.x.tolist(), rows, strict=True)})
    result = evaluate(Seq2Seq(VOCAB), four_dates)
    assert result == pytest.approx(
        {"exact_match": 0.0, "token_accuracy": 36 / 40, "day": 1.0, "month": 1.0, "year": 0.0}
    )


def test_outputs_that_stop_early_are_padded_and_count_as_wrong(monkeypatch, four_dates):
    """Greedy decoding stops when every row has ended: its output may be shorter than the target."""
    rows = [list(t)[:6] for t in four_dates.y[:, 1:].tolist()]  # d d / Mon / y, then nothing
    predict(monkeypatch, {tuple(x): row for x, row in zip(four_dates.x.tolist(), rows, strict=True)})
    result = evaluate(Seq2Seq(VOCAB), four_dates)
    assert result == pytest.approx({"exact_match": 0.0, "token_accuracy": 0.6, "day": 1.0, "month": 1.0, "year": 0.0})


def test_an_early_eos_is_wrong_from_there_on(monkeypatch, four_dates):
    rows = [list(t) for t in four_dates.y[:, 1:].tolist()]
    rows[0] = rows[0][:4] + [V["<EOS>"]] + [V["<PAD>"]] * 5  # "dd/Mon" then <EOS>: 4 of 10 right
    predict(monkeypatch, {tuple(x): row for x, row in zip(four_dates.x.tolist(), rows, strict=True)})
    result = evaluate(Seq2Seq(VOCAB), four_dates)
    assert result == pytest.approx(
        {"exact_match": 0.75, "token_accuracy": 34 / 40, "day": 1.0, "month": 1.0, "year": 0.75}
    )


@pytest.mark.parametrize("batch_size", [1, 3, 4096])
def test_batch_size_does_not_change_the_metrics(monkeypatch, four_dates, batch_size):
    rows = [list(t) for t in four_dates.y[:, 1:].tolist()]
    rows[2][0] = other_digit(rows[2][0])
    predict(monkeypatch, {tuple(x): row for x, row in zip(four_dates.x.tolist(), rows, strict=True)})
    result = evaluate(Seq2Seq(VOCAB), four_dates, batch_size=batch_size)
    assert result == pytest.approx(
        {"exact_match": 0.75, "token_accuracy": 39 / 40, "day": 0.75, "month": 1.0, "year": 1.0}
    )


def test_exact_match_of_a_trained_model_agrees_with_its_translations(trained, held_out):
    model = trained.model
    translations = translate(model, held_out.date_cn)
    expected = sum(t == e for t, e in zip(translations, held_out.date_en, strict=True)) / len(held_out)
    assert evaluate(model, held_out)["exact_match"] == pytest.approx(expected)


def test_evaluate_keeps_the_models_training_mode(four_dates):
    model = Seq2Seq(VOCAB, embedding_dim=4, units=8)
    model.train()
    evaluate(model, four_dates)
    assert model.training
    model.eval()
    evaluate(model, four_dates)
    assert not model.training


def test_evaluate_rejects_a_dataset_with_another_vocabulary(four_dates):
    model = Seq2Seq(Vocabulary([*"0123456789", "<GO>", "<EOS>"]))
    with pytest.raises(ValueError, match="different vocabulary"):
        evaluate(model, four_dates)


def test_evaluate_rejects_something_that_is_not_a_dataset():
    with pytest.raises(TypeError, match="must be a dataset of seq2seq_lib.tasks"):
        evaluate(Seq2Seq(VOCAB), ["24-03-05"])
