"""DateDataset: the article's corpus, read in UTC, with a fixed vocabulary."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import torch
from numpy_reference import MONTH_NAMES, article_timestamps, utc_date_strings
from torch.utils.data import DataLoader

from seq2seq_lib import DateDataset, Vocabulary
from seq2seq_lib.data import held_out_dataset

SPECIALS = ["<PAD>", "<GO>", "<EOS>"]
# Our own id table, built from the contract: <PAD> = 0, then the other tokens sorted.
EXPECTED_V2I = {"<PAD>": 0}
EXPECTED_V2I.update(
    {t: i for i, t in enumerate(sorted([*"0123456789", "-", "/", *MONTH_NAMES, "<GO>", "<EOS>"]), start=1)}
)


def expected_target(date_cn: str) -> str:
    """'yy-mm-dd' -> 'dd/Mon/yyyy' with the corpus's century rule (74-99: 19xx, 00-34: 20xx)."""
    yy, mm, dd = date_cn.split("-")
    year = (1900 if int(yy) >= 74 else 2000) + int(yy)
    return f"{dd}/{MONTH_NAMES[int(mm) - 1]}/{year}"


# -- the article's corpus ----------------------------------------------------------
@pytest.mark.parametrize(("n", "seed"), [(4000, 213), (1, 213), (300, 7)])
def test_dates_equal_the_articles_generator_read_in_utc(n, seed):
    """Timestamps from the article's legacy NumPy draw, turned into dates by plain arithmetic."""
    dataset = DateDataset(n, seed=seed)
    expected = [utc_date_strings(ts) for ts in article_timestamps(n, seed)]
    assert dataset.date_cn == [cn for cn, _ in expected]
    assert dataset.date_en == [en for _, en in expected]


def test_articles_corpus_starts_and_ends_with_known_dates(corpus):
    assert corpus.date_cn[:5] == ["04-04-14", "85-12-14", "31-08-04", "78-12-27", "91-08-06"]
    assert corpus.date_en[:5] == ["14/Apr/2004", "14/Dec/1985", "04/Aug/2031", "27/Dec/1978", "06/Aug/1991"]
    assert (corpus.date_cn[-1], corpus.date_en[-1]) == ("03-11-06", "06/Nov/2003")


def test_articles_corpus_keeps_its_repeated_dates(corpus):
    """Without ``exclude`` the draw is the article's, duplicates included."""
    assert len(corpus) == 4000
    assert len(set(corpus.date_cn)) == 3647


def test_dates_equal_the_articles_own_code_run_on_a_utc_machine(corpus):
    """The article's generator, verbatim, in a subprocess with TZ=UTC and the C locale."""
    article_code = textwrap.dedent(
        """
        import datetime, json
        import numpy as np
        np.random.seed(213)
        date_cn, date_en = [], []
        for timestamp in np.random.randint(143835585, 2043835585, 4000):
            date = datetime.datetime.fromtimestamp(timestamp)
            date_cn.append(date.strftime("%y-%m-%d"))
            date_en.append(date.strftime("%d/%b/%Y"))
        print(json.dumps([date_cn, date_en]))
        """
    )
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C"}
    out = subprocess.run([sys.executable, "-c", article_code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    date_cn, date_en = json.loads(out.stdout)
    assert corpus.date_cn == date_cn
    assert corpus.date_en == date_en


def test_every_date_lies_in_the_corpus_years_and_targets_match_sources(corpus):
    for cn, en in zip(corpus.date_cn, corpus.date_en, strict=True):
        assert en == expected_target(cn)
        assert 1974 <= int(en[-4:]) <= 2034


# -- independence from the machine -------------------------------------------------
DIGEST_CODE = textwrap.dedent(
    """
    import hashlib, json, time
    from seq2seq_lib.data import DateDataset, held_out_dataset

    def digests():
        ds = DateDataset(4000, seed=213)
        held = held_out_dataset(ds, n=500, seed=11)
        def h(obj):
            return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()
        return {
            "date_cn": h(ds.date_cn),
            "date_en": h(ds.date_en),
            "v2i": h(ds.v2i),
            "i2v": h({str(k): v for k, v in ds.i2v.items()}),
            "x": hashlib.sha256(ds.x.tobytes()).hexdigest(),
            "y": hashlib.sha256(ds.y.tobytes()).hexdigest(),
            "held_out": h(held.date_cn),
        }

    if __name__ == "__main__":
        print(json.dumps({
            "digests": digests(),
            # proof that the environment took effect in this process
            "utc_offset": time.strftime("%z", time.localtime(1_000_000_000)),
            "str_hash": hash("<EOS>"),
        }))
    """
)


def in_process_digests() -> dict:
    namespace = {"__name__": "digest"}
    exec(DIGEST_CODE, namespace)
    return namespace["digests"]()


ENVIRONMENTS = [
    {"TZ": "Asia/Shanghai", "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"},
    {"TZ": "America/Los_Angeles", "PYTHONHASHSEED": "1"},
    {"TZ": "UTC", "PYTHONHASHSEED": "random"},
]


def test_corpus_vocabulary_and_ids_do_not_depend_on_time_zone_or_hash_seed():
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", DIGEST_CODE],
            env={**os.environ, **extra},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for extra in ENVIRONMENTS
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=180)
        assert process.returncode == 0, stderr
        results.append(json.loads(stdout))

    # The environments really differed: three UTC offsets and different string hashes.
    assert [r["utc_offset"] for r in results] == ["+0800", "-0700", "+0000"]
    assert results[0]["str_hash"] != results[1]["str_hash"]

    expected = in_process_digests()
    for extra, result in zip(ENVIRONMENTS, results, strict=True):
        assert result["digests"] == expected, extra


def test_building_a_dataset_leaves_global_random_states_untouched():
    np.random.seed(1234)
    random.seed(1234)
    torch.manual_seed(1234)
    expected = (np.random.random(5), random.random(), torch.rand(3))

    np.random.seed(1234)
    random.seed(1234)
    torch.manual_seed(1234)
    train = DateDataset(200)
    held_out_dataset(train, n=50, seed=3)
    DateDataset(30, seed=9, exclude=["04-04-14"])
    got = (np.random.random(5), random.random(), torch.rand(3))

    np.testing.assert_array_equal(got[0], expected[0])
    assert got[1] == expected[1]
    assert torch.equal(got[2], expected[2])


def test_global_numpy_seed_does_not_change_the_corpus():
    np.random.seed(0)
    first = DateDataset(100).date_cn
    np.random.seed(99)
    np.random.random(17)
    assert DateDataset(100).date_cn == first


# -- token ids ---------------------------------------------------------------------
def test_v2i_and_i2v_are_the_fixed_sorted_table(corpus):
    assert corpus.v2i == EXPECTED_V2I
    assert corpus.i2v == {i: t for t, i in EXPECTED_V2I.items()}
    assert corpus.start_token == EXPECTED_V2I["<GO>"]
    assert corpus.end_token == EXPECTED_V2I["<EOS>"]
    assert corpus.words_num == 27
    assert isinstance(corpus.vocab, Vocabulary)
    assert corpus.vocab.token_to_id == EXPECTED_V2I


def test_x_holds_the_source_characters(corpus):
    assert corpus.x.shape == (4000, 8)
    assert corpus.x.dtype == np.int64
    expected = np.array([[EXPECTED_V2I[ch] for ch in cn] for cn in corpus.date_cn])
    np.testing.assert_array_equal(corpus.x, expected)


def test_y_is_go_day_slash_month_slash_year_eos(corpus):
    assert corpus.y.shape == (4000, 11)
    assert corpus.y.dtype == np.int64
    v = EXPECTED_V2I
    for row, en in zip(corpus.y, corpus.date_en, strict=True):
        day, month, year = en.split("/")
        expected = [v["<GO>"], v[day[0]], v[day[1]], v["/"], v[month], v["/"], *(v[d] for d in year), v["<EOS>"]]
        assert row.tolist() == expected


def test_len_and_getitem_follow_the_article(corpus):
    assert len(corpus) == 4000
    x, y, decoder_len = corpus[17]
    np.testing.assert_array_equal(x, corpus.x[17])
    np.testing.assert_array_equal(y, corpus.y[17])
    assert decoder_len == 10


def test_dataset_batches_through_a_dataloader(corpus):
    x, y, decoder_len = next(iter(DataLoader(corpus, batch_size=32, shuffle=False)))
    assert x.shape == (32, 8) and y.shape == (32, 11)
    assert torch.equal(x, torch.as_tensor(corpus.x[:32]))
    assert decoder_len.tolist() == [10] * 32


def test_tensors_returns_int64_copies_of_x_and_y(corpus):
    x, y = corpus.tensors("cpu")
    assert x.dtype == y.dtype == torch.int64
    assert torch.equal(x, torch.as_tensor(corpus.x)) and torch.equal(y, torch.as_tensor(corpus.y))


# -- idx2str -----------------------------------------------------------------------
def test_idx2str_reads_back_sources_and_targets(corpus):
    for i in range(0, 4000, 97):
        assert corpus.idx2str(corpus.x[i]) == corpus.date_cn[i]
        assert corpus.idx2str(corpus.y[i, 1:]) == corpus.date_en[i]


def test_idx2str_stops_at_eos_and_leaves_it_out(corpus):
    v = EXPECTED_V2I
    ids = [v["1"], v["4"], v["/"], v["Apr"], v["<EOS>"], v["9"], v["<EOS>"]]
    assert corpus.idx2str(ids) == "14/Apr"
    assert corpus.idx2str(np.array(ids)) == "14/Apr"
    assert corpus.idx2str(torch.tensor(ids)) == "14/Apr"


# -- held-out dates ----------------------------------------------------------------
def test_held_out_dates_are_distinct_and_never_in_the_training_set(corpus, held_out):
    assert len(held_out) == 2000
    assert len(set(held_out.date_cn)) == 2000
    assert not set(held_out.date_cn) & set(corpus.date_cn)
    for cn, en in zip(held_out.date_cn, held_out.date_en, strict=True):
        assert en == expected_target(cn)
    for i in range(0, 2000, 53):
        assert held_out.idx2str(held_out.x[i]) == held_out.date_cn[i]
        assert held_out.idx2str(held_out.y[i, 1:]) == held_out.date_en[i]


def test_held_out_dataset_is_a_dataset_with_exclude(corpus):
    via_helper = held_out_dataset(corpus, n=300, seed=8)
    via_exclude = DateDataset(300, seed=8, exclude=corpus.date_cn)
    assert via_helper.date_cn == via_exclude.date_cn
    assert via_helper.date_en == via_exclude.date_en
    np.testing.assert_array_equal(via_helper.y, via_exclude.y)
    assert via_helper.vocab == corpus.vocab


def test_held_out_dates_depend_only_on_the_seed(corpus):
    assert held_out_dataset(corpus, n=100, seed=8).date_cn == held_out_dataset(corpus, n=100, seed=8).date_cn
    assert held_out_dataset(corpus, n=100, seed=8).date_cn != held_out_dataset(corpus, n=100, seed=9).date_cn


def test_exclude_leaves_out_exactly_the_given_dates():
    plain = DateDataset(50, seed=3)
    excluded = plain.date_cn[:10]
    dataset = DateDataset(50, seed=3, exclude=excluded)
    assert not set(dataset.date_cn) & set(excluded)
    assert len(set(dataset.date_cn)) == 50
    # the first dates not excluded come in the draw's order
    assert dataset.date_cn[:5] == [d for d in plain.date_cn if d not in excluded][:5]


def test_empty_exclude_gives_distinct_dates():
    dataset = DateDataset(4000, seed=213, exclude=[])
    assert len(set(dataset.date_cn)) == 4000


def test_exclude_given_one_string_is_refused_naming_the_fix():
    """Issue 20: exclude="24-03-05" was read as its characters and excluded nothing."""
    from seq2seq_lib.tasks.copy import LengthTaskDataset
    from seq2seq_lib.validation import ArgumentTypeError

    with pytest.raises(ArgumentTypeError, match=re.escape("pass exclude=['24-03-05'] to leave out that one")):
        DateDataset(5, exclude="24-03-05")
    with pytest.raises(ArgumentTypeError, match=re.escape("pass exclude=['0123'] to leave out that one")):
        LengthTaskDataset(5, 2, 4, exclude="0123")
    with pytest.raises(ArgumentTypeError, match="exclude must be a collection of sources such as"):
        DateDataset(5, exclude=240305)
    with pytest.raises(ArgumentTypeError, match="exclude must hold sources as strings such as '24-03-05', got int 5"):
        DateDataset(5, exclude=["24-03-05", 5])
    first = DateDataset(50, seed=1).date_cn[0]
    kept = DateDataset(50, seed=1, exclude=iter([first]))  # any iterable of strings, read once
    assert first not in kept.date_cn


# -- argument checking -------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "problem"),
    [
        (0, "n must be between 1 and 1,000,000, got 0"),
        (-5, "n must be between 1 and 1,000,000, got -5"),
        (10**7, "n must be between 1 and 1,000,000, got 10,000,000"),
        (2.5, "n must be an integer, got float 2.5"),
        ("10", "n must be an integer, got str '10'"),
        (None, "n must be an integer, got NoneType"),
        (True, "n must be an integer, got bool"),
    ],
)
def test_bad_n_is_rejected_before_any_work(n, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        DateDataset(n)


def test_an_impossible_held_out_request_fails_at_once(corpus):
    started = time.perf_counter()
    with pytest.raises(ValueError, match="cannot draw 20,000 distinct dates: the range 1974-2034 has only"):
        held_out_dataset(corpus, n=20_000)
    assert time.perf_counter() - started < 5


def test_every_possible_day_can_be_drawn():
    everything = DateDataset(21_992, seed=1, exclude=[])
    assert len(set(everything.date_cn)) == 21_992
    with pytest.raises(ValueError, match="only 0 days left"):
        DateDataset(1, seed=1, exclude=everything.date_cn)


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "213", None, True])
def test_bad_seed_is_rejected(seed):
    with pytest.raises(ValueError, match="seed"):
        DateDataset(10, seed=seed)


def test_numpy_integers_are_accepted_for_n_and_seed():
    dataset = DateDataset(np.int64(20), seed=np.uint32(213))
    assert dataset.date_cn == DateDataset(20, seed=213).date_cn
