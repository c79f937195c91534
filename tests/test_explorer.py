"""The decoding explorer: its computation against the library's decoders, and the widget driven from Python.

The widget is read the way a learner reads it: every pane is an ``HTML`` or ``Label``
widget, and its ``value`` is parsed here into table rows of cell texts (no browser).
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import ipywidgets as widgets
import pytest
import torch
import torch.nn.functional as F

import seq2seq_lib.explorer as explorer_module
from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, Vocabulary, greedy_decode, set_seed, train, translate
from seq2seq_lib.data import check_source_date
from seq2seq_lib.decoding import beam_search
from seq2seq_lib.explorer import (
    NO_ATTENTION,
    NO_TRANSLATION,
    UI_STRINGS,
    DecodingExplorer,
    decode_steps,
    explore,
    source_ids,
    steps_text,
)
from seq2seq_lib.tasks import task_input
from seq2seq_lib.validation import ArgumentTypeError

DATES = ["24-03-05", "74-01-01", "34-12-31", "00-02-29", "99-07-14"]
BAD_DATES = ["24-13-05", "", "2024-03-05", "35-01-01", "23-02-29", "24-3-5", "24-03-05 "]


# -- reading the widget ------------------------------------------------------------------
class _Tables(HTMLParser):
    """Every table of an HTML string: rows of (cell text, outlined?) pairs."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[tuple[str, bool]]]] = []
        self._cell: list[str] | None = None
        self._outlined = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._outlined = "outline" in (dict(attrs).get("style") or "")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(("".join(self._cell).strip(), self._outlined))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(value: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(value)
    return [[[text for text, _ in row] for row in table] for table in parser.tables]


def outlined(value: str) -> list[list[list[bool]]]:
    parser = _Tables()
    parser.feed(value)
    return [[[flag for _, flag in row] for row in table] for table in parser.tables]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(value: str) -> str:
    """What a pane says, without its markup (entities decoded)."""
    parser = _Text()
    parser.feed(value)
    return "".join(parser.parts)


def all_text(explorer: DecodingExplorer) -> str:
    panes = (explorer.message, explorer.tokens, explorer.step_view, explorer.attention, explorer.beam)
    return " ".join([explorer.translation.value, *(text_of(p.value) for p in panes)])


# -- models ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> DateDataset:
    return DateDataset(4000)


@pytest.fixture(scope="module")
def plain(corpus) -> Seq2Seq:
    set_seed(0)
    model = Seq2Seq(corpus.vocab)
    train(model, corpus, epochs=3, progress=False)
    return model


@pytest.fixture(scope="module")
def attention(corpus) -> AttentionSeq2Seq:
    set_seed(0)
    model = AttentionSeq2Seq(corpus.vocab)
    train(model, corpus, epochs=3, progress=False)
    return model


@pytest.fixture(scope="module")
def untrained() -> AttentionSeq2Seq:
    """Ends no output with <EOS>: every decoding runs to max_output_len."""
    set_seed(0)
    return AttentionSeq2Seq(Vocabulary.dates())


@pytest.fixture(params=["plain", "attention", "untrained"])
def model(request):
    return request.getfixturevalue(request.param)


def test_the_untrained_model_never_stops(untrained):
    steps = decode_steps(untrained, "24-03-05")
    assert len(steps) == untrained.max_output_len and untrained.vocab.eos_id not in [s.token_id for s in steps]


def step_logits(model, text: str, tokens: list[int]) -> torch.Tensor:
    """The logits ``[L, V]`` of ``model.step`` fed <GO> and then ``tokens[:-1]``, written out here."""
    src = torch.tensor([model.vocab.encode(text)])
    with torch.no_grad():
        mask = model.source_mask(src)
        memory, encoder_state = model.encode(src, mask)
        state = model.initial_state(encoder_state)
        rows = []
        for token in [model.vocab.go_id, *tokens[:-1]]:
            logits, state, _ = model.step(torch.tensor([token]), state, memory, mask)
            rows.append(logits[0])
    return torch.stack(rows)


# -- the computation: decode_steps -------------------------------------------------------
@pytest.mark.parametrize("text", DATES)
def test_decode_steps_gives_greedy_decodings_tokens(model, text):
    steps = decode_steps(model, text)
    ids = greedy_decode(model, source_ids(model, text))[0].tolist()
    ids = ids[: ids.index(model.vocab.eos_id) + 1] if model.vocab.eos_id in ids else ids
    assert [step.token_id for step in steps] == ids
    assert [step.token for step in steps] == [model.vocab.tokens[i] for i in ids]
    assert [step.position for step in steps] == list(range(1, len(steps) + 1))
    assert steps_text(model, steps) == translate(model, text)


@pytest.mark.parametrize("text", DATES[:3])
def test_decode_steps_probabilities_are_the_softmax_of_the_step_logits(model, text):
    steps = decode_steps(model, text, top_k=3)
    probs = F.softmax(step_logits(model, text, [s.token_id for s in steps]), dim=-1)
    for step, row in zip(steps, probs, strict=True):
        assert step.prob == pytest.approx(float(row[step.token_id]), abs=1e-6)
        assert step.prob == pytest.approx(float(row.max()), abs=1e-6)  # greedy takes the most probable
        expected = row.topk(3).values.tolist()
        assert [c.prob for c in step.top] == pytest.approx(expected, abs=1e-6)
        for candidate in step.top:
            assert candidate.prob == pytest.approx(float(row[model.vocab.token_to_id[candidate.token]]), abs=1e-6)


@pytest.mark.parametrize("top_k", [1, 3, 5])
def test_top_k_is_sorted_starts_with_the_chosen_token_and_sums_to_at_most_one(model, top_k):
    for step in decode_steps(model, "24-03-05", top_k=top_k):
        probs = [c.prob for c in step.top]
        assert len(step.top) == top_k
        assert probs == sorted(probs, reverse=True)
        assert sum(probs) <= 1 + 1e-6
        assert step.top[0].token == step.token and step.top[0].prob == step.prob
        assert len({c.token for c in step.top}) == top_k


def test_the_whole_vocabulary_sums_to_one(attention):
    for step in decode_steps(attention, "24-03-05", top_k=len(attention.vocab)):
        assert sum(c.prob for c in step.top) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("text", DATES[:3])
def test_attention_rows_match_greedy_decode_and_sum_to_one(attention, text):
    steps = decode_steps(attention, text)
    _, alpha = greedy_decode(attention, source_ids(attention, text), return_attention=True)
    for step, row in zip(steps, alpha[0], strict=False):
        assert len(step.attention) == len(text)
        assert sum(step.attention) == pytest.approx(1.0, abs=1e-5)
        assert list(step.attention) == pytest.approx(row.tolist(), abs=1e-6)


def test_the_plain_model_has_no_attention(plain):
    assert all(step.attention is None for step in decode_steps(plain, "24-03-05"))


@pytest.mark.parametrize("text", BAD_DATES)
def test_decode_steps_refuses_what_check_source_date_refuses(plain, text):
    with pytest.raises(ValueError) as expected:
        check_source_date(text)
    with pytest.raises(ValueError) as got:
        decode_steps(plain, text)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("top_k", [0, -1, 2.0, True, 10_000])
def test_decode_steps_refuses_a_bad_top_k(plain, top_k):
    with pytest.raises(ValueError, match="top_k"):
        decode_steps(plain, "24-03-05", top_k=top_k)


def test_decode_steps_restores_the_models_mode():
    set_seed(0)
    model = AttentionSeq2Seq(Vocabulary.dates()).train()
    decode_steps(model, "24-03-05")
    explore(model)
    assert model.training
    model.eval()
    decode_steps(model, "24-03-05")
    assert not model.training


# -- the widget --------------------------------------------------------------------------
def test_explore_returns_a_vbox_of_core_widgets(model):
    explorer = explore(model)
    assert isinstance(explorer, DecodingExplorer) and isinstance(explorer, widgets.VBox)
    assert isinstance(explorer.text, widgets.Text) and explorer.text.continuous_update is False
    assert isinstance(explorer.step, widgets.IntSlider) and isinstance(explorer.beam_width, widgets.IntSlider)
    assert (explorer.beam_width.min, explorer.beam_width.max) == (1, 5)
    parts = list(explorer.children)
    while parts:
        part = parts.pop()
        assert type(part).__module__.startswith("ipywidgets.")  # core widgets only: Colab, Binder, Lab
        parts.extend(getattr(part, "children", ()))
    assert explorer.message.value == "" and explorer.error is None


@pytest.mark.parametrize("text", DATES)
def test_the_shown_translation_is_translates(model, text):
    explorer = explore(model)
    explorer.text.value = text
    assert explorer.translation.value == translate(model, text)
    assert explorer.message.value == ""
    assert explorer.step.max == len(decode_steps(model, text))


def test_moving_the_step_shows_that_steps_token_probability_and_top_3(model):
    explorer = explore(model, "24-03-05")
    steps = decode_steps(model, "24-03-05")
    assert explorer.step.min == 1 and explorer.step.max == len(steps)
    for position in [3, 1, len(steps), 2]:
        explorer.step.value = position
        step = steps[position - 1]
        view = explorer.step_view.value
        assert f"step {position} of {len(steps)}" in text_of(view)
        assert f"'{step.token}' with probability {step.prob:.4f}" in text_of(view)
        [top] = tables(view)
        assert top[0] == ["Rank", "Token", "Probability"]
        rows = top[1:]
        assert [row[0] for row in rows] == ["1", "2", "3"]
        assert [row[1] for row in rows] == [c.token for c in step.top]
        shown = [float(row[2]) for row in rows]
        assert shown == pytest.approx([c.prob for c in step.top], abs=5e-5)
        assert shown == sorted(shown, reverse=True) and sum(shown) <= 1 + 3e-4
        # the token strip lists every step's token and outlines the chosen step only
        [strip] = tables(explorer.tokens.value)
        assert strip[0][1:] == [str(s.position) for s in steps]
        assert strip[1][1:] == [s.token for s in steps]
        assert [float(p) for p in strip[2][1:]] == pytest.approx([s.prob for s in steps], abs=5e-4)
        flags = outlined(explorer.tokens.value)[0][1][1:]
        assert flags == [s.position == position for s in steps]


def test_the_attention_row_has_one_cell_per_source_character_and_sums_to_one(attention):
    explorer = explore(attention, "24-03-05")
    steps = decode_steps(attention, "24-03-05")
    for position in range(1, len(steps) + 1):
        explorer.step.value = position
        assert f"step {position}" in text_of(explorer.attention.value)
        [table] = tables(explorer.attention.value)
        source, weights = table
        assert source == ["Source", *"24-03-05"]
        assert weights[0] == "Weight" and len(weights) == 1 + len("24-03-05")
        shown = [float(w) for w in weights[1:]]
        assert sum(shown) == pytest.approx(1.0, abs=8 * 5e-4)
        assert shown == pytest.approx(list(steps[position - 1].attention), abs=5e-4)


def test_the_attention_row_follows_the_text(attention):
    explorer = explore(attention, "24-03-05")
    explorer.text.value = "99-07-14"
    [table] = tables(explorer.attention.value)
    assert table[0] == ["Source", *"99-07-14"]
    expected = decode_steps(attention, "99-07-14")[explorer.step.value - 1].attention
    assert [float(w) for w in table[1][1:]] == pytest.approx(list(expected), abs=5e-4)


def test_the_plain_model_says_it_has_no_attention(plain):
    explorer = explore(plain)
    for position in (1, 4):
        explorer.step.value = position
        assert text_of(explorer.attention.value) == NO_ATTENTION
        assert tables(explorer.attention.value) == []


def test_the_step_is_kept_when_the_text_changes(attention):
    explorer = explore(attention, "24-03-05")
    explorer.step.value = 4
    explorer.text.value = "74-01-01"
    assert explorer.step.value == 4
    assert f"step 4 of {explorer.step.max}" in text_of(explorer.step_view.value)


@pytest.mark.parametrize("text", BAD_DATES)
def test_a_bad_date_shows_the_validation_message_and_no_translation(model, text):
    explorer = explore(model, "24-03-05")
    with pytest.raises(ValueError) as expected:
        check_source_date(text)
    explorer.text.value = text  # must not raise
    assert str(expected.value) in text_of(explorer.message.value)
    assert explorer.error == str(expected.value)
    assert explorer.translation.value == NO_TRANSLATION
    assert explorer.step.disabled and explorer.beam_width.disabled
    for pane in (explorer.tokens, explorer.step_view, explorer.attention, explorer.beam):
        assert pane.value == ""
    assert explorer.steps == [] and explorer.hypotheses == []
    assert "Traceback" not in all_text(explorer)
    # moving the controls while the input is bad changes nothing and raises nothing
    explorer.beam_width.value = 4
    explorer.step.value = 1
    assert explorer.beam.value == "" and explorer.step_view.value == ""
    # a good date brings everything back
    explorer.text.value = "74-01-01"
    assert explorer.message.value == "" and explorer.error is None
    assert explorer.translation.value == translate(model, "74-01-01")
    assert not explorer.step.disabled and not explorer.beam_width.disabled
    assert len(tables(explorer.beam.value)[0]) == 1 + 4


def test_a_bad_first_text_shows_the_message(plain):
    explorer = explore(plain, "24-02-30")
    assert "'24-02-30' is not a real date" in text_of(explorer.message.value)
    assert explorer.translation.value == NO_TRANSLATION


@pytest.mark.parametrize("width", [1, 2, 3, 4, 5])
def test_the_beam_pane_lists_its_candidates_best_first(model, width):
    explorer = explore(model, "24-03-05")
    explorer.beam_width.value = width
    [table] = tables(explorer.beam.value)
    assert table[0] == ["Rank", "Output", "Log probability", "Probability"]
    rows = table[1:]
    assert len(rows) == width
    assert f"width {width}" in text_of(explorer.beam.value)
    log_probs = [float(row[2]) for row in rows]
    assert log_probs == sorted(log_probs, reverse=True)
    assert all(lp <= 0 for lp in log_probs)
    assert [float(row[3]) for row in rows] == pytest.approx([math.exp(lp) for lp in log_probs], abs=1e-4)
    assert rows[0][1] == translate(model, "24-03-05", beam_width=width)
    expected = beam_search(model, source_ids(model, "24-03-05"), width)[0]
    assert [row[1] for row in rows] == [h.text for h in expected]
    assert log_probs == pytest.approx([h.log_prob for h in expected], abs=5e-5)
    assert explorer.hypotheses == expected


def test_width_one_is_the_greedy_translation(model):
    explorer = explore(model, "34-12-31", beam_width=1)
    [table] = tables(explorer.beam.value)
    assert table[1][1] == explorer.translation.value


def test_changing_the_beam_width_leaves_the_greedy_panes_alone(attention):
    explorer = explore(attention, "24-03-05")
    explorer.step.value = 5
    before = (explorer.translation.value, explorer.tokens.value, explorer.step_view.value, explorer.attention.value)
    explorer.beam_width.value = 5
    after = (explorer.translation.value, explorer.tokens.value, explorer.step_view.value, explorer.attention.value)
    assert before == after


def test_explore_refuses_bad_arguments(plain):
    for width in (0, 6, 2.5, True):
        with pytest.raises(ValueError, match="beam_width"):
            explore(plain, beam_width=width)
    with pytest.raises(ValueError, match="top_k"):
        explore(plain, top_k=0)


def test_explore_names_a_missing_model_or_text(plain):
    """Issue 20: explore(None) gave AttributeError '... vocab', explore(m, text=None) a TraitError on 'placeholder'."""
    for not_a_model in (None, "model.pt", torch.nn.Linear(2, 2)):
        with pytest.raises(ArgumentTypeError, match="model must be a seq2seq_lib model"):
            explore(not_a_model)
        with pytest.raises(ArgumentTypeError, match="model must be a seq2seq_lib model"):
            decode_steps(not_a_model, "24-03-05")
    for text in (240305, ["24-03-05"]):
        with pytest.raises(ArgumentTypeError, match=r"text must be a str, the input shown first \(e.g. '24-03-05'\)"):
            explore(plain, text=text)
    with pytest.raises(ArgumentTypeError, match="check_source must be a function"):
        explore(plain, check_source="yy-mm-dd")
    with pytest.raises(ArgumentTypeError, match="source_label must be a str"):
        explore(plain, source_label=5)
    assert explore(plain, text="not a date").translation.value == NO_TRANSLATION, "a bad str is shown, not refused"
    opened = explore(plain, text=None, source_label=None)
    assert (opened.text.value, opened.text.description) == ("24-03-05", "Date (yy-mm-dd)"), "None: the task's"


# -- other tasks, other models, other languages ------------------------------------------
LETTERS = Vocabulary(["a", "b", "c", "<GO>", "<EOS>"])


def check_letters(text: object) -> str:
    if not isinstance(text, str) or not text or set(text) - set("abc"):
        raise ValueError(f"{text!r}: use only the letters a, b and c")
    return text


def test_another_task_passes_its_own_check_and_label():
    set_seed(1)
    model = AttentionSeq2Seq(LETTERS, embedding_dim=4, units=6, max_output_len=4)
    explorer = explore(model, "abcab", check_source=check_letters, source_label="Letters")
    assert explorer.text.description == "Letters"
    assert explorer.message.value == ""
    steps = decode_steps(model, "abcab", check_source=check_letters)
    assert explorer.translation.value == steps_text(model, steps)
    assert tables(explorer.attention.value)[0][0] == ["Source", *"abcab"]
    assert len(tables(explorer.beam.value)[0]) == 1 + 3
    explorer.text.value = "24-03-05"  # a date is a bad input for this task
    assert "use only the letters a, b and c" in text_of(explorer.message.value)
    assert explorer.translation.value == NO_TRANSLATION


def test_a_model_of_no_known_task_needs_its_first_text_and_reads_its_vocabulary():
    set_seed(1)
    model = AttentionSeq2Seq(LETTERS, embedding_dim=4, units=6, max_output_len=4)
    assert task_input(LETTERS) is None
    with pytest.raises(ValueError, match=r"not that of a task the library knows.*pass text="):
        explore(model)
    explorer = explore(model, "cab")
    assert explorer.text.description == "Input" and explorer.text.placeholder == "cab"
    assert explorer.message.value == "" and tables(explorer.attention.value)[0][0] == ["Source", *"cab"]
    explorer.text.value = "abd"
    assert "'abd' has characters this model's vocabulary lacks: ['d']" in text_of(explorer.message.value)
    explorer.text.value = ""
    assert "empty input" in text_of(explorer.message.value)
    with pytest.raises(ArgumentTypeError, match=r"text must be a str, the input shown first, got int"):
        explore(model, 5)


# -- the human dates: the task comes from the model's vocabulary ---------------------------
@pytest.fixture(scope="module")
def human():
    """An untrained model of the human dates: enough to see what the explorer reads and shows."""
    from seq2seq_lib.tasks.human_dates import human_date_vocabulary

    set_seed(0)
    return AttentionSeq2Seq(human_date_vocabulary())


def test_task_input_knows_a_task_by_its_vocabulary():
    from seq2seq_lib.tasks import dates, human_dates
    from seq2seq_lib.tasks.copy import task_vocabulary

    assert task_input(Vocabulary.dates()) is dates.INPUT
    assert task_input(human_dates.human_date_vocabulary()) is human_dates.INPUT
    assert task_input(task_vocabulary()) is None and task_input(LETTERS) is None
    for task in (dates.INPUT, human_dates.INPUT):
        source = task.check(task.example)  # the example is an input of its task: checked, then read
        assert all(char in task.vocabulary() for char in source)


def test_a_human_dates_model_opens_on_its_tasks_example_label_and_check(human):
    from seq2seq_lib.tasks.human_dates import translate as translate_human_date

    explorer = explore(human)
    assert explorer.text.value == explorer.text.placeholder == "Tuesday, March 5, 2024"
    assert explorer.text.description == "Date (any form)"
    assert explorer.message.value == "" and explorer.error is None
    assert explorer.translation.value == translate_human_date(human, "Tuesday, March 5, 2024")
    for text, problem in [
        ("February 30, 2024", "'February 30, 2024' is not a real date: Feb 2024 has days 01-29"),
        ("2024年13月1日", "month 13 does not exist"),
        ("24-03-05", "not a date in one of the forms"),  # the article's format is not one of this task's
        ("hello", "'hello' is not a date in one of the forms"),
    ]:
        explorer.text.value = text
        assert problem in text_of(explorer.message.value), text
        assert explorer.translation.value == NO_TRANSLATION and explorer.steps == []
    with pytest.raises(ArgumentTypeError, match=r"text must be a str, the input shown first \(e.g. 'Tuesday, March 5"):
        explore(human, text=20240305)


@pytest.mark.parametrize("text", ["  TUESDAY, March 5, 2024 ", "2024年3月5日 星期二", "5 MAR 2024"])
def test_the_human_dates_explorer_decodes_and_shows_the_normalized_text(human, text):
    from seq2seq_lib.tasks.human_dates import normalize
    from seq2seq_lib.tasks.human_dates import translate as translate_human_date

    explorer = explore(human, text)
    assert explorer.source == normalize(text)
    assert explorer.translation.value == translate_human_date(human, text)
    head, weights = tables(explorer.attention.value)[0]
    assert head == ["Source", *[char.strip() for char in normalize(text)]]  # a space's cell reads empty
    assert len(weights) == 1 + len(normalize(text))
    assert sum(float(w) for w in weights[1:]) == pytest.approx(1.0, abs=5e-3)
    assert [row[1] for row in tables(explorer.beam.value)[0][1:]] == [
        h.text for h in beam_search(human, source_ids(human, text), 3)[0]
    ]


def test_the_explorer_imports_no_task_and_a_dates_model_does_not_load_babel():
    """The explorer knows no task; a model of the article's dates never makes it import the human dates."""
    import subprocess
    import sys

    program = (
        "import sys, torch\n"
        "import seq2seq_lib.explorer as e\n"
        "assert 'seq2seq_lib.tasks.human_dates' not in sys.modules and 'babel' not in sys.modules\n"
        "from seq2seq_lib import AttentionSeq2Seq, Vocabulary\n"
        "w = e.explore(AttentionSeq2Seq(Vocabulary.dates()))\n"
        "assert w.text.value == '24-03-05' and 'babel' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True, capture_output=True, text=True)
    source = open(explorer_module.__file__, encoding="utf-8").read()
    imports = [line for line in source.splitlines() if re.match(r"\s*(from|import) ", line)]
    assert imports and not [line for line in imports if "dates" in line], imports


@pytest.mark.parametrize("error", [RuntimeError, ValueError])
def test_a_failing_model_is_reported_in_the_widget(error):
    class BrokenModel(Seq2Seq):
        def step(self, tokens, state, memory, mask=None):
            raise error("the decoder is broken")

    set_seed(0)
    explorer = explore(BrokenModel(Vocabulary.dates()))
    assert f"Decoding failed: {error.__name__}: the decoder is broken" in text_of(explorer.message.value)
    assert explorer.translation.value == NO_TRANSLATION
    assert explorer.beam.value == ""


def test_the_ui_strings_go_through_the_translation_hook(plain, monkeypatch):
    monkeypatch.setattr(explorer_module, "_tr", lambda text: f"[{text}]")
    explorer = explore(plain)
    assert explorer.text.description == "[Date (yy-mm-dd)]"
    assert explorer.step.description == "[Step]" and explorer.beam_width.description == "[Beam width]"
    assert text_of(explorer.translation_label.value) == "[Translation]"
    assert text_of(explorer.attention.value) == f"[{NO_ATTENTION}]"
    assert tables(explorer.beam.value)[0][0] == ["[Rank]", "[Output]", "[Log probability]", "[Probability]"]
    explorer.text.value = "bad"
    assert explorer.translation.value == f"[{NO_TRANSLATION}]"


def test_every_ui_string_is_listed():
    constants = [
        value
        for name, value in vars(explorer_module).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, str)
    ]
    assert sorted(constants) == sorted(UI_STRINGS)


def test_every_ui_string_has_its_chinese_and_the_widget_speaks_it(plain):
    from seq2seq_lib.i18n import set_language, translations

    ZH = translations("zh")

    missing = [text for text in UI_STRINGS if text not in ZH]
    assert not missing, f"add to the catalog: {missing}"
    for text in UI_STRINGS:  # a template keeps its fields in Chinese
        assert sorted(re.findall(r"{(\w+)}", ZH[text])) == sorted(re.findall(r"{(\w+)}", text)), text
    try:
        set_language("zh")
        explorer = explore(plain, "99-12-31")
        assert explorer.text.description == ZH["Date (yy-mm-dd)"]
        assert explorer.step.description == ZH["Step"] and explorer.beam_width.description == ZH["Beam width"]
        assert text_of(explorer.translation_label.value) == ZH["Translation"]
        assert text_of(explorer.attention.value) == ZH[NO_ATTENTION]
        assert "贪心解码" in text_of(explorer.step_view.value) and "束搜索" in text_of(explorer.beam.value)
        assert tables(explorer.beam.value)[0][0] == ["排名", "输出", "对数概率", "概率"]
        explorer.text.value = "24-13-05"
        assert explorer.translation.value == ZH[NO_TRANSLATION]
        explorer.text.value = "23-02-29"  # the refusal's reason, in Chinese too
        assert explorer.error == "'23-02-29' 不是真实的日期：2023 年 2 月只有 01-28 日", explorer.error
    finally:
        set_language("en")
    explorer = explore(plain, "23-02-29")  # and in English again
    assert explorer.error == "'23-02-29' is not a real date: Feb 2023 has days 01-28"
