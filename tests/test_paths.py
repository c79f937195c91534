"""repository_file finds the course's files from notebooks/, notebooks/zh/ and anywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2seq_lib.i18n import set_language
from seq2seq_lib.paths import figure, repository_file
from seq2seq_lib.validation import ArgumentError

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


def test_figure_gives_the_diagram_of_the_current_language(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    assert figure("teacher_forcing.png") == ROOT / "assets" / "teacher_forcing.png"
    try:
        set_language("zh")
        assert figure("teacher_forcing.png") == ROOT / "assets" / "zh" / "teacher_forcing.png"
    finally:
        set_language("en")


@pytest.mark.parametrize("name", ["assets/attention.png", "../attention.png", "zh/attention.png", "", "..", 3])
def test_figure_takes_a_file_name_only(name):
    with pytest.raises(ArgumentError, match="figure takes the file name of a diagram in assets/"):
        figure(name)


def test_a_missing_figure_is_named():
    with pytest.raises(FileNotFoundError, match="'assets/nothing.png' is not in this course repository"):
        figure("nothing.png")
