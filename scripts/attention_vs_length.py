"""Exact match against input length, with and without attention (Bahdanau et al. 2015, fig. 2).

The plain encoder-decoder (``Seq2Seq``) and the attention model (``AttentionSeq2Seq``),
both with embedding 16 and 32 LSTM units (the course's sizes), are trained on the same
strings with the same budget (epochs, batch size, learning rate, batch order): copy a
random string of 3 to 15 digits (``seq2seq_lib.length_task``). As in Bahdanau et al.,
who trained on sentences of every length and scored them by length bucket, one model
of each kind sees every length, then each is scored on held-out strings of each length
(none of which occurs in training) by greedy decoding and exact match.

    python scripts/attention_vs_length.py            # writes the CSV and the PNG below
    python scripts/attention_vs_length.py --quick    # a smoke run; writes nothing unless told

Writes ``assets/results/attention_vs_length.csv`` (columns ``length,model,exact_match``,
``model`` in {plain, attention}, one row per length and model) and the plot of it,
``assets/attention_vs_length.png`` and its Chinese twin ``assets/zh/attention_vs_length.png``
(drawn by ``scripts/make_diagrams.py``, which redraws them from the CSV). Torch runs on one thread.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
import torch

from seq2seq_lib import evaluate, greedy_decode, set_seed, train
from seq2seq_lib.registry import model_class
from seq2seq_lib.tasks.copy import LengthTaskDataset, held_out_length_dataset

ROOT = Path(__file__).resolve().parent.parent
CSV_PATH = ROOT / "assets" / "results" / "attention_vs_length.csv"
PNG_PATH = ROOT / "assets" / "attention_vs_length.png"
MODELS = ("plain", "attention")  # the registry's LSTM kinds (they take embedding_dim and units)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small, fast run (writes no file unless --csv/--png)")
    parser.add_argument("--task", choices=("copy", "reverse"), default="copy")
    parser.add_argument("--min-len", type=int, default=3)
    parser.add_argument("--max-len", type=int, default=15)
    parser.add_argument("--n-train", type=int, default=6000, help="training strings (lengths uniform)")
    parser.add_argument("--n-eval", type=int, default=200, help="held-out strings per length")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--embedding-dim", type=int, default=16)
    parser.add_argument("--units", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0, help="model initialisation and batch order")
    parser.add_argument("--data-seed", type=int, default=1, help="training strings")
    parser.add_argument("--eval-seed", type=int, default=2024, help="held-out strings (plus the length)")
    parser.add_argument("--models", default="plain,attention", help="comma-separated subset of plain,attention")
    parser.add_argument("--csv", type=Path, default=None, help=f"default: {CSV_PATH.relative_to(ROOT)}")
    parser.add_argument("--png", type=Path, default=None, help=f"default: {PNG_PATH.relative_to(ROOT)}")
    parser.add_argument("--no-png", action="store_true", help="do not draw the plot")
    args = parser.parse_args(argv)
    if args.quick:
        args.n_train, args.n_eval, args.epochs, args.max_len = 1500, 50, 4, min(args.max_len, 8)
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in args.models if m not in MODELS]
    if unknown or not args.models:
        parser.error(f"--models must be a subset of {list(MODELS)}, got {unknown or 'nothing'}")
    # A quick run must not overwrite the stored results by accident.
    if not args.quick:
        args.csv = args.csv or CSV_PATH
        args.png = None if args.no_png else (args.png or PNG_PATH)
    elif args.no_png:
        args.png = None
    return args


@torch.no_grad()
def position_accuracy(model: torch.nn.Module, dataset: LengthTaskDataset) -> dict[str, list[float]]:
    """Share of strings (all of one length L) whose i-th output symbol is right, for i = 1..L.

    ``greedy``: the model's own outputs are fed back, so one mistake can cause more.
    ``teacher_forced``: the true prefix is fed instead, which isolates what reaches the
    decoder about each position.
    """
    model.eval()
    x, y = dataset.tensors(model.device)
    length = dataset.max_len
    truth = y[:, 1 : length + 1]
    greedy = greedy_decode(model, x)
    greedy = torch.nn.functional.pad(greedy, (0, max(0, length - greedy.shape[1])))[:, :length]
    forced = model(x, y[:, :-1]).argmax(dim=-1)[:, :length]
    return {
        "greedy": (greedy == truth).float().mean(dim=0).tolist(),
        "teacher_forced": (forced == truth).float().mean(dim=0).tolist(),
    }


def run(args: argparse.Namespace) -> pd.DataFrame:
    train_set = LengthTaskDataset(args.n_train, args.min_len, args.max_len, task=args.task, seed=args.data_seed)
    lengths = list(range(args.min_len, args.max_len + 1))
    eval_sets = {
        length: held_out_length_dataset(train_set, args.n_eval, length=length, seed=args.eval_seed + length)
        for length in lengths
    }
    print(
        f"task {args.task}: {len(train_set)} training strings of {args.min_len}-{args.max_len} digits "
        f"(data seed {args.data_seed}), {args.n_eval} held-out strings per length; "
        f"embedding {args.embedding_dim}, units {args.units}; {args.epochs} epochs, batch {args.batch_size}, "
        f"lr {args.lr}, seed {args.seed}",
        flush=True,
    )
    scores: dict[str, dict[int, float]] = {}
    for name in args.models:
        set_seed(args.seed)
        model = model_class(name)(
            train_set.vocab,
            embedding_dim=args.embedding_dim,
            units=args.units,
            max_output_len=train_set.max_output_len,
        )
        n_params = sum(p.numel() for p in model.parameters())
        started = time.perf_counter()
        history = train(
            model,
            train_set,
            epochs=args.epochs,
            batch_size=args.batch_size,
            lr=args.lr,
            # Pinned, not left to train's default, so the stored results stay reproducible
            # when the library's defaults are tuned for dates.
            betas=(0.9, 0.999),
            seed=args.seed,
            progress=False,
        )
        trained_s = time.perf_counter() - started
        scores[name] = {length: evaluate(model, eval_set)["exact_match"] for length, eval_set in eval_sets.items()}
        longest = position_accuracy(model, eval_sets[args.max_len])
        print(
            f"{name}: {n_params} parameters, trained in {trained_s:.1f} s (final loss {history.loss.iloc[-1]:.4f}), "
            f"evaluated in {time.perf_counter() - started - trained_s:.1f} s",
            flush=True,
        )
        for mode, values in longest.items():
            print(
                f"  per-position accuracy at length {args.max_len}, {mode:>14}: " + " ".join(f"{v:.2f}" for v in values)
            )
    # Sorted by length, then plain before attention.
    rows = [
        {"length": length, "model": name, "exact_match": scores[name][length]}
        for length in lengths
        for name in MODELS
        if name in scores
    ]
    return pd.DataFrame(rows, columns=["length", "model", "exact_match"])


def plot(table: pd.DataFrame, path: Path, args: argparse.Namespace) -> list[Path]:
    """The plot in every language of make_diagrams.py: ``path`` (English) and ``path``'s folder/zh/."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_diagrams

    rows = table.to_dict("records")
    run = {"task": args.task, "embedding": args.embedding_dim, "units": args.units, "epochs": args.epochs}
    written = []
    for language in make_diagrams.LANGUAGES:
        make_diagrams.use_language(language)
        target = path if language == "en" else path.parent / language / path.name
        written.append(make_diagrams.attention_vs_length(target, language, rows, run))
    return written


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(1)  # train() uses one thread anyway; so does evaluation here
    started = time.perf_counter()
    table = run(args)
    wide = table.pivot(index="length", columns="model", values="exact_match")[args.models]
    print(wide.to_string(float_format=lambda v: f"{v:.3f}"))
    if args.csv is not None:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.csv, index=False, float_format="%.3f", lineterminator="\n")
        print(f"wrote {args.csv}")
    if args.png is not None:
        for path in plot(table, args.png, args):
            print(f"wrote {path}")
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
