"""load_model's memory stays within what the file and its configuration imply (issue 20, item 3).

The two files of the issue are crafted here (tests/crafted_checkpoints.py) and loaded in a fresh
Python whose peak resident memory is measured: before the fix they took 2.3 GB and 3.3 GB.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import torch
from crafted_checkpoints import (
    good_checkpoint,
    inflating_pickle,
    largest_config,
    load_in_subprocess,
    pickle_name,
    stride_zero,
    write_zip,
    zip_entries,
)

import seq2seq_lib.checkpoint as checkpoint
from seq2seq_lib import load_model

PEAK_MB = 500  # the goal, torch's own ~230 MB included


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return good_checkpoint(tmp_path_factory.mktemp("memory") / "good.pt")


def refused(path: Path, *phrases: str) -> str:
    with pytest.raises(checkpoint.CheckpointError) as excinfo:
        load_model(path)
    message = str(excinfo.value)
    for phrase in phrases:
        assert phrase in message, message
    return message


# -- the two files of the issue, measured -------------------------------------------------------
def test_a_pickle_that_inflates_to_a_gibibyte_is_refused_before_it_is_unpacked(good, tmp_path):
    path = inflating_pickle(good, tmp_path / "inflating.pt")
    assert path.stat().st_size < 2 * 2**20
    with zipfile.ZipFile(path) as archive:  # the control: it does declare a gibibyte
        assert archive.getinfo(pickle_name(zip_entries(good))).file_size > 2**30
    result = load_in_subprocess(path)
    assert result["outcome"].startswith("refused") and "is compressed" in result["outcome"], result
    assert result["peak_mb"] < PEAK_MB, result


def test_a_stride_zero_view_is_refused_before_its_values_are_read(good, tmp_path):
    path = stride_zero(good, tmp_path / "stride0.pt")
    assert path.stat().st_size < 200_000  # a 20000 x 20000 tensor stored as one float
    result = load_in_subprocess(path)
    assert result["outcome"].startswith("refused") and "not stored as save_model stores it" in result["outcome"]
    assert result["peak_mb"] < PEAK_MB, result


def test_a_genuine_checkpoint_loads_within_the_same_bound(good):
    result = load_in_subprocess(good)
    assert result["outcome"] == "loaded" and result["peak_mb"] < PEAK_MB, result


def test_the_largest_configuration_the_bounds_allow_is_refused_within_the_bound(good, tmp_path):
    """Small weights under the largest configuration, digest recomputed: the model that configuration
    builds (about 240 MB, what the configuration implies) is the most a file can make load_model allocate."""
    result = load_in_subprocess(largest_config(good, tmp_path / "largest.pt"))
    assert result["outcome"].startswith("refused") and "wrong dtype or shape" in result["outcome"], result
    assert result["peak_mb"] < PEAK_MB, result


# -- the checks, one by one, in process ----------------------------------------------------------
def test_the_digest_never_reads_a_view_that_stands_for_more_than_its_storage(good, tmp_path, monkeypatch):
    path = stride_zero(good, tmp_path / "stride0.pt", side=3000)

    def digest(*args):
        raise AssertionError("the digest read the tensors before their layout was checked")

    monkeypatch.setattr(checkpoint, "_digest", digest)
    refused(path, "'output.bias' is not stored as save_model stores it", "[3000, 3000]")


@pytest.mark.parametrize(
    "view",
    [
        lambda: torch.arange(40.0)[5:32],  # an offset into a larger storage
        lambda: torch.arange(54.0)[::2],  # every other element
        lambda: torch.zeros(27, 2)[:, 0],  # a column
    ],
    ids=["offset", "stride-2", "column"],
)
def test_a_weight_that_is_a_view_of_a_larger_storage_is_refused(good, tmp_path, view):
    payload = torch.load(good, weights_only=True)
    payload["state_dict"]["output.bias"] = view()
    payload["digest"] = checkpoint._digest(payload["kind"], payload["config"], payload["vocab"], payload["state_dict"])
    torch.save(payload, tmp_path / "view.pt")
    refused(tmp_path / "view.pt", "is not stored as save_model stores it")


def test_a_stored_pickle_larger_than_any_checkpoint_s_is_refused_unread(good, tmp_path, monkeypatch):
    entries = zip_entries(good)
    name = pickle_name(entries)
    entries[name] += bytes(checkpoint.MAX_PICKLE_BYTES)  # after the STOP: torch would never read it
    write_zip(entries, tmp_path / "big.pt")
    monkeypatch.setattr(checkpoint, "_pickle_scan", lambda data: pytest.fail("the pickle was read"))
    refused(tmp_path / "big.pt", "its pickle is", "far more than a checkpoint's")


def test_a_compressed_storage_is_refused(good, tmp_path):
    write_zip(zip_entries(good), tmp_path / "deflated.pt", compression=zipfile.ZIP_DEFLATED)
    assert torch.load(tmp_path / "deflated.pt", weights_only=True)["kind"] == "attention"  # torch would read it
    refused(tmp_path / "deflated.pt", "is compressed")


def test_an_archive_with_too_many_entries_is_refused(good, tmp_path):
    entries = zip_entries(good)
    entries.update({f"archive/extra/{i}": b"" for i in range(checkpoint.MAX_ZIP_ENTRIES)})
    write_zip(entries, tmp_path / "many.pt")
    refused(tmp_path / "many.pt", "entries, more than any checkpoint")


class FakeArchive:
    def __init__(self, infos):
        self.infos = infos

    def infolist(self):
        return self.infos


def _info(name: str, size: int, offset: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size = info.compress_size = size
    info.header_offset = offset
    return info


@pytest.mark.parametrize(
    ("infos", "problem"),
    [
        ([_info("a/data.pkl", 100, 0), _info("a/data/0", 950, 50)], "overlap"),
        ([_info("a/data.pkl", 100, 0), _info("a/data/0", 200, 900)], "ends past the end of the file"),
        ([_info("a/data/0", 10, 0)], "not a torch file"),
    ],
    ids=["overlapping", "past-the-end", "no-pickle"],
)
def test_the_archive_directory_is_judged_against_the_file_size(infos, problem):
    assert problem in checkpoint._archive_problem(FakeArchive(infos), size=1000)
