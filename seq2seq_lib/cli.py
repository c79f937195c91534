"""Command line: ``python -m seq2seq_lib train ...`` and ``python -m seq2seq_lib translate ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .checkpoint import CheckpointError, load_model, save_model
from .data import DateDataset, check_source_date, held_out_dataset
from .decoding import translate
from .models import AttentionSeq2Seq, Seq2Seq
from .training import set_seed, train

MODELS = {"plain": Seq2Seq, "attention": AttentionSeq2Seq}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m seq2seq_lib",
        description="Train and use Seq2Seq models that translate yy-mm-dd dates into dd/Mon/yyyy.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    train_cmd = commands.add_parser("train", help="train a model on the article's corpus and save it")
    train_cmd.add_argument(
        "--model", choices=sorted(MODELS), required=True, help="plain LSTM encoder-decoder, or attention"
    )
    train_cmd.add_argument("--checkpoint", required=True, help="where to save the trained model (.pt)")
    train_cmd.add_argument("--epochs", type=int, default=20, help="epochs to train (default: 20)")
    train_cmd.add_argument("--seed", type=int, default=0, help="seed for weights and batch order (default: 0)")
    train_cmd.add_argument("--device", default="cpu", help="torch device, e.g. cpu or cuda (default: cpu)")
    train_cmd.add_argument("--train-size", type=int, default=4000, help="training dates (default: the article's 4000)")
    train_cmd.add_argument("--quiet", action="store_true", help="no progress bar")

    translate_cmd = commands.add_parser(
        "translate",
        help="translate dates with a saved model",
        description="Translate dates given as arguments, or one per line from standard input when none are given "
        "(blank lines are skipped). Prints 'input<TAB>translation' for every good date; bad dates are "
        "reported on standard error afterwards, and the exit status is then 1.",
    )
    translate_cmd.add_argument("--checkpoint", required=True, help="a model saved by 'train'")
    translate_cmd.add_argument("dates", nargs="*", help="dates like 24-03-05")
    return parser


def run_train(args: argparse.Namespace) -> int:
    if args.epochs < 1:
        print(f"error: --epochs must be at least 1, got {args.epochs}", file=sys.stderr)
        return 2
    try:
        import torch

        device = torch.device(args.device)
        torch.empty(0, device=device)  # fail here, clearly, if the device is not available
    except (RuntimeError, AssertionError) as err:
        print(f"error: device {args.device!r} is not usable here: {str(err).splitlines()[0]}", file=sys.stderr)
        return 2

    corpus = DateDataset(args.train_size, seed=213)
    held_out = held_out_dataset(corpus, n=2000)
    set_seed(args.seed)
    model = MODELS[args.model](corpus.vocab)
    print(f"training the {args.model} model on {len(corpus)} dates ({args.epochs} epochs, {device}, seed {args.seed})")
    history = train(
        model, corpus, epochs=args.epochs, eval_dataset=held_out, device=device, seed=args.seed, progress=not args.quiet
    )
    last = history.iloc[-1]
    print(
        f"held-out exact match: {last['exact_match']:.2%} of {len(held_out)} dates never seen in training "
        f"(day {last['day']:.2%}, month {last['month']:.2%}, year {last['year']:.2%}); "
        f"{last['elapsed_s']:.1f} s"
    )
    save_model(model, args.checkpoint)
    print(f"saved to {args.checkpoint}")
    return 0


def run_translate(args: argparse.Namespace) -> int:
    try:
        model = load_model(args.checkpoint)
    except (FileNotFoundError, CheckpointError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    if args.dates:
        lines = list(enumerate(args.dates, start=1))
        where = "argument"
    else:
        lines = [(number, line.strip()) for number, line in enumerate(sys.stdin, start=1) if line.strip()]
        where = "line"

    good, bad = [], []
    for number, text in lines:
        try:
            good.append(check_source_date(text))
        except ValueError as err:
            bad.append(f"{where} {number}: {err}")
    for text, translation in zip(good, translate(model, good) if good else [], strict=True):
        print(f"{text}\t{translation}")
    sys.stdout.flush()
    for message in bad:
        print(f"error: {message}", file=sys.stderr)
    return 1 if bad else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "train":
        return run_train(args)
    return run_translate(args)
