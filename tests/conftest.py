"""Shared fixtures: the article's corpus, a held-out set, and the two trained models.

Each model is trained once per test session with the library's defaults and reused by
the accuracy, translation and checkpoint tests. Tests must not modify them.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import pytest
import torch

from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, set_seed, train
from seq2seq_lib.data import held_out_dataset


class Trained(NamedTuple):
    model: torch.nn.Module
    history: pd.DataFrame


@pytest.fixture(scope="session", autouse=True)
def one_torch_thread():
    """Tiny tensors gain nothing from a second thread, and on a shared machine it can
    make every op wait on a busy core; train() does the same internally."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(scope="session")
def corpus() -> DateDataset:
    """The article's corpus: 4000 dates, seed 213."""
    return DateDataset(4000)


@pytest.fixture(scope="session")
def held_out(corpus) -> DateDataset:
    """2000 distinct dates that never occur in ``corpus``."""
    return held_out_dataset(corpus, n=2000, seed=2024)


@pytest.fixture(scope="session")
def small_corpus() -> DateDataset:
    """A small corpus for tests that only need a few fast optimisation steps."""
    return DateDataset(96, seed=5)


@pytest.fixture(scope="session")
def trained_plain(corpus, held_out) -> Trained:
    set_seed(0)
    model = Seq2Seq(corpus.vocab)
    history = train(model, corpus, eval_dataset=held_out, target_accuracy=0.99, progress=False)
    return Trained(model, history)


@pytest.fixture(scope="session")
def trained_attention(corpus, held_out) -> Trained:
    set_seed(0)
    model = AttentionSeq2Seq(corpus.vocab)
    history = train(model, corpus, eval_dataset=held_out, target_accuracy=0.995, progress=False)
    return Trained(model, history)


@pytest.fixture(params=["plain", "attention"])
def trained(request) -> Trained:
    """Each trained model in turn."""
    return request.getfixturevalue(f"trained_{request.param}")
