"""The command line, run as a learner would: ``python -m seq2seq_lib ...`` in a subprocess.

Besides the happy paths: every argument error is one line with exit status 2, an
unwritable checkpoint path is refused before any training, standard input is streamed
and may hold bytes that are not UTF-8, a closed pipe ends the program quietly, and Ctrl-C
leaves an existing checkpoint as it was.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import tracemalloc

import pytest

from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, cli, load_model, save_model, set_seed, train

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
    epochs = int(result.stdout.split("held-out exact match after ")[1].split(" epoch")[0])
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


def test_a_long_bad_line_is_named_with_its_length_and_skipped(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), stdin="9" * 1_000_000 + "\n24-03-05\n")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: line 1 has 1,000,000 bytes; a line holds at most 1,000"
    assert result.stdout.startswith("24-03-05\t")


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


# -- the exit statuses the module documents ------------------------------------------------------
def test_the_documented_exit_statuses_are_the_ones_the_code_uses():
    documented = {int(n) for n in re.findall(r"^- (\d+) ", cli.__doc__, re.M)}
    assert documented == {cli.DONE, cli.BAD_LINES, cli.USAGE, cli.NOT_SAVED, cli.STREAM, cli.INTERRUPTED, 141}
    assert cli.PIPE_CLOSED == 141


# -- what train may replace, and how (issue 20, item 8) --------------------------------------------
def train_args(path, model: str = "plain", epochs: str = "1") -> list[str]:
    return ["train", "--model", model, "--checkpoint", str(path), "--train-size", "300", "--epochs", epochs, "--quiet"]


def start_training(path, epochs: str, cwd=None) -> subprocess.Popen:
    """A training in the background, returned once its epochs have started."""
    process = subprocess.Popen(
        [*CLI, *train_args(path, epochs=epochs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
    )
    line = process.stdout.readline()
    assert "training the plain model" in line, (line, process.stderr.read() if process.poll() is not None else "")
    return process


def test_train_refuses_to_replace_a_file_that_is_not_a_checkpoint(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    result = run_cli(*train_args(notes))
    assert_one_line_error(result, f"{str(notes)!r} exists and is not a seq2seq_lib checkpoint", "move or delete it")
    assert "training the" not in result.stdout
    assert notes.read_text() == "my notes\n" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("existing", ["checkpoint", "empty-file"])
def test_train_replaces_a_checkpoint_or_an_empty_file(tmp_path, checkpoint, existing):
    path = tmp_path / "model.pt"
    if existing == "checkpoint":
        shutil.copy(checkpoint, path)  # a plain model
    else:
        path.touch()
    result = run_cli(*train_args(path, model="attention"))
    assert result.returncode == 0, result.stderr
    assert isinstance(load_model(path), AttentionSeq2Seq)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt"], "no lock or temporary file is left"


def test_train_writes_through_a_symbolic_link(tmp_path, checkpoint):
    (tmp_path / "runs").mkdir()
    target = tmp_path / "runs" / "run7.pt"
    shutil.copy(checkpoint, target)
    link = tmp_path / "latest.pt"
    link.symlink_to("runs/run7.pt")
    result = run_cli(*train_args(link, model="attention"))
    assert result.returncode == 0, result.stderr
    assert f"saved to {link} (the file it links to, {target})" in result.stdout
    assert link.is_symlink() and os.readlink(link) == "runs/run7.pt"
    assert isinstance(load_model(target), AttentionSeq2Seq)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["latest.pt", "run7.pt", "runs"]


def test_a_second_training_to_the_same_path_is_refused_at_once(tmp_path):
    path = tmp_path / "model.pt"
    first = start_training(path, epochs="1000")
    try:
        second = run_cli(*train_args(path))
        assert_one_line_error(second, f"another training (process {first.pid}) is writing to {str(path)!r}")
        assert "training the" not in second.stdout
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=120)
    finally:
        first.kill()
    assert first.returncode == 130
    assert list(tmp_path.iterdir()) == [], "the lock file is removed, even after Ctrl-C"


def test_a_checkpoint_changed_during_training_is_not_replaced_and_the_model_is_kept(tmp_path, checkpoint):
    path = tmp_path / "model.pt"
    process = start_training(path, epochs="5")
    shutil.copy(checkpoint, path)  # another program writes there meanwhile
    out, err = process.communicate(timeout=300)
    fallback = tmp_path / f"model.unsaved-{process.pid}.pt"
    assert process.returncode == 3, (out, err)
    assert err.strip().splitlines() == [
        f"error: {str(path)!r} was changed by another program during training, so it was not replaced; "
        f"the trained model was saved to {str(fallback)!r} instead"
    ]
    assert path.read_bytes() == checkpoint.read_bytes()
    load_model(fallback)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, fallback.name])


@pytest.fixture
def chattr():
    """``chattr(path, "+i")``: set a file attribute for the test (skipped where that is not permitted)."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr here")
    changed = []

    def change(path, flag):
        done = subprocess.run(["chattr", flag, str(path)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr {flag} is not permitted here: {done.stderr.strip()}")
        changed.append(path)

    yield change
    for path in changed:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_an_immutable_checkpoint_is_refused_before_training(tmp_path, checkpoint, chattr):
    path = tmp_path / "model.pt"
    shutil.copy(checkpoint, path)
    chattr(path, "+i")
    result = run_cli(*train_args(path))
    assert_one_line_error(result, f"cannot replace {str(path)!r}: it is immutable (chattr +i)")
    assert "training the" not in result.stdout


def test_a_checkpoint_that_cannot_be_replaced_after_training_keeps_the_model(tmp_path, checkpoint, chattr):
    path = tmp_path / "model.pt"
    shutil.copy(checkpoint, path)
    process = start_training(path, epochs="5")
    chattr(path, "+i")  # only now: the check before training passed
    out, err = process.communicate(timeout=300)
    fallback = tmp_path / f"model.unsaved-{process.pid}.pt"
    assert process.returncode == 3, (out, err)
    assert err.strip().splitlines() == [
        f"error: cannot save to {str(path)!r}: Operation not permitted; "
        f"the trained model was saved to {str(fallback)!r} instead"
    ]
    assert path.read_bytes() == checkpoint.read_bytes()
    load_model(fallback)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, fallback.name])


# -- closed and full standard streams (issue 20, item 9) -------------------------------------------
@pytest.mark.parametrize(
    "args",
    [["translate", "--checkpoint", "{checkpoint}", "24-03-05"], ["--help"], ["train", "--help"]],
    ids=["translate", "help", "train-help"],
)
def test_a_full_standard_output_is_one_line_and_status_4(checkpoint, args):
    argv = [arg.format(checkpoint=checkpoint) for arg in args]
    with open("/dev/full", "w") as full:
        done = subprocess.run([*CLI, *argv], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 4, done.stderr
    assert done.stderr.strip() == "error: cannot write to standard output (No space left on device)"


def test_train_with_a_full_standard_output_stops_before_training(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*CLI, *train_args(tmp_path / "m.pt", epochs="100")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 4 and done.stderr.count("\n") == 1, done.stderr
    assert list(tmp_path.iterdir()) == [], "no checkpoint and no lock file"


def run_shell(args: list[str], redirection: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = f"{shlex.join([*CLI, *args])} {redirection}"
    return subprocess.run(command, shell=True, input=stdin, capture_output=True, text=True, timeout=120, check=False)


def test_a_closed_standard_output_is_one_line_and_status_4(checkpoint):
    done = run_shell(["translate", "--checkpoint", str(checkpoint), "24-03-05"], ">&-")
    assert (
        done.returncode == 4
        and done.stderr == "error: standard output is closed: there is nowhere to write the results\n"
    )


def test_a_closed_standard_input_matters_only_when_it_is_read(checkpoint):
    done = run_shell(["translate", "--checkpoint", str(checkpoint)], "<&-")
    assert done.returncode == 4
    assert done.stderr == "error: standard input is closed: give the dates as arguments, or pipe them in\n"
    done = run_shell(["translate", "--checkpoint", str(checkpoint), "24-03-05"], "<&-")
    assert done.returncode == 0 and done.stdout.startswith("24-03-05\t"), done.stderr


def test_a_closed_standard_error_still_gives_the_status(checkpoint):
    done = run_shell(["translate", "--checkpoint", str(checkpoint), "24-03-05", "99-13-01"], "2>&-")
    assert done.returncode == 1 and done.stdout.startswith("24-03-05\t") and done.stderr == ""


def test_a_full_standard_error_still_gives_the_status(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*CLI, "translate", "--checkpoint", str(tmp_path / "missing.pt"), "24-03-05"], stderr=full, timeout=120
        )
    assert done.returncode == 2  # the one-line error could not be written; an exception would have given 1


# -- reading standard input (issue 20, item 10) -----------------------------------------------------
def read_through_a_pipe(data: bytes) -> list[list[cli.Line]]:
    reader, writer = os.pipe()

    def feed():
        with os.fdopen(writer, "wb") as stream:
            stream.write(data)

    thread = threading.Thread(target=feed)
    thread.start()
    try:
        return list(cli.stdin_lines(reader))
    finally:
        thread.join()
        os.close(reader)


def test_a_long_line_without_newline_is_read_in_linear_time_and_bounded_memory():
    size = 80 * 2**20
    data = b"9" * size  # made before tracing starts: only the reader's memory is traced
    tracemalloc.start()
    started = time.perf_counter()
    try:
        batches = read_through_a_pipe(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert batches == [[cli.Line(1, None, size)]]
    assert peak < 2 * 2**20, f"the reader held {peak:,} bytes"
    assert elapsed < 60, elapsed  # about 1 s; the quadratic reader took minutes


def test_lines_split_anywhere_across_reads_come_back_whole():
    rng = random.Random(0)
    lines = [bytes(rng.choice(b"0123456789-") for _ in range(rng.randrange(0, 40))) for _ in range(20_000)]
    lines[5] = b"7" * cli.MAX_LINE_BYTES  # the longest line kept
    lines[6] = b"7" * (cli.MAX_LINE_BYTES + 1)
    data = b"\n".join(lines)  # no final newline
    got = [line for batch in read_through_a_pipe(data) for line in batch]
    expected = [
        cli.Line(n, raw if len(raw) <= cli.MAX_LINE_BYTES else None, len(raw)) for n, raw in enumerate(lines, 1)
    ]
    if not lines[-1]:
        expected.pop()  # an empty last line is no line
    assert got == expected
    assert all(len(batch) <= cli.BATCH_LINES for batch in read_through_a_pipe(data))


# -- torch only when needed (issue 20, item 11) ------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["train", "--help"],
        ["translate", "--help"],
        ["train", "--model", "lstm", "--checkpoint", "m.pt"],
        ["train", "--model", "plain"],
        ["translate", "--checkpoint", "m.pt", "--beam-width", "0"],
        ["fly"],
    ],
)
def test_help_and_argument_errors_import_neither_torch_nor_pandas(argv):
    done = subprocess.run([sys.executable, "-X", "importtime", *CLI[1:], *argv], capture_output=True, text=True)
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "seq2seq_lib.cli" in imported and done.returncode in (0, 2), done.stderr[-500:]
    assert not {name.split(".")[0] for name in imported} & {"torch", "pandas", "numpy"}


def test_importing_the_package_imports_no_torch_and_every_name_still_works():
    script = (
        "import sys, seq2seq_lib\n"
        "assert 'torch' not in sys.modules\n"
        "from seq2seq_lib import *\n"
        "import seq2seq_lib.training, seq2seq_lib.checkpoint, seq2seq_lib.tasks.dates\n"
        "assert train is seq2seq_lib.training.train and load_model is seq2seq_lib.checkpoint.load_model\n"
        "assert translate is seq2seq_lib.tasks.dates.translate\n"
        "assert set(seq2seq_lib.__all__) <= set(dir(seq2seq_lib))\n"
        "print(len(seq2seq_lib.__all__))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "13", done.stderr


def test_the_command_line_s_torch_free_constants_equal_the_library_s():
    from seq2seq_lib.decoding import MAX_BEAM_WIDTH
    from seq2seq_lib.registry import KIND_NAMES, MODEL_KINDS

    assert KIND_NAMES == tuple(MODEL_KINDS)
    assert cli.MAX_BEAM_WIDTH == MAX_BEAM_WIDTH


def test_an_unknown_name_is_an_attribute_error():
    import seq2seq_lib

    with pytest.raises(AttributeError, match="no attribute 'trian'"):
        seq2seq_lib.trian  # noqa: B018


# -- the progress bar and the report (issue 20, item 12) ---------------------------------------------
def run_with_terminal_stderr(args: list[str]) -> tuple[int, str, str]:
    """(status, stdout, what reached the terminal on stderr)."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal has a size
    process = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    seen = []
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        seen.append(chunk)
    out = process.stdout.read()
    process.wait(timeout=300)
    os.close(primary)
    return process.returncode, out.decode(), b"".join(seen).decode(errors="replace")


@pytest.mark.parametrize("quiet", [False, True], ids=["bar", "quiet"])
def test_the_progress_bar_appears_only_on_a_terminal_and_never_with_quiet(tmp_path, quiet):
    args = [a for a in train_args(tmp_path / "m.pt", epochs="2") if quiet or a != "--quiet"]
    status, out, terminal = run_with_terminal_stderr(args)
    assert status == 0, terminal
    assert ("epoch:" in terminal) is not quiet, terminal
    assert "held-out exact match after 2 epochs:" in out


def test_no_progress_bar_reaches_a_log_and_one_epoch_is_singular(tmp_path):
    result = run_cli(*[a for a in train_args(tmp_path / "m.pt", epochs="1") if a != "--quiet"])
    assert result.returncode == 0 and result.stderr == ""
    assert "held-out exact match after 1 epoch:" in result.stdout and "(at most 1 epoch," in result.stdout


# -- the human-dates task ------------------------------------------------------------------------
def test_human_dates_round_trip_the_checkpoint_knows_its_task(tmp_path):
    path = tmp_path / "human.pt"
    trained = run_cli(
        "train", "--task", "human-dates", "--model", "attention", "--checkpoint", str(path),
        "--train-size", "3000", "--epochs", "1", "--quiet",
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert "training the attention model on 3000 dates (at most 1 epoch" in trained.stdout
    assert "held-out exact match after 1 epoch:" in trained.stdout and "en " in trained.stdout, trained.stdout
    # translate is not told the task: the checkpoint's vocabulary says it, and each line is checked by it
    result = run_cli("translate", "--checkpoint", str(path), " March 5, 2024 ", "2024年3月5日", "February 30, 2024")
    assert result.returncode == 1, result.stderr
    sources = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert sources == ["March 5, 2024", "2024年3月5日"]  # as written, stripped
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", line.split("\t")[1]) for line in result.stdout.splitlines())
    assert "argument 3: 'February 30, 2024' is not a real date: Feb 2024 has days 01-29" in result.stderr
    # a yy-mm-dd date is not one of this task's forms, and the model of the other task refuses the forms
    assert "is not a date in one of the forms" in run_cli("translate", "--checkpoint", str(path), "24-03-05").stderr


def test_the_article_s_model_reads_only_its_own_format(checkpoint):
    result = run_cli("translate", "--checkpoint", str(checkpoint), "March 5, 2024")
    assert result.returncode == 1 and "is not in the format 'yy-mm-dd'" in result.stderr, result.stderr


def test_bidirectional_is_refused_for_the_transformer_before_anything_is_done(tmp_path):
    path = tmp_path / "t.pt"
    result = run_cli("train", "--model", "transformer", "--bidirectional", "--checkpoint", str(path))
    assert_one_line_error(result, "--bidirectional applies to the plain and attention models")
    assert not path.exists()


def test_a_bidirectional_model_is_trained_and_saved_as_such(tmp_path):
    path = tmp_path / "bi.pt"
    result = run_cli(
        "train", "--model", "attention", "--bidirectional", "--checkpoint", str(path), "--epochs", "1", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    assert "training the bidirectional attention model" in result.stdout
    assert load_model(path).config()["bidirectional"] is True


def test_a_checkpoint_of_an_unknown_task_is_refused(tmp_path):
    from seq2seq_lib.tasks.copy import LengthTaskDataset

    dataset = LengthTaskDataset(64, min_len=3, max_len=4, seed=0)
    set_seed(0)
    path = tmp_path / "copy.pt"
    save_model(Seq2Seq(dataset.vocab), path)
    result = run_cli("translate", "--checkpoint", str(path), "24-03-05")
    assert_one_line_error(result, "holds a model of a task this command does not know")
