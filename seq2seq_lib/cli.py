"""Command line: ``train`` a model on the article's dates and save it; ``translate`` dates with it.

    python -m seq2seq_lib train --model attention --checkpoint checkpoints/attention.pt
    python -m seq2seq_lib translate --checkpoint checkpoints/attention.pt 24-03-05 74-01-01
    seq2seq-dates ...                      (the same, as an installed console script)

Exit status: 0 done; 1 some input lines were not dates (each reported on standard error,
the others translated); 2 a bad argument, option or checkpoint (one line on standard
error, nothing done); 130 interrupted with Ctrl-C (any existing checkpoint untouched);
141 standard output was closed early (``| head -1``), quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import torch

from .checkpoint import CheckpointError, CheckpointWriteError, check_writable, load_model, save_model
from .decoding import MAX_BEAM_WIDTH
from .registry import MODEL_KINDS, model_class
from .runtime import set_seed
from .tasks.dates import DateDataset, check_source_date, held_out_dataset, translate
from .training import train
from .validation import check_device, check_float, check_int

# A training corpus larger than this leaves fewer than 2000 unseen dates for the held-out set.
MAX_TRAIN_SIZE = 50_000
MAX_EPOCHS = 1000
BATCH_LINES = 1024  # dates decoded at once when reading standard input


def _ranged_int(name: str, low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {text[:40]!r}") from None
        try:
            return check_int(name, value, low, high)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None

    return parse


def _accuracy(text: str) -> float:
    try:
        return check_float("--target-accuracy", float(text), 0.0, 1.0, low_inclusive=False)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--target-accuracy must be a number in (0, 1], got {text[:40]!r}") from None


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (and still exits with status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser(prog: str = "seq2seq-dates") -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=prog, description="Train and use Seq2Seq models that translate yy-mm-dd dates into dd/Mon/yyyy."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    train_cmd = commands.add_parser("train", help="train a model on the article's corpus and save it")
    train_cmd.add_argument("--model", choices=sorted(MODEL_KINDS), required=True, help="the model kind")
    train_cmd.add_argument(
        "--checkpoint", required=True, help="where to save the trained model (.pt); missing folders are created"
    )
    train_cmd.add_argument(
        "--epochs", type=_ranged_int("--epochs", 1, MAX_EPOCHS), help="the most epochs (default: the model kind's)"
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
        default=4000,
        help=f"training dates, at most {MAX_TRAIN_SIZE:,} (default: the article's 4000)",
    )
    train_cmd.add_argument("--quiet", action="store_true", help="no progress bar")

    translate_cmd = commands.add_parser(
        "translate",
        help="translate dates with a saved model",
        description="Translate dates given as arguments, or one per line from standard input when none are "
        "given (blank lines are skipped), printing 'input<TAB>translation' as soon as each is done. A line "
        "that is not a date is reported on standard error, and the exit status is then 1.",
    )
    translate_cmd.add_argument("--checkpoint", required=True, help="a model saved by 'train'")
    translate_cmd.add_argument(
        "--beam-width",
        type=_ranged_int("--beam-width", 1, MAX_BEAM_WIDTH),
        default=1,
        help="hypotheses kept by beam search (default: 1, greedy decoding)",
    )
    translate_cmd.add_argument("dates", nargs="*", help="dates like 24-03-05")
    return parser


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def prepare_checkpoint_path(text: str) -> Path:
    """Create the checkpoint's folder if needed and check the file can be written there, before training."""
    path = Path(text)
    if path.parent != Path() and not path.parent.exists():
        path.parent.mkdir(parents=True)
        print(f"created the folder {str(path.parent)!r}")
    return check_writable(path)


def run_train(args: argparse.Namespace) -> int:
    try:
        device = check_device("--device", args.device)
        path = prepare_checkpoint_path(args.checkpoint)
    except (ValueError, OSError) as err:
        return fail(str(err))
    with _interrupt_exits_at_once(INTERRUPTED_TRAINING):
        model, history, held_out = _train_model(args, device)
    last = history.iloc[-1]
    print(
        f"held-out exact match after {len(history)} epochs: {last['exact_match']:.2%} of {len(held_out)} dates "
        f"never seen in training (day {last['day']:.2%}, month {last['month']:.2%}, year {last['year']:.2%}); "
        f"{last['elapsed_s']:.1f} s"
    )
    try:
        with _interrupt_waits():  # a Ctrl-C now would leave a half-written temporary file
            save_model(model, path)
    except OSError as err:
        return fail(str(err))
    print(f"saved to {path}")
    return 0


def _train_model(args: argparse.Namespace, device: torch.device):
    corpus = DateDataset(args.train_size, seed=213)
    held_out = held_out_dataset(corpus, n=2000)
    set_seed(args.seed)
    model = model_class(args.model)(corpus.vocab)
    budget = f"at most {args.epochs} epochs" if args.epochs else "the model's default epochs"
    print(f"training the {args.model} model on {len(corpus)} dates ({budget}, {device}, seed {args.seed})")
    history = train(
        model,
        corpus,
        epochs=args.epochs,
        eval_dataset=held_out,
        target_accuracy=args.target_accuracy,
        device=device,
        seed=args.seed,
        progress=not args.quiet,
    )
    return model, history, held_out


INTERRUPTED_TRAINING = "training stopped; nothing was saved (any existing checkpoint is unchanged)"
INTERRUPTED_TRANSLATION = "translation stopped (any existing checkpoint is unchanged)"


@contextlib.contextmanager
def _interrupt_exits_at_once(what: str):
    """While training, Ctrl-C ends the process at once, status 130: nothing is written yet, and
    a ``KeyboardInterrupt`` could be swallowed by library code it lands in (a lazy import inside
    torch), which would turn an interrupted run into a finished one."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; KeyboardInterrupt still applies
        return

    def leave(signum, frame):
        sys.stdout.flush()
        print(f"\ninterrupted: {what}", file=sys.stderr, flush=True)
        os._exit(130)

    previous = signal.signal(signal.SIGINT, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _interrupt_waits():
    """Ctrl-C is held back (ignored) for the few milliseconds of an atomic save."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def input_lines(dates: Sequence[str]) -> Iterator[list[tuple[int, bytes | str]]]:
    """Batches of (line number, text) from the arguments, or from standard input as it arrives.

    Standard input is read with ``os.read``, which returns what is there: a person typing
    gets each translation at once, a long file is translated in batches.
    """
    if dates:
        yield list(enumerate(dates, start=1))
        return
    fd, pending, number = sys.stdin.fileno(), b"", 0
    while True:
        chunk = os.read(fd, 1 << 16)
        if chunk:
            pending += chunk
            *complete, pending = pending.split(b"\n")
        else:  # end of input: the last line may lack its newline
            complete, pending = ([pending] if pending else []), b""
        numbered = [(number + i, raw) for i, raw in enumerate(complete, start=1)]
        number += len(complete)
        for start in range(0, len(numbered), BATCH_LINES):
            yield numbered[start : start + BATCH_LINES]
        if not chunk:
            return


def check_line(where: str, number: int, raw: bytes | str) -> tuple[str | None, str | None]:
    """(the date, None) for a good line, (None, None) for a blank one, (None, message) otherwise."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None, f"{where} {number} is not UTF-8 text"
    text = text.strip()
    if not text and where == "line":
        return None, None
    try:
        return check_source_date(text), None
    except ValueError as err:
        return None, f"{where} {number}: {err}"


def run_translate(args: argparse.Namespace) -> int:
    try:
        model = load_model(args.checkpoint)
    except (OSError, CheckpointError) as err:
        return fail(str(err))
    where = "argument" if args.dates else "line"
    bad = 0
    for batch in input_lines(args.dates):
        good = []
        for number, raw in batch:
            text, problem = check_line(where, number, raw)
            if problem:
                bad += 1
                print(f"error: {problem}", file=sys.stderr, flush=True)
            elif text is not None:
                good.append(text)
        translations = translate(model, good, beam_width=args.beam_width) if good else []
        for text, translation in zip(good, translations, strict=True):
            print(f"{text}\t{translation}")
        sys.stdout.flush()
    return 1 if bad else 0


def main(argv: Sequence[str] | None = None, prog: str = "seq2seq-dates") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        return run_train(args) if args.command == "train" else run_translate(args)
    except KeyboardInterrupt:
        what = INTERRUPTED_TRAINING if args.command == "train" else INTERRUPTED_TRANSLATION
        print(f"\ninterrupted: {what}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head -1``). Point stdout at /dev/null so that Python's
        # final flush does not raise again, and exit as a tool killed by SIGPIPE would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except CheckpointWriteError as err:
        return fail(str(err))


def run(prog: str = "seq2seq-dates") -> None:
    """The entry point of ``seq2seq-dates`` and ``python -m seq2seq_lib``: exit with :func:`main`'s status."""
    status = main(prog=prog)
    if status == 130:
        # After Ctrl-C, leave at once. When the interrupt lands inside Python code that torch
        # runs from C++, CPython remembers it and re-sends SIGINT to itself at shutdown, so
        # the shell would see "killed by SIGINT" (seen in about 1 run in 10) instead of 130.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(status)


__all__ = ["build_parser", "main", "run"]
