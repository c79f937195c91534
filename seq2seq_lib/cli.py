"""Command line: ``train`` a model on a task's dates and save it; ``translate`` dates with it.

    python -m seq2seq_lib train --model attention --checkpoint checkpoints/attention.pt
    python -m seq2seq_lib translate --checkpoint checkpoints/attention.pt 24-03-05 74-01-01
    python -m seq2seq_lib train --task human-dates --model attention --checkpoint checkpoints/human.pt
    python -m seq2seq_lib translate --checkpoint checkpoints/human.pt "March 5, 2024" 2024年3月5日
    seq2seq-dates ...                      (the same, as an installed console script)

Two tasks (``--task``): ``dates``, the article's (``24-03-05`` -> ``05/Mar/2024``), and
``human-dates``, dates as people write them in English and Chinese -> ISO (notebook 11). A
checkpoint carries its task's vocabulary, which is how ``translate`` knows which task it serves.

Exit status:

- 0 done;
- 1 some input lines were not dates (each reported on standard error, the others translated);
- 2 a bad argument, option or checkpoint (one line on standard error, nothing done);
- 3 ``train`` trained a model but could not save it at ``--checkpoint`` (standard error says why,
  and where it was saved instead);
- 4 standard input or output cannot be used: closed, or a full disk (one line on standard error);
- 130 interrupted with Ctrl-C, at any moment (one line on standard error; a save under way
  finishes first, so a checkpoint is always the old one or the new one, whole);
- 141 standard output was closed early (``| head -1``), quietly.

SIGTERM and SIGHUP end the program as they end any other (a shell shows 143 and 129), after it
removes the files it was writing.

``train --checkpoint PATH`` replaces only a checkpoint of this library (or an empty file): any
other file is refused before training. A symbolic link is written through (the file it points
to is replaced, the link stays). One training at a time may write to a path (a lock file
``.NAME.lock`` sits next to it while it trains); a file changed by another program during
training is not replaced. Whatever goes wrong at the save, the trained model is not thrown
away: it is saved next to the destination, or in the current or temporary folder, and the
message says where.

The command line imports torch only when a command needs it: ``--help`` and argument errors
answer at once. Everything it knows about the tasks is in the ``TASKS`` table below.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from .registry import KIND_NAMES
from .validation import ArgumentError, check_device, check_int

# A training corpus larger than this leaves fewer than 2000 unseen dates for the held-out set.
MAX_TRAIN_SIZE = 50_000
MAX_EPOCHS = 1000
MAX_BEAM_WIDTH = 1000  # seq2seq_lib.decoding.MAX_BEAM_WIDTH, without importing torch (a test keeps them equal)
BATCH_LINES = 1024  # input lines decoded at once when reading standard input
MAX_LINE_BYTES = 1000  # a longer input line is reported and skipped, never kept in memory

DONE, BAD_LINES, USAGE, NOT_SAVED, STREAM, INTERRUPTED, PIPE_CLOSED = 0, 1, 2, 3, 4, 130, 141
INTERRUPTED_EARLY = "nothing was done"
INTERRUPTED_TRAINING = "training stopped; nothing was saved (any existing checkpoint is unchanged)"
INTERRUPTED_TRANSLATION = "translation stopped (any existing checkpoint is unchanged)"


# -- the tasks: what the command line knows about dates -----------------------------------------
class Task(NamedTuple):
    """What the command line needs from a task; its functions import torch when called, not before."""

    items: str  # what one input line holds
    example: str
    train_size: int  # training examples when --train-size is not given
    corpus: Callable[[int, int], Any]  # (n, seed) -> n training examples
    held_out: Callable[[Any], Any]  # examples never seen in training
    build: Callable[[str, bool, Any], tuple[Any, dict]]  # (kind, bidirectional, vocab) -> (model, train settings)
    vocabulary: Callable[[], Any]  # the task's own vocabulary: how a checkpoint says which task it was trained on
    check: Callable[[str], str]  # the text to translate, or ValueError naming the problem
    translate: Callable[[Any, list[str], int], list[str]]  # (model, texts, beam width) -> outputs
    fields: tuple[str, ...]  # per-field accuracies the training report gives


def _date_corpus(size: int, seed: int) -> Any:
    from .tasks.dates import DateDataset

    return DateDataset(size, seed=213)  # the article's corpus, whatever the run's seed


def _date_held_out(corpus: Any) -> Any:
    from .tasks.dates import held_out_dataset

    return held_out_dataset(corpus, n=2000)


def _date_build(kind: str, bidirectional: bool, vocab: Any) -> tuple[Any, dict]:
    from .registry import model_class

    options = {"bidirectional": True} if bidirectional else {}
    return model_class(kind)(vocab, **options), {}  # the kind's own training defaults


def _date_vocabulary() -> Any:
    from .tasks.dates import date_vocabulary

    return date_vocabulary()


def _date_check(text: str) -> str:
    from .tasks.dates import check_source_date

    return check_source_date(text)


def _date_translate(model: Any, texts: list[str], beam_width: int) -> list[str]:
    from .tasks.dates import translate

    return translate(model, texts, beam_width=beam_width)


def _human_corpus(size: int, seed: int) -> Any:
    from .tasks.human_dates import HumanDateDataset

    return HumanDateDataset(size, seed=seed)


def _human_held_out(corpus: Any) -> Any:
    from .tasks.human_dates import held_out_dataset

    return held_out_dataset(corpus, n=2000)


def _human_build(kind: str, bidirectional: bool, vocab: Any) -> tuple[Any, dict]:
    from .registry import model_class
    from .tasks.human_dates import default_setup

    setup = default_setup(kind, bidirectional)  # sizes and epochs chosen for this task
    return model_class(setup.kind)(vocab, **setup.model), dict(setup.train)


def _human_vocabulary() -> Any:
    from .tasks.human_dates import human_date_vocabulary

    return human_date_vocabulary()


def _human_check(text: str) -> str:
    from .tasks.human_dates import check_human_date

    check_human_date(text)
    return text  # translate() reads it as written (any letter case)


def _human_translate(model: Any, texts: list[str], beam_width: int) -> list[str]:
    from .tasks.human_dates import translate

    return translate(model, texts, beam_width=beam_width)


TASKS = {
    "dates": Task(
        items="dates",
        example="24-03-05",
        train_size=4000,  # the article's
        corpus=_date_corpus,
        held_out=_date_held_out,
        build=_date_build,
        vocabulary=_date_vocabulary,
        check=_date_check,
        translate=_date_translate,
        fields=("day", "month", "year"),
    ),
    "human-dates": Task(
        items="dates",
        example="'March 5, 2024'",
        train_size=10_000,
        corpus=_human_corpus,
        held_out=_human_held_out,
        build=_human_build,
        vocabulary=_human_vocabulary,
        check=_human_check,
        translate=_human_translate,
        fields=("en", "zh", "iso"),
    ),
}
DEFAULT_TASK = "dates"
SUMMARY = (
    "Train and use Seq2Seq models that translate dates: yy-mm-dd into dd/Mon/yyyy (the article's task, "
    "--task dates), or dates as people write them, in English or Chinese, into ISO yyyy-mm-dd (--task human-dates)."
)


def task_of(args: argparse.Namespace) -> Task:
    return TASKS[getattr(args, "task", DEFAULT_TASK)]


def task_of_model(model: Any) -> Task | None:
    """The task a loaded model was trained on: the one whose vocabulary it carries (None: no known task)."""
    for task in TASKS.values():
        if model.vocab == task.vocabulary():
            return task
    return None


# -- arguments ------------------------------------------------------------------------------------
def _ranged_int(name: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {text[:40]!r}") from None
        try:
            return check_int(name, value, low, high)  # the library's check (and message) of a range
        except ArgumentError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    return parse


def _accuracy(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 < value <= 1.0:  # NaN fails too
        raise argparse.ArgumentTypeError(f"--target-accuracy must be a number in (0, 1], got {text[:40]!r}")
    return value


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (and still exits with status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: error: {message} (see --help)\n")

    def print_help(self, file: Any = None) -> None:  # argparse would swallow a write error
        if file is None:
            write_stdout(self.format_help())
        else:
            super().print_help(file)


def build_parser(prog: str = "seq2seq-dates") -> argparse.ArgumentParser:
    parser = OneLineParser(prog=prog, description=SUMMARY)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    train_cmd = commands.add_parser("train", help="train a model on a task's corpus and save it")
    train_cmd.add_argument(
        "--task", choices=sorted(TASKS), default=DEFAULT_TASK, help=f"what to translate (default: {DEFAULT_TASK})"
    )
    train_cmd.add_argument("--model", choices=sorted(KIND_NAMES), required=True, help="the model kind")
    train_cmd.add_argument(
        "--bidirectional",
        action="store_true",
        help="an encoder that reads the source both ways (the plain and attention kinds)",
    )
    train_cmd.add_argument(
        "--checkpoint",
        required=True,
        help="where to save the trained model (.pt); missing folders are created; an existing file is "
        "replaced only if it is a checkpoint (a symbolic link is written through)",
    )
    train_cmd.add_argument(
        "--epochs",
        type=_ranged_int("--epochs", 1, MAX_EPOCHS),
        help="the most epochs (default: the task's for the model kind)",
    )
    train_cmd.add_argument(
        "--target-accuracy",
        type=_accuracy,
        help="stop once held-out exact match reaches this (e.g. 0.995); default: train every epoch",
    )
    train_cmd.add_argument(
        "--seed", type=_ranged_int("--seed", 0, 2**32 - 1), default=0, help="weights and batch order (default: 0)"
    )
    train_cmd.add_argument("--device", default="cpu", help="torch device, e.g. cpu or cuda (default: cpu)")
    train_cmd.add_argument(
        "--train-size",
        type=_ranged_int("--train-size", 1, MAX_TRAIN_SIZE),
        help=f"training examples, at most {MAX_TRAIN_SIZE:,} (default: the task's; the article's 4000 for dates)",
    )
    train_cmd.add_argument(
        "--quiet", action="store_true", help="no progress bar (there is none when standard error is not a terminal)"
    )

    translate_cmd = commands.add_parser(
        "translate",
        help="translate dates with a saved model (of either task: the checkpoint knows which)",
        description="Translate dates given as arguments, or one per line from standard input when none "
        "are given (blank lines are skipped), printing 'input<TAB>translation' as soon as each is done. A line "
        f"that is not valid (or longer than {MAX_LINE_BYTES:,} bytes) is reported on standard error, and the "
        "exit status is then 1.",
    )
    translate_cmd.add_argument("--checkpoint", required=True, help="a model saved by 'train'")
    translate_cmd.add_argument(
        "--beam-width",
        type=_ranged_int("--beam-width", 1, MAX_BEAM_WIDTH),
        default=1,
        help="hypotheses kept by beam search (default: 1, greedy decoding)",
    )
    examples = " or ".join(f"{task.example} ({name})" for name, task in TASKS.items())
    translate_cmd.add_argument("dates", nargs="*", help=f"dates like {examples}")
    return parser


# -- signals --------------------------------------------------------------------------------------
class Signals:
    """How the command line ends on a signal: at once, in one line, removing the files it holds.

    Ctrl-C (SIGINT) exits with status 130 at any moment and never shows a traceback: a
    ``KeyboardInterrupt`` could land inside library code that swallows it (a lazy import
    inside torch) and turn an interrupted run into a finished one. SIGTERM and SIGHUP, when
    left at their default, end the process by the same signal, after the clean-up. Inside
    :meth:`held` (an atomic save: milliseconds) a signal waits until the block is over.
    """

    def __init__(self) -> None:
        self.message = INTERRUPTED_EARLY
        self.cleanups: list[Callable[[], None]] = []
        self._pending: int | None = None
        self._holding = False
        self._leaving = False

    def install(self) -> Signals:
        signal.signal(signal.SIGINT, self._handle)
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
                signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self._holding:
            self._pending = self._pending or signum
        else:
            self.leave(signum)

    def leave(self, signum: int) -> None:
        if self._leaving:  # a second signal while leaving: the first one finishes the job
            return
        self._leaving = True
        for cleanup in self.cleanups:
            with contextlib.suppress(Exception):
                cleanup()
        if signum == signal.SIGINT:
            _to_stderr(f"\ninterrupted: {self.message}\n")
            os._exit(INTERRUPTED)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # ends the process as the signal would have
        os._exit(128 + signum)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            if self._pending is not None:
                self.leave(self._pending)


def _to_stderr(text: str) -> None:
    """Write straight to descriptor 2 (safe inside a signal handler, whatever sys.stderr was doing)."""
    with contextlib.suppress(OSError):
        os.write(2, text.encode(errors="replace"))


# -- standard streams -----------------------------------------------------------------------------
class StreamError(Exception):
    """Standard input or output cannot be used (closed, a full disk): one line, status 4."""


def reopen_closed_descriptors() -> set[int]:
    """Put /dev/null on whichever of descriptors 0-2 is closed, and return which were.

    Otherwise the next file this program opens would take that number, and anything that
    writes "to standard error" (torch, a C library) would write into it.
    """
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
    return closed


def check_stdout(closed: set[int]) -> None:
    if 1 in closed or sys.stdout is None:
        raise StreamError("standard output is closed: there is nowhere to write the results")


def check_stdin(closed: set[int], needs_stdin: bool) -> None:
    if needs_stdin and 0 in closed:
        raise StreamError("standard input is closed: give the dates as arguments, or pipe them in")


def say(*lines: str) -> None:
    """Write lines to standard output at once; a full disk or an I/O error becomes a StreamError."""
    write_stdout("".join(f"{line}\n" for line in lines))


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise StreamError(f"cannot write to standard output ({err.strerror or err})") from None


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's last flush has nothing to fail on."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)


def fail(message: str, status: int = USAGE) -> int:
    complain(f"error: {message}")
    return status


def complain(line: str) -> None:
    """A line on standard error; if even that cannot be written (``2>/dev/full``), the status says it all."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


# -- where train saves ----------------------------------------------------------------------------
class Destination:
    """The ``--checkpoint`` of ``train``: checked and reserved before training, saved to after.

    Before training: missing folders are created; a symbolic link is followed (its target is
    what gets replaced); an existing file must be a checkpoint of this library (or empty) and
    replaceable; a lock file ``.NAME.lock`` next to the target keeps a second training from
    writing to it at the same time. At the save: a file that changed since the start is not
    replaced, and a model that cannot be saved there is saved elsewhere, never thrown away.
    """

    def __init__(self, shown: str, target: Path, identity: tuple | None, lock: tuple[int, Path] | None):
        self.shown, self.target, self.identity, self._lock = shown, target, identity, lock

    @classmethod
    def prepare(cls, text: str, cleanups: list[Callable[[], None]]) -> Destination:
        """Check ``text`` as a destination and reserve it; ValueError or CheckpointWriteError if it cannot be.

        Its :meth:`release` joins ``cleanups`` (what a signal handler runs) as soon as the lock is held.
        """
        from .checkpoint import check_writable, is_checkpoint

        path = Path(text)
        if not path.is_symlink() and path.parent != Path() and not path.parent.exists():
            path.parent.mkdir(parents=True)
            say(f"created the folder {str(path.parent)!r}")
        target = check_writable(path)
        if target.exists():
            if target.stat().st_size and not is_checkpoint(target):
                raise ValueError(
                    f"{text!r} exists and is not a seq2seq_lib checkpoint, so train will not replace it: "
                    "move or delete it, or choose another --checkpoint"
                )
            _check_replaceable(text, target)
        destination = cls(text, target, None, _lock(text, target))
        cleanups.append(destination.release)
        destination.identity = _identity(target)
        return destination

    def save(self, model: Any) -> tuple[int, str]:
        """(status, message): DONE and where it was saved, or NOT_SAVED and why, and where it went instead."""
        from .checkpoint import save_model

        where = self.shown if self.target == Path(self.shown) else f"{self.shown} (the file it links to, {self.target})"
        if _identity(self.target) != self.identity:
            problem = f"{self.shown!r} was changed by another program during training, so it was not replaced"
        else:
            try:
                save_model(model, self.target)  # as resolved and checked before training
                return DONE, f"saved to {where}"
            except OSError as err:
                problem = str(err)
            except ValueError as err:  # the model itself (NaN weights): no path would take it
                return NOT_SAVED, f"the trained model cannot be saved: {err}"
        fallback = _save_elsewhere(model, self.target)
        if fallback is None:
            return NOT_SAVED, f"{problem}; nor could the model be saved anywhere else, so it is lost"
        return NOT_SAVED, f"{problem}; the trained model was saved to {str(fallback)!r} instead"

    def release(self) -> None:
        """Remove the lock file (while still holding the lock), then let the lock go."""
        if self._lock is not None:
            descriptor, lock_path = self._lock
            self._lock = None
            with contextlib.suppress(OSError):
                lock_path.unlink()
            os.close(descriptor)


def _identity(path: Path) -> tuple | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def _check_replaceable(shown: str, target: Path) -> None:
    """Refuse now what would make the save fail after training: opening the file for appending,
    without writing, fails on an immutable file (EPERM) or a read-only one (EACCES)."""
    import errno

    try:
        os.close(os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0)))
    except OSError as err:
        why = {
            errno.EPERM: "it is immutable (chattr +i) or otherwise protected",
            errno.EACCES: "it is read-only",
        }.get(err.errno, err.strerror or str(err))
        raise ValueError(f"cannot replace {shown!r}: {why}; change that, or choose another --checkpoint") from None


def _lock(shown: str, target: Path) -> tuple[int, Path] | None:
    """Hold an exclusive lock on ``.NAME.lock`` next to ``target`` (ValueError if another process does).

    The lock file holds its owner's process id, for the message. Its owner removes it
    before letting go; a process that locked a file already removed tries again.
    """
    try:
        import fcntl
    except ImportError:  # no flock here (Windows): the check at save time remains
        return None
    lock_path = target.parent / f".{target.name}.lock"
    for _ in range(10):
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(descriptor, 32).decode(errors="replace").strip() or "unknown"
            os.close(descriptor)
            raise ValueError(
                f"another training (process {owner}) is writing to {shown!r}: wait for it to end, "
                "or choose another --checkpoint"
            ) from None
        except OSError:  # a file system without locks: the check at save time remains
            os.close(descriptor)
            return None
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.fstat(descriptor), os.stat(lock_path)):
                os.ftruncate(descriptor, 0)
                os.write(descriptor, f"{os.getpid()}\n".encode())
                return descriptor, lock_path
        os.close(descriptor)  # its owner removed it as we opened it: take the new one
    return None


def _save_elsewhere(model: Any, target: Path) -> Path | None:
    """Save ``model`` under a new name next to ``target``, else in the current folder, else the temporary one."""
    import tempfile

    from .checkpoint import save_model

    name = f"{target.stem}.unsaved-{os.getpid()}{target.suffix or '.pt'}"
    for folder in (target.parent, Path.cwd(), Path(tempfile.gettempdir())):
        candidate = folder / name
        if candidate.exists():
            continue
        try:
            save_model(model, candidate)
        except OSError:
            continue
        return candidate
    return None


# -- train ----------------------------------------------------------------------------------------
def run_train(args: argparse.Namespace, signals: Signals) -> int:
    signals.message = INTERRUPTED_TRAINING
    from .checkpoint import CheckpointWriteError

    task = task_of(args)
    if args.bidirectional and args.model == "transformer":
        return fail(
            "--bidirectional applies to the plain and attention models: a Transformer's encoder already reads both ways"
        )
    try:
        device = check_device("--device", args.device)
        destination = Destination.prepare(args.checkpoint, signals.cleanups)
    except (ValueError, CheckpointWriteError) as err:
        return fail(str(err))
    try:
        model, history, held_out = _train_model(args, task, device)
        say(_training_report(task, history, len(held_out)))
        with signals.held():  # the atomic save takes milliseconds: a signal waits for it
            status, message = destination.save(model)
            signals.message = f"stopped after the save: {message}"
        if status == DONE:
            say(message)
            return DONE
        return fail(message, NOT_SAVED)
    finally:
        destination.release()


def _train_model(args: argparse.Namespace, task: Task, device: Any) -> tuple[Any, Any, Any]:
    from .runtime import set_seed
    from .training import train

    corpus = task.corpus(args.train_size or task.train_size, args.seed)
    held_out = task.held_out(corpus)
    set_seed(args.seed)
    model, settings = task.build(args.model, args.bidirectional, corpus.vocab)
    if args.epochs:
        settings["epochs"] = args.epochs
    budget = f"at most {plural(settings['epochs'], 'epoch')}" if "epochs" in settings else "the model's default epochs"
    kind = f"bidirectional {args.model}" if args.bidirectional else args.model
    say(f"training the {kind} model on {len(corpus)} {task.items} ({budget}, {device}, seed {args.seed})")
    history = train(
        model,
        corpus,
        **settings,
        eval_dataset=held_out,
        target_accuracy=args.target_accuracy,
        device=device,
        seed=args.seed,
        progress=not args.quiet and is_terminal(sys.stderr),  # a log file gets no bar
    )
    return model, history, held_out


def _training_report(task: Task, history: Any, held_out: int) -> str:
    last = history.iloc[-1]
    fields = ", ".join(f"{field} {last[field]:.2%}" for field in task.fields)
    return (
        f"held-out exact match after {plural(len(history), 'epoch')}: {last['exact_match']:.2%} of {held_out} "
        f"{task.items} never seen in training ({fields}); {last['elapsed_s']:.1f} s"
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# -- translate ------------------------------------------------------------------------------------
class Line(NamedTuple):
    """One input line: its number, its bytes (None if it was too long to keep) and its length."""

    number: int
    raw: bytes | str | None
    length: int


def argument_lines(texts: Sequence[str]) -> Iterator[list[Line]]:
    yield [Line(number, text, len(text)) for number, text in enumerate(texts, start=1)]


def stdin_lines(fd: int, limit: int = MAX_LINE_BYTES) -> Iterator[list[Line]]:
    """Batches of lines read from ``fd`` as they arrive, in linear time and bounded memory.

    ``os.read`` returns what is there: a person typing gets each translation at once, a long
    file is translated in batches. Each byte is looked at once; of a line longer than
    ``limit`` bytes only the length is kept.
    """
    kept: list[bytes] = []
    size = number = 0
    while True:
        chunk = os.read(fd, 1 << 16)
        lines, start = [], 0
        while True:
            end = chunk.find(b"\n", start)
            stop = len(chunk) if end < 0 else end
            size += stop - start
            if size <= limit:
                kept.append(chunk[start:stop])
            else:
                kept.clear()
            if end < 0:
                break
            number += 1
            lines.append(Line(number, b"".join(kept) if size <= limit else None, size))
            kept, size, start = [], 0, end + 1
        if not chunk and size:  # end of input: the last line may lack its newline
            number += 1
            lines.append(Line(number, b"".join(kept) if size <= limit else None, size))
        for first in range(0, len(lines), BATCH_LINES):
            yield lines[first : first + BATCH_LINES]
        if not chunk:
            return


def check_line(task: Task, where: str, line: Line) -> tuple[str | None, str | None]:
    """(the source, None) for a good line, (None, None) for a blank one, (None, message) otherwise."""
    if line.raw is None:
        return None, f"{where} {line.number} has {line.length:,} bytes; a line holds at most {MAX_LINE_BYTES:,}"
    try:
        text = line.raw.decode("utf-8") if isinstance(line.raw, bytes) else line.raw
    except UnicodeDecodeError:
        return None, f"{where} {line.number} is not UTF-8 text"
    text = text.strip()
    if not text and where == "line":
        return None, None
    try:
        return task.check(text), None
    except ValueError as err:
        return None, f"{where} {line.number}: {err}"


def run_translate(args: argparse.Namespace, signals: Signals) -> int:
    signals.message = INTERRUPTED_TRANSLATION
    from .checkpoint import load_model

    try:
        model = load_model(args.checkpoint)
    except (OSError, ValueError) as err:
        return fail(str(err))
    task = task_of_model(model)
    if task is None:
        return fail(
            f"{args.checkpoint!r} holds a model of a task this command does not know "
            f"(its vocabulary is that of none of {sorted(TASKS)})"
        )
    where = "argument" if args.dates else "line"
    batches = argument_lines(args.dates) if args.dates else stdin_lines(0)
    bad = 0
    for batch in batches:
        good = []
        for line in batch:
            text, problem = check_line(task, where, line)
            if problem:
                bad += 1
                complain(f"error: {problem}")
            elif text is not None:
                good.append(text)
        if good:
            say(*_tab_separated(good, task.translate(model, good, args.beam_width)))
    return BAD_LINES if bad else DONE


def _tab_separated(sources: list[str], outputs: Iterable[str]) -> list[str]:
    return [f"{source}\t{output}" for source, output in zip(sources, outputs, strict=True)]


# -- entry points ---------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None, prog: str = "seq2seq-dates", signals: Signals | None = None) -> int:
    """Run the command line and return its exit status (see the module's documentation)."""
    signals = signals or Signals()  # not installed: called from Python, the caller's handlers stay
    closed = reopen_closed_descriptors()
    try:
        check_stdout(closed)
        try:
            args = build_parser(prog).parse_args(argv)
        except SystemExit as done:  # --help, or a bad argument (already reported in one line)
            return done.code if isinstance(done.code, int) else USAGE
        check_stdin(closed, needs_stdin=args.command == "translate" and not args.dates)
        return run_train(args, signals) if args.command == "train" else run_translate(args, signals)
    except KeyboardInterrupt:  # only when called without run()'s handler
        complain(f"\ninterrupted: {signals.message}")
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``| head -1``): exit as a tool killed by SIGPIPE would, quietly.
        silence_stdout()
        return PIPE_CLOSED
    except StreamError as err:
        silence_stdout()
        return fail(str(err), STREAM)


def run(prog: str = "seq2seq-dates") -> NoReturn:
    """The entry point of ``seq2seq-dates`` and ``python -m seq2seq_lib``: exit with :func:`main`'s status."""
    signals = Signals().install()
    status = main(prog=prog, signals=signals)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()  # what --help wrote, for one
    except BrokenPipeError:
        status = PIPE_CLOSED
    except OSError as err:
        status = fail(f"cannot write to standard output ({err.strerror or err})", STREAM)
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    # Leave without Python's shutdown: nothing is left to do, and a Ctrl-C landing in it
    # could still end the process by SIGINT or print a traceback.
    os._exit(status)


__all__ = ["TASKS", "Task", "build_parser", "main", "run"]
