"""repository_file finds the course's files from notebooks/, notebooks/zh/ and anywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2seq_lib.paths import repository_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("folder", [".", "notebooks", "notebooks/zh", "seq2seq_lib/tasks"])
def test_assets_are_found_from_every_folder_of_the_course(monkeypatch, folder):
    (ROOT / folder).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(ROOT / folder)
    assert repository_file("assets/attention.png") == ROOT / "assets" / "attention.png"


def test_outside_the_repository_the_installed_package_is_used(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert repository_file("assets/attention.png") == ROOT / "assets" / "attention.png"


def test_a_missing_file_is_named(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="'assets/nothing.png' is not in this course repository"):
        repository_file("assets/nothing.png")
