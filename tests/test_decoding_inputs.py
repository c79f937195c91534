"""Every decoder refuses, with the library's ArgumentError, an input the model cannot read.

For each model kind (plain, attention, Transformer) and each decoding entry point
(``greedy_decode``, ``beam_search``, ``beam_decode``, ``sequence_log_probs``): ids outside the
vocabulary (-1, ``len(vocab)``), a source row that is all ``<PAD>`` (an empty source; the
Transformer used to return NaN memory, 64 ``<PAD>`` tokens from greedy decoding and ``[]`` from
beam search, silently) and a row with a token after ``<PAD>`` (the LSTM kinds would read the
wrong tokens) are refused with a message that names the row; so is a model that is not one.
Right-padded sources still decode as before.
"""

from __future__ import annotations

import pytest
import torch

from seq2seq_lib import AttentionSeq2Seq, Seq2Seq, TransformerSeq2Seq
from seq2seq_lib.decoding import beam_decode, beam_search, greedy_decode, sample_decode, sequence_log_probs
from seq2seq_lib.tasks.dates import date_vocabulary
from seq2seq_lib.validation import ArgumentError, ArgumentTypeError

VOCAB = date_vocabulary()
KINDS = {
    "plain": lambda: Seq2Seq(VOCAB, max_output_len=12),
    "attention": lambda: AttentionSeq2Seq(VOCAB, max_output_len=12),
    "transformer": lambda: TransformerSeq2Seq(VOCAB, max_output_len=12),
}
DECODERS = {
    "greedy_decode": lambda model, src: greedy_decode(model, src),
    "beam_search": lambda model, src: beam_search(model, src, beam_width=3),
    "beam_decode": lambda model, src: beam_decode(model, src, beam_width=3),
    "sequence_log_probs": lambda model, src: sequence_log_probs(model, src, torch.full_like(src, VOCAB.eos_id)),
    "sample_decode": lambda model, src: sample_decode(model, src, generator=torch.Generator().manual_seed(0)),
}


def dates(*texts: str) -> torch.Tensor:
    return torch.tensor([VOCAB.encode(text) for text in texts])  # [B, 8]


@pytest.fixture(scope="module", params=sorted(KINDS))
def model(request):
    torch.manual_seed(0)
    return KINDS[request.param]().eval()


def bad_sources() -> dict[str, tuple[torch.Tensor, str]]:
    src = dates("24-03-05", "74-07-23")
    below, beyond, empty, gap = src.clone(), src.clone(), src.clone(), src.clone()
    below[1, 3] = -1
    beyond[0, 7] = len(VOCAB)
    empty[1] = VOCAB.pad_id
    gap[0, 2] = VOCAB.pad_id
    vocabulary = f"outside the model's vocabulary of {len(VOCAB)} tokens (0 to {len(VOCAB) - 1})"
    return {
        "id -1": (below, f"src holds ids {vocabulary}: -1 at row 1, position 3"),
        "id len(vocab)": (beyond, f"src holds ids {vocabulary}: {len(VOCAB)} at row 0, position 7"),
        "an all-<PAD> row": (empty, "row 1 of src is all <PAD> (an empty source)"),
        "a token after <PAD>": (gap, "row 0 of src has a token after <PAD> (at position 3): sources are right-padded"),
    }


@pytest.mark.parametrize("decoder", sorted(DECODERS))
@pytest.mark.parametrize("problem", sorted(bad_sources()))
def test_a_source_the_model_cannot_read_is_refused(model, decoder, problem):
    src, message = bad_sources()[problem]
    with pytest.raises(ArgumentError) as refused:
        DECODERS[decoder](model, src)
    assert message in str(refused.value)


@pytest.mark.parametrize("decoder", sorted(DECODERS))
def test_a_model_that_is_not_one_is_refused(decoder):
    with pytest.raises(ArgumentTypeError, match="model must be a seq2seq_lib model .* got str"):
        DECODERS[decoder]("not a model", dates("24-03-05"))


def test_scored_outputs_must_be_ids_of_the_vocabulary(model):
    src = dates("24-03-05", "74-07-23")
    ids = torch.full((2, 11), VOCAB.eos_id)
    for value in (-1, len(VOCAB)):
        wrong = ids.clone()
        wrong[1, 4] = value
        with pytest.raises(ArgumentError, match=f"ids holds ids outside .*: {value} at row 1, position 4"):
            sequence_log_probs(model, src, wrong)
    for wrong in (ids.float(), ids[0], ids[:1]):
        with pytest.raises(ArgumentError, match="ids must be"):
            sequence_log_probs(model, src, wrong)


def test_right_padded_sources_still_decode(model):
    """Shorter sources padded on the right are what the mask is for: finite scores, real outputs."""
    src = torch.tensor([VOCAB.encode("24-03-05"), VOCAB.encode("24-03") + [VOCAB.pad_id] * 3])
    ids = greedy_decode(model, src)
    assert ids.shape[0] == 2 and ids.shape[1] <= model.max_output_len
    hypotheses = beam_search(model, src, beam_width=2)
    assert [len(h) for h in hypotheses] == [2, 2]
    assert torch.isfinite(sequence_log_probs(model, src, ids)).all()
    assert torch.equal(beam_decode(model, src, beam_width=1), ids), "a beam of width 1 is greedy decoding"
