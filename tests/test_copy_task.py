"""The length task (copy / reverse a random string) and the stored attention-vs-length results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from seq2seq_lib import AttentionSeq2Seq, Seq2Seq, evaluate, set_seed, train
from seq2seq_lib.tasks.copy import (
    LengthTaskDataset,
    held_out_length_dataset,
    task_target,
    task_vocabulary,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "assets" / "results" / "attention_vs_length.csv"
DIGIT_TOKENS = ("<PAD>", *"0123456789", "<EOS>", "<GO>")  # <PAD> = 0, then sorted ("<" sorts after "9")


# -- the data ----------------------------------------------------------------------
def test_same_arguments_give_the_same_data():
    a = LengthTaskDataset(300, 3, 15, seed=7)
    b = LengthTaskDataset(300, 3, 15, seed=7)
    assert a.sources == b.sources and a.targets == b.targets
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert LengthTaskDataset(300, 3, 15, seed=8).sources != a.sources


def test_known_first_strings_pin_the_random_stream():
    """The legacy RandomState stream is stable across NumPy versions and platforms (dtypes pinned)."""
    assert LengthTaskDataset(5, 3, 6, seed=0).sources == ["379", "476881", "6778", "989", "350238"]


def test_does_not_touch_numpys_global_state():
    before = np.random.get_state()[1].copy()
    LengthTaskDataset(50, 3, 9, seed=3)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("task", ["copy", "reverse"])
def test_shapes_padding_and_targets(task):
    data = LengthTaskDataset(400, 3, 12, task=task, seed=1)
    assert len(data) == 400
    assert data.x.shape == (400, 12) and data.y.shape == (400, 14)
    assert data.x.dtype == np.int64 and data.y.dtype == np.int64
    assert data.lengths.tolist() == [len(s) for s in data.sources]
    assert set(data.lengths.tolist()) == set(range(3, 13))  # every length occurs in 400 draws
    vocab = data.vocab
    for i in range(len(data)):
        length = len(data.sources[i])
        assert data.targets[i] == (data.sources[i] if task == "copy" else data.sources[i][::-1])
        assert (data.x[i, :length] != vocab.pad_id).all() and (data.x[i, length:] == vocab.pad_id).all()
        assert data.y[i, 0] == vocab.go_id and data.y[i, length + 1] == vocab.eos_id
        assert (data.y[i, length + 2 :] == vocab.pad_id).all()
        assert vocab.decode(data.x[i]) == data.sources[i]
        assert data.idx2str(data.y[i]) == data.targets[i]
    x, y = data.tensors("cpu")
    assert x.dtype == torch.int64 and y.dtype == torch.int64
    assert torch.equal(x, torch.from_numpy(data.x)) and torch.equal(y, torch.from_numpy(data.y))
    sx, sy, decoder_len = data[0]
    assert sx.shape == (12,) and sy.shape == (14,) and decoder_len == len(data.targets[0]) + 1
    assert data.max_output_len == 13


def test_vocabulary_is_fixed_and_sorted_with_pad_zero():
    data = LengthTaskDataset(10, 2, 4, seed=0)
    assert data.vocab.tokens == DIGIT_TOKENS
    assert data.vocab == task_vocabulary()
    assert task_vocabulary("ba").tokens == ("<PAD>", "<EOS>", "<GO>", "a", "b")
    # The alphabet's order does not matter: it is sorted before drawing.
    assert LengthTaskDataset(20, 3, 5, alphabet="xyz").sources == LengthTaskDataset(20, 3, 5, alphabet="zyx").sources
    assert set("".join(LengthTaskDataset(50, 3, 5, alphabet="xyz").sources)) <= set("xyz")


def test_task_target():
    assert task_target("12345") == "12345"
    assert task_target("12345", "reverse") == "54321"
    with pytest.raises(ValueError, match=r"task must be one of \['copy', 'reverse'\], got 'sort'"):
        task_target("12", "sort")


def test_held_out_strings_are_distinct_new_and_of_the_asked_length():
    data = LengthTaskDataset(2000, 3, 8, seed=1)
    for length in (3, 8):
        held = held_out_length_dataset(data, 200, length=length)
        assert held.x.shape == (200, length) and held.y.shape == (200, length + 2)
        assert set(held.lengths.tolist()) == {length}
        assert len(set(held.sources)) == 200
        assert not set(held.sources) & set(data.sources)
        assert held.vocab == data.vocab and held.task == data.task
    mixed = held_out_length_dataset(data, 300)
    assert (mixed.min_len, mixed.max_len) == (3, 8) and not set(mixed.sources) & set(data.sources)


def test_impossible_held_out_set_fails_clearly():
    data = LengthTaskDataset(500, 2, 2, seed=0)  # only 100 strings of 2 digits exist
    with pytest.raises(ValueError, match="cannot draw 100 distinct strings of length 2..2 over 10 symbols"):
        held_out_length_dataset(data, 100, length=2)


# Run here and in a subprocess with another string hash seed; it sets ``result``.
HASH_SEED_PROBE = """
from seq2seq_lib.tasks.copy import LengthTaskDataset, held_out_length_dataset
data = LengthTaskDataset(200, 3, 9, seed=4, alphabet="abcxyz")
held = held_out_length_dataset(data, 50, length=5)
result = [data.sources, data.x.tolist(), list(data.vocab.tokens), held.sources]
"""


def test_same_data_and_ids_under_any_hash_seed():
    """Data and token ids do not follow the string hash (one subprocess only: importing torch is slow)."""
    namespace: dict = {}
    exec(HASH_SEED_PROBE, namespace)
    other_seed = str(int(os.environ.get("PYTHONHASHSEED") or 0) + 12345)  # differs from this process's
    code = HASH_SEED_PROBE + "\nimport json\nprint(json.dumps(result))\n"
    env = {**os.environ, "PYTHONHASHSEED": other_seed}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == namespace["result"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 0}, ValueError, "n must be between 1 and 1,000,000, got 0"),
        ({"n": True}, TypeError, "n must be an integer, got bool"),
        ({"n": 2.0}, TypeError, "n must be an integer, got float"),
        ({"min_len": 0}, ValueError, "min_len must be between 1 and 200, got 0"),
        ({"max_len": 10**6}, ValueError, "max_len must be between 1 and 200, got 1,000,000"),
        ({"min_len": 6, "max_len": 5}, ValueError, r"min_len \(6\) must not exceed max_len \(5\)"),
        ({"max_len": "9"}, TypeError, "max_len must be an integer, got str"),
        ({"task": "sort"}, ValueError, r"task must be one of \['copy', 'reverse'\], got 'sort'"),
        ({"seed": -1}, ValueError, "seed must be between 0 and 4,294,967,295, got -1"),
        ({"alphabet": "a"}, ValueError, "alphabet needs at least 2 distinct characters"),
        ({"alphabet": "aab"}, ValueError, "alphabet characters must be distinct"),
        ({"alphabet": ["a", "b"]}, TypeError, "alphabet must be a str"),
        ({"alphabet": "a<b"}, ValueError, "must not be '<' or '>'"),
    ],
)
def test_bad_arguments_give_clear_errors(kwargs, error, message):
    arguments = {"n": 10, "min_len": 3, "max_len": 5, **kwargs}
    with pytest.raises(error, match=message):
        LengthTaskDataset(**arguments)


@pytest.mark.parametrize("model_class", [Seq2Seq, AttentionSeq2Seq])
def test_the_models_train_and_evaluate_on_it(model_class):
    """Right-padded sources of mixed lengths go through train() and evaluate() unchanged."""
    data = LengthTaskDataset(64, 2, 6, seed=0)
    set_seed(0)
    model = model_class(data.vocab, max_output_len=data.max_output_len)
    history = train(model, data, epochs=1, batch_size=32, progress=False)
    assert np.isfinite(history.loss.iloc[-1])
    score = evaluate(model, held_out_length_dataset(data, 20, length=4))
    assert 0.0 <= score["exact_match"] <= 1.0


# -- the stored results ---------------------------------------------------------------
@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return pd.read_csv(RESULTS)


def test_results_csv_format(results):
    assert list(results.columns) == ["length", "model", "exact_match"]
    assert results.length.dtype.kind == "i" and results.exact_match.dtype.kind == "f"
    assert results.exact_match.between(0.0, 1.0).all()
    assert set(results.model) == {"plain", "attention"}
    assert not results.duplicated(["length", "model"]).any()
    counts = results.groupby("length").model.apply(sorted)
    assert all(models == ["attention", "plain"] for models in counts)  # both models at every length
    assert results.length.is_monotonic_increasing
    lengths = sorted(set(results.length))
    assert lengths == list(range(lengths[0], lengths[-1] + 1))
    assert RESULTS.read_bytes().endswith(b"\n") and b"\r" not in RESULTS.read_bytes()


def test_results_show_what_the_notebook_says(results):
    """Notebook 07 reads this file: both near perfect at the shortest length, a large gap at the longest."""
    wide = results.pivot(index="length", columns="model", values="exact_match")
    shortest, longest = wide.iloc[0], wide.iloc[-1]
    assert shortest.plain >= 0.9 and shortest.attention >= 0.9
    assert longest.attention - longest.plain >= 0.5
