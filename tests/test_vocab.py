"""The fixed, sorted token vocabulary."""

from __future__ import annotations

import pytest

from seq2seq_lib import DateDataset, Vocabulary

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EXPECTED_TOKENS = {*"0123456789", "-", "/", *MONTHS, "<GO>", "<EOS>", "<PAD>"}


def test_date_vocabulary_holds_exactly_digits_separators_months_and_specials():
    vocab = Vocabulary.dates()
    assert set(vocab.tokens) == EXPECTED_TOKENS
    assert len(vocab) == 27 == len(vocab.tokens)


def test_pad_is_id_zero_and_the_other_tokens_follow_in_sorted_order():
    vocab = Vocabulary.dates()
    assert vocab.tokens[0] == "<PAD>"
    assert vocab.pad_id == 0
    assert list(vocab.tokens[1:]) == sorted(EXPECTED_TOKENS - {"<PAD>"})
    assert vocab.token_to_id == {token: i for i, token in enumerate(vocab.tokens)}


def test_special_token_ids_point_at_their_tokens():
    vocab = Vocabulary.dates()
    assert vocab.tokens[vocab.go_id] == "<GO>"
    assert vocab.tokens[vocab.eos_id] == "<EOS>"


def test_token_order_given_does_not_change_the_ids():
    tokens = sorted(EXPECTED_TOKENS - {"<PAD>"})
    assert Vocabulary(reversed(tokens)) == Vocabulary(tokens) == Vocabulary([*tokens, "<PAD>"])
    assert Vocabulary(reversed(tokens)).tokens == Vocabulary.dates().tokens


@pytest.mark.parametrize(("n", "seed"), [(1, 213), (3, 0), (50, 7), (4000, 213)])
def test_every_dataset_shares_the_same_vocabulary(n, seed):
    """Even a corpus too small to contain all twelve months gets every month token."""
    dataset = DateDataset(n, seed=seed)
    assert dataset.vocab == Vocabulary.dates()
    assert dataset.v2i == Vocabulary.dates().token_to_id


def test_equal_vocabularies_hash_alike_and_differ_from_other_vocabularies():
    other = Vocabulary([*"0123456789", "<GO>", "<EOS>"])
    assert hash(Vocabulary.dates()) == hash(Vocabulary.dates())
    assert other != Vocabulary.dates()
    assert Vocabulary.dates() != list(Vocabulary.dates().tokens)


def test_encode_maps_tokens_to_ids():
    vocab = Vocabulary.dates()
    ids = vocab.encode(["<GO>", "0", "5", "/", "Mar", "<EOS>"])
    assert [vocab.tokens[i] for i in ids] == ["<GO>", "0", "5", "/", "Mar", "<EOS>"]


def test_encode_names_an_unknown_token():
    with pytest.raises(KeyError, match="'x'"):
        Vocabulary.dates().encode(["2", "x"])


def test_decode_stops_at_eos_and_skips_go_and_pad():
    vocab = Vocabulary.dates()
    ids = vocab.encode(["<GO>", "0", "5", "/", "Mar", "/", "<PAD>", "2", "<EOS>", "9", "Jan"])
    assert vocab.decode(ids) == "05/Mar/2"


def test_decode_without_eos_reads_to_the_end():
    vocab = Vocabulary.dates()
    assert vocab.decode(vocab.encode(list("24-03-05"))) == "24-03-05"


def test_duplicate_tokens_are_rejected():
    with pytest.raises(ValueError, match="unique"):
        Vocabulary(["a", "a", "<GO>", "<EOS>"])


@pytest.mark.parametrize("missing", ["<GO>", "<EOS>"])
def test_missing_special_token_is_rejected(missing):
    tokens = [t for t in ["a", "<GO>", "<EOS>"] if t != missing]
    with pytest.raises(ValueError, match=missing):
        Vocabulary(tokens)
