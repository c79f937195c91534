"""translate() and greedy decoding: answers, input validation, stopping at <EOS>."""

from __future__ import annotations

import pytest
import torch

import seq2seq_lib.decoding as decoding
from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, Vocabulary, greedy_decode, translate

VOCAB = Vocabulary.dates()
V = VOCAB.token_to_id


# -- a trained model's answers -----------------------------------------------------
@pytest.mark.parametrize(
    ("source", "target"),
    [("74-01-01", "01/Jan/1974"), ("34-06-15", "15/Jun/2034"), ("00-02-29", "29/Feb/2000")],
)
def test_trained_models_translate_the_century_edges(trained, source, target):
    assert translate(trained.model, source) == target


def test_a_string_gives_a_string_and_a_list_gives_a_list(trained):
    model = trained.model
    single = translate(model, "74-01-01")
    assert isinstance(single, str)
    batch = translate(model, ["74-01-01", "34-06-15"])
    assert isinstance(batch, list) and batch == ["01/Jan/1974", "15/Jun/2034"]
    assert translate(model, ("74-01-01",)) == ["01/Jan/1974"]
    assert translate(model, []) == []


def test_batch_translation_equals_one_at_a_time_and_any_batch_size(trained, held_out):
    model = trained.model
    sources = held_out.date_cn[:40]
    one_by_one = [translate(model, s) for s in sources]
    assert translate(model, sources) == one_by_one
    assert translate(model, sources, batch_size=7) == one_by_one


def test_translations_are_dates_in_the_target_format(trained, held_out):
    for text in translate(trained.model, held_out.date_cn[:200]):
        day, month, year = text.split("/")
        assert len(day) == 2 and day.isdigit()
        assert month in {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
        assert len(year) == 4 and year.isdigit()


def test_greedy_decode_equals_feeding_back_argmax_predictions(trained, held_out):
    model = trained.model
    x, y = held_out.tensors()
    x, decoder_inputs = x[:50], y[:50, :-1]
    ids = greedy_decode(model, x)
    with torch.no_grad():
        free_running = model(x, decoder_inputs, teacher_forcing=0.0).argmax(dim=-1)
    assert ids.shape == (50, 10)
    for row, expected in zip(ids.tolist(), free_running.tolist(), strict=True):
        end = row.index(V["<EOS>"]) + 1
        assert row[:end] == expected[:end]
        assert row[end:] == [V["<PAD>"]] * (10 - end)


# -- input validation --------------------------------------------------------------
BAD_DATES = {
    "four-digit-year": ("2024-03-05", "not in the format 'yy-mm-dd'"),
    "slashes": ("24/03/05", "not in the format 'yy-mm-dd'"),
    "no-leading-zeros": ("24-3-5", "not in the format 'yy-mm-dd'"),
    "full-width-digits": ("２４-03-05", "not in the format 'yy-mm-dd'"),
    "arabic-indic-digits": ("٢٤-03-05", "not in the format 'yy-mm-dd'"),
    "leading-space": (" 24-03-05", "not in the format 'yy-mm-dd'"),
    "trailing-newline": ("24-03-05\n", "not in the format 'yy-mm-dd'"),
    "trailing-space": ("24-03-05 ", "not in the format 'yy-mm-dd'"),
    "words": ("March 5th", "not in the format 'yy-mm-dd'"),
    "feb-30": ("24-02-30", "not a real date"),
    "feb-29-non-leap": ("23-02-29", "not a real date"),
    "feb-29-1974": ("74-02-29", "not a real date"),
    "apr-31": ("24-04-31", "not a real date"),
    "month-00": ("24-00-10", "month 00"),
    "month-13": ("24-13-01", "month 13"),
    "day-00": ("24-03-00", "not a real date"),
    "year-35": ("35-01-01", "1974-2034"),
    "year-50": ("50-06-15", "1974-2034"),
    "year-73": ("73-12-31", "1974-2034"),
}


@pytest.fixture
def untrained_model() -> Seq2Seq:
    return Seq2Seq(VOCAB, embedding_dim=4, units=8)


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail if anything gets decoded: a bad batch must be refused before any work."""

    def refuse(*args, **kwargs):
        raise AssertionError("greedy_decode ran although the input was invalid")

    monkeypatch.setattr(decoding, "greedy_decode", refuse)


@pytest.mark.parametrize(("text", "problem"), BAD_DATES.values(), ids=BAD_DATES.keys())
def test_a_bad_date_is_refused_naming_it_and_the_problem(untrained_model, no_decoding, text, problem):
    with pytest.raises(ValueError) as excinfo:
        translate(untrained_model, text)
    message = str(excinfo.value)
    assert repr(text) in message
    assert problem in message


def test_an_empty_string_is_refused_as_empty(untrained_model, no_decoding):
    with pytest.raises(ValueError, match="empty"):
        translate(untrained_model, "")


@pytest.mark.parametrize(("text", "problem"), BAD_DATES.values(), ids=BAD_DATES.keys())
def test_one_bad_entry_fails_the_whole_batch_naming_its_index_and_value(untrained_model, no_decoding, text, problem):
    with pytest.raises(ValueError) as excinfo:
        translate(untrained_model, ["11-07-04", "99-12-31", text, "00-01-01"])
    message = str(excinfo.value)
    assert "entry 2" in message
    assert repr(text) in message
    assert problem in message
    assert "'11-07-04'" not in message and "'99-12-31'" not in message and "entry 0" not in message


def test_every_bad_entry_of_a_batch_is_named(untrained_model, no_decoding):
    with pytest.raises(ValueError) as excinfo:
        translate(untrained_model, ["24-02-30", "24-03-05", "", "50-01-01"])
    message = str(excinfo.value)
    assert "entry 0" in message and "'24-02-30'" in message
    assert "entry 2" in message and "empty" in message
    assert "entry 3" in message and "'50-01-01'" in message
    assert "entry 1" not in message


@pytest.mark.parametrize(
    "bad", [None, 240305, b"24-03-05", 24.0305, {"24-03-05"}, [None], ["24-03-05", b"24-03-05"], [240305]]
)
def test_non_strings_are_a_type_error(untrained_model, no_decoding, bad):
    with pytest.raises(TypeError, match="str"):
        translate(untrained_model, bad)


@pytest.mark.parametrize("text", ["74-01-01", "34-12-31", "24-02-29", "00-02-29", "96-02-29", "99-12-31", "00-01-01"])
def test_edge_dates_of_the_corpus_are_accepted(untrained_model, text):
    result = translate(untrained_model, text)
    assert isinstance(result, str)


# -- greedy decoding, on a model whose outputs we script -----------------------------
class ScriptedModel(Seq2Seq):
    """A Seq2Seq whose step t answers ``script[row][t]`` for each row, counting the steps."""

    def __init__(self, script: list[list[str]]):
        super().__init__(VOCAB, embedding_dim=4, units=8, max_output_len=len(script[0]))
        self.script = [[V[token] for token in row] for row in script]
        self.calls = 0

    def step(self, tokens, state, memory, mask=None):
        t = self.calls
        self.calls += 1
        logits = torch.zeros(tokens.shape[0], len(VOCAB))
        for row in range(tokens.shape[0]):
            logits[row, self.script[row % len(self.script)][t]] = 1.0
        return logits, state, None


def test_decoding_stops_at_eos_and_leaves_it_out():
    model = ScriptedModel([["1", "2", "/", "<EOS>", "9", "9", "9", "9", "9", "9"]])
    assert translate(model, "24-03-05") == "12/"
    assert model.calls == 4


def test_rows_ending_early_are_padded_until_every_row_has_ended():
    model = ScriptedModel(
        [
            ["1", "<EOS>", "3", "3", "3", "3", "3", "3", "3", "3"],
            ["4", "5", "6", "<EOS>", "7", "7", "7", "7", "7", "7"],
        ]
    )
    src = torch.tensor([VOCAB.encode("24-03-05"), VOCAB.encode("99-12-31")])
    ids = greedy_decode(model, src)
    assert ids.tolist() == [
        [V["1"], V["<EOS>"], V["<PAD>"], V["<PAD>"]],
        [V["4"], V["5"], V["6"], V["<EOS>"]],
    ]
    assert model.calls == 4


def test_decoding_without_eos_stops_at_the_longest_output():
    model = ScriptedModel([["1"] * 10])
    assert translate(model, "24-03-05") == "1" * 10
    assert model.calls == model.max_output_len == 10


def test_decoding_feeds_each_output_back_as_the_next_input():
    fed = []

    class Recording(ScriptedModel):
        def step(self, tokens, state, memory, mask=None):
            fed.append(tokens.tolist())
            return super().step(tokens, state, memory, mask)

    model = Recording([["0", "5", "/", "Mar", "<EOS>", "1", "1", "1", "1", "1"]])
    assert translate(model, "24-03-05") == "05/Mar"
    assert fed == [[V["<GO>"]], [V["0"]], [V["5"]], [V["/"]], [V["Mar"]]]


def test_greedy_decode_returns_attention_only_for_the_attention_model():
    src = torch.tensor([VOCAB.encode("24-03-05"), VOCAB.encode("99-12-31")])
    ids, alpha = greedy_decode(AttentionSeq2Seq(VOCAB), src, return_attention=True)
    assert alpha.shape == (2, ids.shape[1], 8)
    torch.testing.assert_close(alpha.sum(dim=-1), torch.ones(2, ids.shape[1]))
    _, none = greedy_decode(Seq2Seq(VOCAB), src, return_attention=True)
    assert none is None


def test_translate_keeps_the_models_training_mode(untrained_model):
    untrained_model.train()
    translate(untrained_model, "24-03-05")
    assert untrained_model.training


# -- devices -----------------------------------------------------------------------
@pytest.mark.parametrize("device", ["cpu", torch.device("cpu")], ids=["str", "torch.device"])
def test_greedy_decode_on_an_explicit_cpu_device(trained, held_out, device):
    x, _ = held_out.tensors(device)
    ids = greedy_decode(trained.model, x[:20])
    assert ids.device.type == "cpu"
    assert torch.equal(ids, greedy_decode(trained.model, torch.as_tensor(held_out.x[:20])))


def test_translation_does_not_create_tensors_on_the_default_device(trained, held_out):
    """With another default device (here 'meta', standing in for set_default_device('cuda'))
    a CPU model still translates on the CPU."""
    sources = held_out.date_cn[:20]
    expected = translate(trained.model, sources)
    with torch.device("meta"):
        assert translate(trained.model, sources) == expected


@pytest.mark.skipif(
    not torch.cuda.is_available(),
    reason="needs a CUDA GPU (CPU counterpart: test_greedy_decode_on_an_explicit_cpu_device)",
)
def test_translation_on_cuda_equals_the_cpu(held_out):
    dataset = DateDataset(200, seed=1)
    model = AttentionSeq2Seq(dataset.vocab)
    expected = translate(model, held_out.date_cn[:50])
    model.to("cuda")
    assert greedy_decode(model, torch.as_tensor(held_out.x[:5], device="cuda")).device.type == "cuda"
    assert translate(model, held_out.date_cn[:50]) == expected
