"""The human-dates task: dates as people write them, in English and Chinese, to ISO."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from seq2seq_lib import AttentionSeq2Seq, Seq2Seq, Vocabulary, set_seed
from seq2seq_lib.decoding import greedy_decode
from seq2seq_lib.tasks import human_dates
from seq2seq_lib.tasks.human_dates import (
    FORM_NAMES,
    FORMS,
    HumanDateDataset,
    check_human_dates,
    count_sources,
    form_scores,
    held_out_dataset,
    human_date_vocabulary,
    mistakes,
    normalize,
    read_date,
    to_iso,
    translate,
)
from seq2seq_lib.transformer import TransformerSeq2Seq
from seq2seq_lib.validation import ArgumentError, ArgumentTypeError

MARCH_5 = dt.date(2024, 3, 5)
# The issue's examples, as Babel's CLDR data must give them (a Babel whose CLDR writes
# them otherwise would change the corpus: this test says so first).
ISSUE_EXAMPLES = {
    "en_US full": "Tuesday, March 5, 2024",
    "en_US long": "March 5, 2024",
    "en_US medium": "Mar 5, 2024",
    "en_GB full": "Tuesday, 5 March 2024",
    "en_GB long": "5 March 2024",
    "en_GB medium": "5 Mar 2024",
    "zh_CN full": "2024年3月5日星期二",
    "zh_CN long": "2024年3月5日",
    "zh_CN short": "2024/3/5",
    "zh_TW full": "2024年3月5日 星期二",
    "iso": "2024-03-05",
}
FORM = {form.name: form for form in FORMS}


@pytest.fixture(scope="module")
def corpus() -> HumanDateDataset:
    return HumanDateDataset(3000, seed=0)


# -- the forms ------------------------------------------------------------------------------
def test_the_forms_are_the_issues_and_babel_writes_its_examples():
    assert FORM_NAMES == tuple(ISSUE_EXAMPLES)
    for name, example in ISSUE_EXAMPLES.items():
        assert FORM[name].format(MARCH_5) == example, name
        assert read_date(example) == (MARCH_5, FORM[name])
    assert {form.language for form in FORMS} == {"en", "zh", "iso"}


def test_babel_is_never_asked_for_the_machines_locale(monkeypatch):
    """Every call names its locale: a default locale that Babel would read from the environment is never used."""
    import babel.dates

    calls = []
    original = babel.dates.format_date

    def spy(date, format, locale=None):
        calls.append(locale)
        return original(date, format, locale=locale)

    monkeypatch.setattr(human_dates, "format_date", spy)
    HumanDateDataset(200, seed=1)
    assert calls and all(locale is not None for locale in calls)


@pytest.mark.parametrize("name", FORM_NAMES)
def test_every_form_reads_the_range_edges_and_leap_days(name):
    form = FORM[name]
    for day in (dt.date(1900, 1, 1), dt.date(2099, 12, 31), dt.date(2000, 2, 29), dt.date(2096, 2, 29)):
        text = form.format(day)
        assert read_date(text)[0] == day and to_iso(text) == day.isoformat(), text


@pytest.mark.parametrize("name", FORM_NAMES)
def test_every_form_refuses_days_outside_the_range_or_the_calendar(name):
    form = FORM[name]
    for day in (dt.date(1899, 12, 31), dt.date(2100, 1, 1)):
        with pytest.raises(ArgumentError, match=f"the year {day.year} is outside 1900-2099"):
            read_date(form.format(day))
    # 1900 was not a leap year (divisible by 100, not by 400); write 29 Feb 1900 by hand from 28 Feb.
    text = form.format(dt.date(1900, 2, 28))
    if name.endswith("full"):  # 28 Feb 1900 was a Wednesday; a 29th would have been a Thursday
        text = text.replace("Wednesday", "Thursday").replace("星期三", "星期四")
    text = text.replace("28", "29")
    with pytest.raises(ArgumentError, match="Feb 1900 has days 01-28"):
        read_date(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("February 30, 2024", r"'February 30, 2024' is not a real date: Feb 2024 has days 01-29"),
        ("hello", r"'hello' is not a date in one of the forms"),
        ("2024年13月1日", r"'2024年13月1日' is not a real date: month 13 does not exist"),
        ("2023-02-29", "Feb 2023 has days 01-28"),
        ("31 April 2024", "Apr 2024 has days 01-30"),
        ("March 0, 2024", "Mar 2024 has days 01-31"),
        ("2024/0/5", "month 00 does not exist"),
        ("Monday, March 5, 2024", "2024-03-05 is a Tuesday, not a Monday"),
        ("2024年3月5日 星期一", "2024-03-05 is a Tuesday, not a Monday"),
        ("2024/03/05", "not written as zh_CN short writes dates: the month '03' and the day '05' have leading zeros"),
        ("March 05, 2024", "the day '05' has a leading zero"),
        ("3/5/24", "two-digit year"),
        ("March 5, 24", "not a date in one of the forms"),
        ("5 Sep 2024", "'sep' is not a month of the forms en_GB long, en_GB medium: .*sept"),
        ("March  5, 2024", "not a date in one of the forms"),  # only surrounding whitespace is ignored
        ("2024-3-5", "not a date in one of the forms"),
        ("\u212aMarch 5, 2024", "not a date in one of the forms"),  # the Kelvin sign is not a k
        ("２０２４年３月５日", "not a date in one of the forms"),  # full-width digits
        ("   ", "empty date"),
        ("", "empty date"),
    ],
)
def test_refusals_name_the_text_and_the_problem(text, problem):
    with pytest.raises(ArgumentError, match=problem):
        read_date(text)


def test_a_non_string_is_a_type_error():
    with pytest.raises(TypeError, match="must be a str"):
        read_date(20240305)


@pytest.mark.parametrize(
    "text",
    [
        "TUESDAY, MARCH 5, 2024",
        "tuesday, march 5, 2024",
        "tUeSdAy, MaRcH 5, 2024",
        "  5 MAR 2024\n",
        "\t2024-03-05 ",
        "\u30002024年3月5日星期二\u3000",  # ideographic spaces, as a Chinese keyboard types them
        "2024年3月5日 星期二",
    ],
)
def test_any_letter_case_and_surrounding_whitespace_read_the_same(text):
    assert to_iso(text) == "2024-03-05"
    assert normalize(text) == normalize(text.upper().strip())


def test_may_is_both_the_long_and_the_medium_name():
    assert FORM["en_US long"].format(dt.date(2024, 5, 5)) == FORM["en_US medium"].format(dt.date(2024, 5, 5))
    assert read_date("May 5, 2024") == (dt.date(2024, 5, 5), FORM["en_US long"])
    assert read_date("5 Sept 2024")[1] == FORM["en_GB medium"]  # CLDR's British September


# -- the corpus -----------------------------------------------------------------------------
def test_the_corpus_has_every_form_and_language_and_its_targets_are_the_answers(corpus):
    assert set(corpus.forms) == set(FORM_NAMES)
    assert set(corpus.language_of()) == {"en", "zh", "iso"}
    for text, source, form, target in zip(corpus.texts, corpus.sources, corpus.forms, corpus.targets, strict=True):
        day = dt.date.fromisoformat(target)
        assert dt.date(1900, 1, 1) <= day <= dt.date(2099, 12, 31)
        assert source == normalize(text) == normalize(FORM[form].format(day))
        assert to_iso(text) == target


def test_texts_show_case_variety_and_sources_are_lower_case(corpus):
    rows = zip(corpus.texts, corpus.forms, corpus.targets, strict=True)
    english = [(text, FORM[form].format(dt.date.fromisoformat(target))) for text, form, target in rows if "en" in form]
    styles = {
        "as printed": sum(text == printed for text, printed in english),
        "lower": sum(text == printed.lower() for text, printed in english),
        "upper": sum(text == printed.upper() for text, printed in english),
    }
    assert sum(styles.values()) == len(english)
    for count in styles.values():  # one in three each, of about 1600
        assert 0.28 < count / len(english) < 0.39, styles
    assert all(source == source.lower() for source in corpus.sources)


def test_sources_are_right_padded_ids_and_targets_iso(corpus):
    vocab = corpus.vocab
    lengths = [len(source) for source in corpus.sources]
    assert min(lengths) == 8 and max(lengths) == 29  # '2024/3/5' .. 'wednesday, september 10, 2024'
    assert corpus.x.shape == (3000, 29) and corpus.x.dtype == np.int64
    for row, source in zip(corpus.x, corpus.sources, strict=True):
        assert list(row[: len(source)]) == vocab.encode(source)
        assert (row[len(source) :] == vocab.pad_id).all()
    assert corpus.y.shape == (3000, 12)
    assert (corpus.y[:, 0] == vocab.go_id).all() and (corpus.y[:, -1] == vocab.eos_id).all()
    assert [vocab.decode(row) for row in corpus.y[:20]] == corpus.targets[:20]


def test_a_seed_gives_one_corpus_and_another_seed_another():
    first, again, other = HumanDateDataset(300, seed=5), HumanDateDataset(300, seed=5), HumanDateDataset(300, seed=6)
    assert first.texts == again.texts and np.array_equal(first.x, again.x)
    assert first.texts != other.texts


def test_forms_restrict_the_corpus_but_not_the_vocabulary():
    chinese = HumanDateDataset(200, seed=1, forms=["zh_TW full", "zh_CN short"])
    assert set(chinese.forms) == {"zh_TW full", "zh_CN short"}
    assert chinese.vocab == human_date_vocabulary()


@pytest.mark.parametrize(
    ("forms", "problem"),
    [(["klingon"], "unknown forms"), ("iso", "list of form names"), ([], "non-empty"), (["iso", "iso"], "distinct")],
)
def test_bad_forms_are_refused(forms, problem):
    with pytest.raises(ValueError, match=problem):
        HumanDateDataset(10, forms=forms)


def test_the_held_out_set_shares_no_day_written_in_the_same_form(corpus):
    held_out = held_out_dataset(corpus, n=2000, seed=2024)
    assert len(set(held_out.sources)) == 2000
    assert not set(held_out.sources) & set(corpus.sources)
    pairs = set(zip(corpus.targets, corpus.forms, strict=True))
    assert not pairs & set(zip(held_out.targets, held_out.forms, strict=True))
    assert set(held_out.forms) == set(FORM_NAMES)


def test_count_sources_counts_may_once_where_long_and_medium_agree():
    days = 73_049
    assert count_sources(("iso",)) == days
    may_days = 31 * 200
    assert count_sources(FORM_NAMES) == 11 * days - 2 * may_days  # en_US and en_GB
    assert count_sources(("en_US long", "en_US medium")) == 2 * days - may_days


def test_asking_for_more_distinct_dates_than_exist_fails_at_once():
    with pytest.raises(ArgumentError, match="cannot draw 73,049 distinct dates.*only 73,048"):
        HumanDateDataset(73_049, forms=["iso"], exclude=["2024-03-05", "hello", "March 5, 2024"])


@pytest.mark.parametrize("exclude", ["march 5, 2024", b"2024-03-05", 5, ["2024-03-05", 7]])
def test_exclude_must_be_a_collection_of_source_strings(exclude):
    # A single string would be read as its characters and exclude nothing: refused, as DateDataset refuses it.
    with pytest.raises(ArgumentTypeError, match="exclude must"):
        HumanDateDataset(5, exclude=exclude)


def test_exclude_leaves_out_the_given_sources():
    first = HumanDateDataset(20, seed=3)
    again = HumanDateDataset(20, seed=3, exclude=first.sources[:5])
    assert not set(first.sources[:5]) & set(again.sources) and len(set(again.sources)) == 20


# -- the vocabulary -------------------------------------------------------------------------
EXPECTED_TOKENS = (
    "<PAD>",
    *" ,-/0123456789",
    "<EOS>",
    "<GO>",
    *"abcdefghijlmnoprstuvwy",
    *"一三二五六四年日星月期",
)


def test_the_vocabulary_is_fixed_and_sorted():
    vocab = human_date_vocabulary()
    assert vocab.tokens == EXPECTED_TOKENS and len(vocab) == 50
    assert list(vocab.tokens[1:]) == sorted(vocab.tokens[1:]) and vocab.pad_id == 0


def test_the_vocabulary_holds_every_character_of_every_form():
    """Every day of a leap year (every month and weekday name) in every form, in both cases."""
    vocab = human_date_vocabulary()
    day = dt.date(2000, 1, 1)
    while day.year == 2000:
        for form in FORMS:
            assert all(char in vocab for char in normalize(form.format(day).upper())), (form.name, day)
        day += dt.timedelta(days=1)
    assert all(char in vocab for char in "0123456789-")


def test_the_vocabulary_does_not_depend_on_the_sample():
    assert HumanDateDataset(3, seed=1, forms=["iso"]).vocab == HumanDateDataset(500, seed=9).vocab


_DIGEST = """
import hashlib, json
from seq2seq_lib.tasks.human_dates import HumanDateDataset, held_out_dataset
d = HumanDateDataset(500, seed=3)
h = held_out_dataset(d, 200)
payload = [d.texts, d.x.tolist(), d.y.tolist(), h.texts, list(d.vocab.tokens)]
print(hashlib.sha256(json.dumps(payload).encode()).hexdigest())
"""


def test_the_corpus_does_not_depend_on_hash_seed_time_zone_or_locale():
    runs = []
    for env in (
        {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        {"PYTHONHASHSEED": "123", "TZ": "Asia/Shanghai", "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"},
        {"PYTHONHASHSEED": "7", "TZ": "America/Los_Angeles", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "fr"},
    ):
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST], env={**os.environ, **env}, capture_output=True, text=True, check=True
        )
        runs.append(result.stdout.strip())
    assert len(runs[0]) == 64 and runs[0] == runs[1] == runs[2]
    d = HumanDateDataset(500, seed=3)
    payload = [d.texts, d.x.tolist(), d.y.tolist(), held_out_dataset(d, 200).texts, list(d.vocab.tokens)]
    assert hashlib.sha256(json.dumps(payload).encode()).hexdigest() == runs[0]


# -- metrics --------------------------------------------------------------------------------
def test_metrics_score_each_language_and_field():
    dataset = HumanDateDataset(6, seed=0, forms=["iso", "zh_CN short", "en_GB long"])
    correct = torch.ones(6, 11, dtype=torch.bool)
    languages = dataset.language_of()
    wrong_row = languages.index("zh")
    correct[wrong_row, 6] = False  # the second month digit
    scores = dataset.metrics(correct)
    assert set(scores) == {"en", "zh", "iso", "year", "month", "day"}
    assert scores["zh"] == pytest.approx(1 - 1 / languages.count("zh"))
    assert scores["en"] == scores["iso"] == scores["year"] == scores["day"] == 1.0
    assert scores["month"] == pytest.approx(5 / 6)


def test_form_scores_and_mistakes_read_the_models_outputs(monkeypatch):
    dataset = HumanDateDataset(40, seed=2)
    outputs = list(dataset.targets)
    wrong = [i for i, form in enumerate(dataset.forms) if form == dataset.forms[0]][:2]
    for i in wrong:
        outputs[i] = "1999-01-01"
    monkeypatch.setattr(human_dates, "predictions", lambda model, data, batch_size=4096: outputs)
    table = form_scores(None, dataset)
    assert list(table.columns) == ["form", "language", "examples", "exact_match"]
    assert table["examples"].sum() == 40 and list(table["form"]) == [f for f in FORM_NAMES if f in dataset.forms]
    row = table.set_index("form").loc[dataset.forms[0]]
    assert row["exact_match"] == pytest.approx(1 - len(wrong) / row["examples"])
    assert (table.set_index("form").drop(dataset.forms[0])["exact_match"] == 1.0).all()
    errors = mistakes(None, dataset)
    assert list(errors["text"]) == [dataset.texts[i] for i in wrong] and set(errors["output"]) == {"1999-01-01"}


# -- translating ----------------------------------------------------------------------------
def test_translate_validates_everything_then_decodes_the_normalized_sources(monkeypatch):
    model = AttentionSeq2Seq(human_date_vocabulary())
    seen = []

    def fake_decode(model, sources, **kwargs):
        seen.extend(sources)
        return [to_iso(source) for source in sources]

    monkeypatch.setattr(human_dates, "decode_strings", fake_decode)
    assert translate(model, ["  TUESDAY, March 5, 2024", "2000年2月29日"]) == ["2024-03-05", "2000-02-29"]
    assert seen == ["tuesday, march 5, 2024", "2000年2月29日"]
    assert translate(model, "5 Mar 2024") == "2024-03-05"
    seen.clear()
    with pytest.raises(ArgumentError, match=r"2 of 3 dates.*entry 0: 'hello'.*entry 2: 'February 30, 2024'.*01-29"):
        translate(model, ["hello", "March 5, 2024", "February 30, 2024"])
    assert seen == []  # nothing was decoded
    with pytest.raises(TypeError, match="entry 1 must be a str"):
        check_human_dates(["March 5, 2024", 5])


def test_translate_refuses_a_model_of_another_task():
    with pytest.raises(ArgumentError, match="another task"):
        translate(AttentionSeq2Seq(Vocabulary.dates()), "March 5, 2024")


# -- variable-length sources through every model kind ----------------------------------------
KINDS = {
    "plain": lambda vocab: Seq2Seq(vocab),
    "attention": lambda vocab: AttentionSeq2Seq(vocab),
    "bidirectional plain": lambda vocab: Seq2Seq(vocab, bidirectional=True),
    "bidirectional attention": lambda vocab: AttentionSeq2Seq(vocab, bidirectional=True),
    "transformer": lambda vocab: TransformerSeq2Seq(vocab),
}


@pytest.mark.parametrize("kind", KINDS)
def test_padding_does_not_change_a_rows_output_in_any_kind(kind):
    """Each source alone (no padding, no mask) and in a batch with longer ones: the same logits.

    Equal up to float32 rounding (the batch's matrix products add in another order; at most
    4e-7 measured), and the same greedy outputs. Without the mask they differ: the test has teeth.
    """
    dataset = HumanDateDataset(24, seed=3)
    x, y = dataset.tensors()
    set_seed(0)
    model = KINDS[kind](dataset.vocab).eval()
    with torch.no_grad():
        batched = model(x, y[:, :-1])
        decoded = greedy_decode(model, x, max_len=11)
        for row, source in enumerate(dataset.sources):
            alone = x[row : row + 1, : len(source)]
            logits = model(alone, y[row : row + 1, :-1])
            torch.testing.assert_close(logits, batched[row : row + 1], rtol=1e-5, atol=1e-6)
            assert model.vocab.decode(greedy_decode(model, alone, max_len=11)[0]) == model.vocab.decode(decoded[row])
        model.source_mask = lambda src: None  # the padding read as if it were text
        unmasked = model(x, y[:, :-1])
    padded = torch.tensor([len(source) < x.shape[1] for source in dataset.sources])
    assert (unmasked[padded] - batched[padded]).abs().amax() > 1e-3


# -- the task's defaults ----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(human_dates.KINDS))
def test_every_default_setup_builds_its_model_and_its_train_settings(name):
    from seq2seq_lib.registry import model_class
    from seq2seq_lib.training import resolve_settings

    setup = human_dates.default_setup(*human_dates.KINDS[name])
    assert human_dates.default_setup(name) == setup
    model = model_class(setup.kind)(human_date_vocabulary(), **setup.model)
    assert model.config().items() >= setup.model.items()
    resolve_settings(model, **setup.train)  # every setting is one train() takes, in range
    assert 1000 <= setup.train_size <= 100_000 and setup.held_out_size == 2000


def test_the_bidirectional_plain_model_shares_the_plain_settings():
    plain, both = human_dates.default_setup("plain"), human_dates.default_setup("plain", bidirectional=True)
    assert both.model == {**plain.model, "bidirectional": True} and both.train == plain.train


def test_a_kind_without_defaults_is_refused():
    with pytest.raises(ArgumentError, match="no human-dates defaults"):
        human_dates.default_setup("transformer", bidirectional=True)


def test_the_attention_model_reaches_the_goal_with_the_default_setup():
    """The issue's goal, seed 0: at least 99% held-out exact match over all forms (and in each language).

    benchmarks/human_dates.py measures the time and the other seeds.
    """
    from seq2seq_lib import train
    from seq2seq_lib.registry import model_class

    setup = human_dates.default_setup("attention")
    corpus = HumanDateDataset(setup.train_size, seed=0)
    held_out = held_out_dataset(corpus, n=setup.held_out_size)
    set_seed(0)
    model = model_class(setup.kind)(corpus.vocab, **setup.model)
    history = train(model, corpus, eval_dataset=held_out, seed=0, progress=False, **setup.train)
    last = history.iloc[-1]
    assert last["exact_match"] >= 0.99, history
    assert min(last["en"], last["zh"], last["iso"]) >= 0.98, history
    assert translate(model, ["Tuesday, March 5, 2024", "2024年3月5日 星期二", "29 Feb 2000"]) == [
        "2024-03-05",
        "2024-03-05",
        "2000-02-29",
    ]
