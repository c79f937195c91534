"""The command line, run as a learner would: ``python -m seq2seq_lib ...`` in a subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest

from seq2seq_lib import DateDataset, Seq2Seq, save_model, set_seed, train


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "seq2seq_lib", *args], input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    """A quickly trained plain model (translations need not be right for these tests)."""
    corpus = DateDataset(500)
    set_seed(0)
    model = Seq2Seq(corpus.vocab)
    train(model, corpus, epochs=1, progress=False)
    path = tmp_path_factory.mktemp("cli") / "model.pt"
    save_model(model, path)
    return path


def test_train_reports_held_out_accuracy_and_saves_a_checkpoint(tmp_path):
    path = tmp_path / "plain.pt"
    result = run_cli("train", "--model", "plain", "--checkpoint", str(path), "--epochs", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "held-out exact match" in result.stdout
    assert "never seen in training" in result.stdout
    assert path.exists()


def test_train_rejects_an_unusable_device_without_a_traceback(tmp_path):
    result = run_cli("train", "--model", "plain", "--checkpoint", str(tmp_path / "m.pt"), "--device", "cuda:7")
    assert result.returncode == 2
    assert "cuda:7" in result.stderr and "Traceback" not in result.stderr


def test_train_rejects_zero_epochs(tmp_path):
    result = run_cli("train", "--model", "attention", "--checkpoint", str(tmp_path / "m.pt"), "--epochs", "0")
    assert result.returncode == 2
    assert "--epochs" in result.stderr


def test_translate_arguments_prints_tab_separated_lines(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), "24-03-05", "74-01-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["24-03-05", "74-01-01"]
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_translate_stdin_reports_bad_lines_after_the_good_ones(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), stdin="24-03-05\n\n99-13-01\n00-02-29\nhello\n")
    assert result.returncode == 1
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["24-03-05", "00-02-29"]
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert "line 3" in errors[0] and "99-13-01" in errors[0] and "month 13" in errors[0]
    assert "line 5" in errors[1] and "hello" in errors[1]
    assert "Traceback" not in result.stderr


def test_translate_with_a_missing_or_foreign_checkpoint_fails_clearly(tmp_path):
    missing = run_cli("translate", "--checkpoint", str(tmp_path / "nope.pt"), "24-03-05")
    assert missing.returncode == 2 and "nope.pt" in missing.stderr and "Traceback" not in missing.stderr
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"not a checkpoint at all")
    foreign = run_cli("translate", "--checkpoint", str(junk), "24-03-05")
    assert foreign.returncode == 2 and "junk.pt" in foreign.stderr and "Traceback" not in foreign.stderr


def test_translate_out_of_corpus_year_is_explained(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), "50-01-01")
    assert result.returncode == 1
    assert "1974-2034" in result.stderr
