"""The command line, run as a learner would: ``python -m seq2seq_lib ...`` in a subprocess.

Besides the happy paths: every argument error is one line with exit status 2, an
unwritable checkpoint path is refused before any training, standard input is streamed
and may hold bytes that are not UTF-8, a closed pipe ends the program quietly, and Ctrl-C
leaves an existing checkpoint as it was.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

from seq2seq_lib import DateDataset, Seq2Seq, save_model, set_seed, train

CLI = [sys.executable, "-m", "seq2seq_lib"]


def run_cli(*args: str, stdin: str | bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    binary = isinstance(stdin, bytes)
    done = subprocess.run(
        [*CLI, *args], input=stdin, capture_output=True, text=not binary, timeout=timeout, check=False
    )
    if binary:
        done.stdout, done.stderr = done.stdout.decode(), done.stderr.decode()
    return done


def assert_one_line_error(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


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


# -- train ---------------------------------------------------------------------------------
def test_train_creates_the_checkpoint_folder_reports_accuracy_and_saves(tmp_path):
    path = tmp_path / "checkpoints" / "plain.pt"
    result = run_cli("train", "--model", "plain", "--checkpoint", str(path), "--epochs", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "created the folder" in result.stdout
    assert "held-out exact match after 2 epochs" in result.stdout and "never seen in training" in result.stdout
    assert path.is_file()


def test_train_stops_at_the_target_accuracy(tmp_path):
    path = tmp_path / "attention.pt"
    result = run_cli("train", "--model", "attention", "--checkpoint", str(path), "--target-accuracy", "0.3", "--quiet")
    assert result.returncode == 0, result.stderr
    epochs = int(result.stdout.split("held-out exact match after ")[1].split(" epochs")[0])
    assert epochs < 20, result.stdout  # the default budget is 20 epochs
    assert path.is_file()


@pytest.mark.parametrize(
    ("target", "phrase"),
    [
        (lambda tmp: str(tmp), "a folder"),
        (lambda tmp: "/dev/full", "not a regular file"),
        (lambda tmp: "/proc/model.pt", "not writable"),
    ],
    ids=["a-folder", "dev-full", "proc"],
)
def test_train_refuses_an_unwritable_checkpoint_before_training(tmp_path, target, phrase):
    started = time.perf_counter()
    result = run_cli("train", "--model", "plain", "--checkpoint", target(tmp_path))
    assert_one_line_error(result, phrase)
    assert "training the" not in result.stdout
    assert time.perf_counter() - started < 60  # no epoch ran (20 epochs take far longer on a slow machine)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_train_refuses_a_fifo_instead_of_hanging(tmp_path):
    fifo = tmp_path / "pipe.pt"
    os.mkfifo(fifo)
    assert_one_line_error(run_cli("train", "--model", "plain", "--checkpoint", str(fifo), timeout=60), "regular file")


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--seed", "-1"], "--seed must be between 0 and"),
        (["--seed", str(2**70)], "--seed must be between 0 and"),
        (["--seed", "one"], "--seed must be a whole number"),
        (["--train-size", "0"], "--train-size must be between 1 and 50,000"),
        (["--train-size", "100000"], "--train-size must be between 1 and 50,000"),
        (["--epochs", "0"], "--epochs must be between 1 and"),
        (["--target-accuracy", "2"], "--target-accuracy must be a number in (0, 1]"),
        (["--device", "meta"], "holds shapes but no values"),
        (["--device", "bogus"], "not a torch device"),
        (["--device", "cuda:7"], "cuda:7"),
        (["--model", "lstm"], "invalid choice: 'lstm'"),
        (["--colour", "blue"], "unrecognized arguments"),
    ],
)
def test_train_argument_errors_are_one_line_with_status_2(tmp_path, args, phrase):
    base = {"--model": "plain", "--checkpoint": str(tmp_path / "m.pt")}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    assert_one_line_error(run_cli("train", *argv), phrase)
    assert not (tmp_path / "m.pt").exists()


def test_a_missing_required_option_is_one_line():
    assert_one_line_error(run_cli("train", "--model", "plain"), "--checkpoint")


def test_ctrl_c_during_training_exits_130_and_keeps_the_old_checkpoint(tmp_path, checkpoint):
    path = tmp_path / "model.pt"
    shutil.copy(checkpoint, path)
    before = path.read_bytes()
    process = subprocess.Popen(
        [*CLI, "train", "--model", "plain", "--checkpoint", str(path), "--epochs", "200", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "training the plain model" in process.stdout.readline()
        time.sleep(1.0)  # inside the epochs now
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        "interrupted: training stopped; nothing was saved (any existing checkpoint is unchanged)"
    ]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt"]


# -- translate -----------------------------------------------------------------------------
def test_translate_arguments_prints_tab_separated_lines(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), "24-03-05", "74-01-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["24-03-05", "74-01-01"]
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_translate_with_a_beam_gives_a_translation_per_date(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), "--beam-width", "3", "24-03-05", "99-12-31")
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["24-03-05", "99-12-31"]
    assert_one_line_error(run_cli("translate", "--checkpoint", str(checkpoint), "--beam-width", "0"), "--beam-width")


def test_translate_stdin_reports_each_bad_line_and_translates_the_others(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), stdin="24-03-05\n\n99-13-01\n00-02-29\nhello\n")
    assert result.returncode == 1
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["24-03-05", "00-02-29"]
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert "line 3" in errors[0] and "99-13-01" in errors[0] and "month 13" in errors[0]
    assert "line 5" in errors[1] and "hello" in errors[1]
    assert "Traceback" not in result.stderr


def test_translate_reports_undecodable_bytes_as_a_bad_line(checkpoint):
    stdin = b"24-03-05\n\xff\xfe-01-01\n00-02-29\r\n34-06-15"  # a Windows line end, no final newline
    result = run_cli("translate", "--checkpoint", str(checkpoint), stdin=stdin)
    assert result.returncode == 1
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["24-03-05", "00-02-29", "34-06-15"]
    assert result.stderr.strip() == "error: line 2 is not UTF-8 text"


def test_a_long_bad_line_is_shortened_in_the_message(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), stdin="9" * 1_000_000 + "\n")
    assert result.returncode == 1
    assert len(result.stderr) < 300 and "1,000,000 characters" in result.stderr


def test_translate_streams_each_line_as_it_arrives(checkpoint):
    process = subprocess.Popen(
        [*CLI, "translate", "--checkpoint", str(checkpoint)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        process.stdin.write("24-03-05\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)  # stdin is still open
        assert ready, "no translation before the end of input"
        assert process.stdout.readline().startswith("24-03-05\t")
        process.stdin.close()
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


def test_a_closed_pipe_ends_quietly(checkpoint):
    dates = "".join(f"{year:02d}-01-01\n" for year in range(0, 35)) * 200
    process = subprocess.Popen(
        [*CLI, "translate", "--checkpoint", str(checkpoint)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        process.stdin.write(dates.encode())
        process.stdin.close()
        assert process.stdout.readline().startswith(b"00-01-01\t")
        process.stdout.close()  # like `| head -1`
        assert process.wait(timeout=120) == 141
        assert process.stderr.read() == b""
    finally:
        process.kill()


def test_translate_with_a_missing_or_foreign_checkpoint_fails_clearly(tmp_path):
    assert_one_line_error(run_cli("translate", "--checkpoint", str(tmp_path / "nope.pt"), "24-03-05"), "nope.pt")
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"not a checkpoint at all")
    assert_one_line_error(run_cli("translate", "--checkpoint", str(junk), "24-03-05"), "junk.pt")


def test_translate_out_of_corpus_year_is_explained(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), "50-01-01")
    assert result.returncode == 1
    assert "1974-2034" in result.stderr


# -- the console script --------------------------------------------------------------------
def test_the_console_script_is_installed_and_names_itself():
    script = shutil.which("seq2seq-dates") or shutil.which("seq2seq-dates", path=os.path.dirname(sys.executable))
    assert script, "pip install -e . installs the seq2seq-dates command"
    done = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.startswith("usage: seq2seq-dates")
    module = run_cli("--help")
    assert module.stdout.startswith("usage: python -m seq2seq_lib")
