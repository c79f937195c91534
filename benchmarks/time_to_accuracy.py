"""How long the article's procedure and ``seq2seq_lib`` take to reach a held-out accuracy.

Run from the repository root:

    python benchmarks/time_to_accuracy.py            # 5 seeds, both models (ten minutes or more)
    python benchmarks/time_to_accuracy.py --quick    # 1 seed, smoke test
    python benchmarks/time_to_accuracy.py --help

Four measurements, all in one process except the last:

1. Time to accuracy. For each model kind (plain, attention) and seed, train
   (a) the article's procedure (``article_reference.py``) and (b) ``seq2seq_lib.train``
   with its defaults, scoring held-out exact match after every epoch. Reported: seconds
   and epochs until exact match first reaches 95%, 99% and 100%.
   The article's clock leaves out our held-out scoring (the article does not score a
   held-out set, so charging it would be unfair to the article); the library's clock is
   the wall time of its ``train`` call, scoring included. Both choices favour the article.
2. A summary of the article/library time ratio at 99% per model kind.
3. Greedy decoding of 10,000 dates: the article's ``inference`` against the library's
   ``greedy_decode`` (ids in, ids out) and ``translate`` (strings in, strings out).
4. Peak memory (max RSS) of a fresh child process training the library's attention model.

Timings are only meaningful on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import torch

import seq2seq_lib
from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, held_out_dataset, set_seed, translate
from seq2seq_lib.decoding import greedy_decode

# article_reference.py sits next to this file; it is a benchmark helper, not a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import article_reference as article  # noqa: E402
import machine  # noqa: E402

LIBRARY_MODELS = {"plain": Seq2Seq, "attention": AttentionSeq2Seq}
THRESHOLDS = {"95": 0.95, "99": 0.99, "100": 1.0}
TRAIN_SIZE, TRAIN_SEED = 4000, 213  # the article's corpus
HELD_OUT_SIZE = 2000
DECODE_SIZE, DECODE_SEED = 10_000, 7


# -- data --------------------------------------------------------------------------
def load_data() -> tuple[DateDataset, DateDataset]:
    """The article's 4000 training dates and 2000 held-out dates that share none of them."""
    train = DateDataset(TRAIN_SIZE, seed=TRAIN_SEED)
    return train, held_out_dataset(train, n=HELD_OUT_SIZE)


# -- reading a training history ------------------------------------------------------
def first_reached(history: pd.DataFrame, seconds_column: str) -> dict:
    """Seconds and epoch at which ``exact_match`` first reaches each threshold (NaN if never)."""
    result = {}
    for name, threshold in THRESHOLDS.items():
        hit = history[history["exact_match"] >= threshold]
        result[f"s{name}"] = float(hit[seconds_column].iloc[0]) if len(hit) else math.nan
        result[f"ep{name}"] = int(hit["epoch"].iloc[0]) if len(hit) else math.nan
    return result


# -- the two contestants -------------------------------------------------------------
def run_article(kind: str, seed: int, train: DateDataset, held_out: DateDataset, target: float, max_epochs: int):
    """The article's procedure until held-out exact match reaches ``target`` (or ``max_epochs``)."""
    model, rows = article.train(
        train, kind, seed, epochs=max_epochs, eval_dataset=held_out, stop_when=lambda acc: acc >= target
    )
    history = pd.DataFrame(rows)
    return model, history, first_reached(history, "train_s")


def run_library(kind: str, seed: int, train: DateDataset, held_out: DateDataset, target: float, threads: int):
    """``seq2seq_lib.train`` with its defaults, stopping at ``target``; its clock includes scoring."""
    set_seed(seed)
    model = LIBRARY_MODELS[kind](train.vocab)
    history = seq2seq_lib.train(
        model, train, eval_dataset=held_out, target_accuracy=target, seed=seed, progress=False, num_threads=threads
    )
    # A run that stops at 99% never reaches a 100% row unless that epoch was already
    # perfect; with --to-100 the target is 1.0 and the 95/99% rows come from the same
    # (deterministic) trajectory, so one call gives all three.
    return model, history, first_reached(history, "elapsed_s")


def warm_up(train: DateDataset, held_out: DateDataset, threads: int) -> None:
    """One untimed epoch of each contestant and kind.

    The first call in a process pays one-off costs (lazy initialisation inside torch,
    about half a second here) that would otherwise be charged to whichever run
    happens to come first.
    """
    for kind in LIBRARY_MODELS:
        article.train(train, kind, seed=0, epochs=1, eval_dataset=held_out)
        set_seed(0)
        seq2seq_lib.train(
            LIBRARY_MODELS[kind](train.vocab),
            train,
            epochs=1,
            eval_dataset=held_out,
            progress=False,
            num_threads=threads,
        )


def reached(result: dict) -> str:
    """'12.3 s (36 epochs)' or 'not reached', for the progress lines."""
    if math.isnan(result["s99"]):
        return "not reached"
    return f"{result['s99']:.2f} s ({result['ep99']} epochs)"


def time_to_accuracy(args, train: DateDataset, held_out: DateDataset):
    """One row per (kind, seed); also returns the last trained models for the decoding benchmark."""
    target = 1.0 if args.to_100 else 0.99
    rows, trained = [], {}
    for kind in args.kinds:
        for seed in args.seeds:
            art_model, art_hist, art = run_article(kind, seed, train, held_out, target, args.max_epochs)
            lib_model, lib_hist, lib = run_library(kind, seed, train, held_out, target, args.threads)
            trained[kind] = (art_model, lib_model)
            row = {"kind": kind, "seed": seed}
            row.update({f"art_{k}": v for k, v in art.items()})
            row["art_epochs"] = int(art_hist["epoch"].iloc[-1])
            row.update({f"lib_{k}": v for k, v in lib.items()})
            row["lib_epochs"] = int(lib_hist["epoch"].iloc[-1])
            row["ratio_s99"] = row["art_s99"] / row["lib_s99"]
            rows.append(row)
            print(f"  {kind:9s} seed {seed}: to 99%, article {reached(art)}, library {reached(lib)}", flush=True)
    table = pd.DataFrame(rows)
    for column in [c for c in table if "_ep" in c]:
        table[column] = table[column].astype("Int64")  # whole epochs; <NA> if never reached
    return table, trained


def min_med_max(values: pd.Series, fmt: str = "{:.2f}") -> str:
    """'min / median / max' of the values that are not NaN ('-' if none)."""
    values = values.dropna()
    if not len(values):
        return "-"
    return " / ".join(fmt.format(v) for v in (values.min(), values.median(), values.max()))


def summarize(table: pd.DataFrame) -> pd.DataFrame:
    """Per model kind: seconds and epochs to 99% on each side and their ratio, as min / median / max.

    Runs that missed 99% on either side are counted in ``reached_99`` and left out of
    the ratio.
    """
    out = []
    for kind, group in table.groupby("kind", sort=False):
        out.append(
            {
                "kind": kind,
                "seeds": len(group),
                "reached_99": int(group["ratio_s99"].notna().sum()),
                "article s (min/med/max)": min_med_max(group["art_s99"]),
                "article epochs": min_med_max(group["art_ep99"].astype(float), "{:.0f}"),
                "library s (min/med/max)": min_med_max(group["lib_s99"]),
                "library epochs": min_med_max(group["lib_ep99"].astype(float), "{:.0f}"),
                "article/library (min/med/max)": min_med_max(group["ratio_s99"], "{:.1f}x"),
            }
        )
    return pd.DataFrame(out)


# -- greedy decoding -----------------------------------------------------------------
def median_seconds(fn, repetitions: int) -> float:
    """Median wall time of ``fn()`` over ``repetitions`` runs, after one untimed warm-up run."""
    fn()
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def decoding_methods(art_model, lib_model, data: DateDataset) -> dict:
    """name -> (timed call, turning its output into strings for the accuracy check)."""
    x = torch.as_tensor(data.x)

    def article_no_grad():  # without recording a graph: the article's best case
        with torch.no_grad():
            return art_model.inference(x)

    def article_text(ids):  # the article's idx2str on every row
        return [article.ids_to_text(row, data) for row in ids.tolist()]

    def library_text(ids):
        return [lib_model.vocab.decode(row) for row in ids.tolist()]

    return {
        "article inference": (lambda: art_model.inference(x), article_text),  # autograd on, as written
        "article inference, no_grad": (article_no_grad, article_text),
        "library greedy_decode": (lambda: greedy_decode(lib_model, x), library_text),
        "library translate": (lambda: translate(lib_model, data.date_cn), lambda texts: texts),
    }


def decoding_benchmark(trained: dict, repetitions: int) -> pd.DataFrame:
    """Decode 10,000 dates with each method on the trained model of each kind.

    Each method runs on the model its own training produced (the article's decoder is an
    ``LSTMCell``, the library's an ``LSTM``). Exact match on the same dates is printed
    alongside, to show that both models are equally good and the timings compare like
    with like.
    """
    data = DateDataset(DECODE_SIZE, seed=DECODE_SEED)
    rows = []
    for kind, (art_model, lib_model) in trained.items():
        baseline = None
        for name, (fn, to_text) in decoding_methods(art_model, lib_model, data).items():
            seconds = median_seconds(fn, repetitions)
            baseline = baseline or seconds  # the first method: the article as written
            decoded = to_text(fn())
            accuracy = sum(d == t for d, t in zip(decoded, data.date_en, strict=True)) / len(data)
            rows.append(
                {
                    "kind": kind,
                    "method": name,
                    "seconds": seconds,
                    "article/this": baseline / seconds,
                    "exact_match": accuracy,
                }
            )
    return pd.DataFrame(rows)


# -- peak memory ---------------------------------------------------------------------
def max_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def memory_child(threads: int) -> None:
    """Runs in the child: report peak RSS after setup and after training the attention model."""
    torch.set_num_threads(threads)
    train, held_out = load_data()
    after_setup = max_rss_mb()
    set_seed(0)
    model = AttentionSeq2Seq(train.vocab)
    seq2seq_lib.train(
        model, train, eval_dataset=held_out, target_accuracy=0.99, seed=0, progress=False, num_threads=threads
    )
    print(json.dumps({"after_setup_mb": after_setup, "after_training_mb": max_rss_mb()}))


# A tiny Python that starts the real child. On Linux a process inherits its parent's
# peak RSS across fork + exec (the kernel keeps the old address space's high-water mark
# in ru_maxrss), so a child started straight from this process, which by now holds
# several trained models, would report this process's peak instead of its own. A child
# of a small launcher inherits only the launcher's few MB.
_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"


def peak_memory(threads: int) -> dict:
    """Peak RSS of a fresh Python process training the attention model (see ``_LAUNCHER``)."""
    child = [sys.executable, __file__, "--memory-child", "--threads", str(threads)]
    result = subprocess.run([sys.executable, "-c", _LAUNCHER, *child], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- command line --------------------------------------------------------------------
def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time to held-out accuracy, decoding speed and peak memory: article vs seq2seq_lib.",
    )
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="seeds to train with (default: 0 1 2 3 4)"
    )
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=list(LIBRARY_MODELS),
        default=list(LIBRARY_MODELS),
        help="model kinds (default: both)",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads for both contestants (default: 1)")
    parser.add_argument(
        "--to-100",
        action="store_true",
        help="train on until 100%% held-out exact match instead of stopping at 99%% "
        "(the article for at most --max-epochs, the library for at most its default number of epochs)",
    )
    parser.add_argument(
        "--max-epochs", type=int, default=article.MAX_EPOCHS, help="article epochs at most (default: the article's 100)"
    )
    parser.add_argument(
        "--decode-reps", type=int, default=5, help="timed repetitions per decoding method, median reported (default: 5)"
    )
    parser.add_argument("--skip-decoding", action="store_true", help="leave out the decoding benchmark")
    parser.add_argument("--skip-memory", action="store_true", help="leave out the peak-memory measurement")
    parser.add_argument("--csv", metavar="PATH", help="also write the per-run table to this CSV file")
    parser.add_argument("--quick", action="store_true", help="smoke test: seed 0 only, 3 decoding repetitions")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args(argv)
    if args.quick:
        args.seeds = args.seeds[:1]
        args.decode_reps = min(args.decode_reps, 3)
    return args


def print_environment(args) -> None:
    print(machine.describe(args.threads) + f" | seq2seq_lib {seq2seq_lib.__version__}")
    print("(timings are only meaningful on an otherwise idle machine)\n")


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.memory_child:
        memory_child(args.threads)
        return
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 50)
    torch.set_num_threads(args.threads)  # the same thread count for both contestants
    print_environment(args)

    train, held_out = load_data()
    warm_up(train, held_out, args.threads)

    stop = "100" if args.to_100 else "99"
    print(f"Time to held-out exact match ({len(held_out)} unseen dates), stopping at {stop}%:")
    table, trained = time_to_accuracy(args, train, held_out)
    print()
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print(f"\nTime to 99% held-out exact match over seeds {' '.join(map(str, args.seeds))}, one process:")
    print(summarize(table).to_string(index=False))
    print(machine.describe(args.threads))
    if args.csv:
        table.to_csv(args.csv, index=False)
        print(f"(per-run table written to {args.csv})")

    if not args.skip_decoding:
        print(
            f"\nGreedy decoding of {DECODE_SIZE:,} dates "
            f"(median of {args.decode_reps} runs, trained models of seed {args.seeds[-1]}):"
        )
        print(decoding_benchmark(trained, args.decode_reps).to_string(index=False, float_format=lambda v: f"{v:.4f}"))

    if not args.skip_memory:
        memory = peak_memory(args.threads)
        print(
            f"\nPeak memory (max RSS) of a fresh process training the library's attention model to 99%: "
            f"{memory['after_training_mb']:.0f} MiB "
            f"({memory['after_setup_mb']:.0f} MiB of it already after importing torch and building the data)"
        )
    if hasattr(os, "getloadavg"):
        print(f"\nload average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
