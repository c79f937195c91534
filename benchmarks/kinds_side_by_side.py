"""Epochs and seconds to 99% held-out exact match for every model kind, side by side in one run.

Each kind is trained with ``train``'s defaults for it (``train(model, corpus,
eval_dataset=held_out, target_accuracy=0.99)``), on the article's 4000 dates and the
same 2000 held-out dates, seed by seed, kinds interleaved so that a busy spell of the
machine hits all of them alike. Seconds include the held-out scoring after every epoch.
A short warm-up training runs first, so that no kind pays torch's start-up.

    python benchmarks/kinds_side_by_side.py               # seeds 0-9 (a few minutes)
    python benchmarks/kinds_side_by_side.py --seeds 3 --csv runs.csv

Prints one line per run, then per kind: parameters, runs that reached 99%, and the
median (min-max) of epochs and of seconds to 99%.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
from pathlib import Path

import pandas as pd
import torch

from seq2seq_lib import DateDataset, held_out_dataset, set_seed, train
from seq2seq_lib.registry import MODEL_KINDS


def cpu_name() -> str:
    """The CPU's model name (Linux), else what ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def spread(values: list[float], digits: int) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0 .. N-1 (default: 10)")
    parser.add_argument("--kinds", default=",".join(MODEL_KINDS), help="comma-separated (default: all)")
    parser.add_argument("--csv", type=Path, default=None, help="also save the per-run table")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    corpus = DateDataset(4000)
    held_out = held_out_dataset(corpus, n=2000)
    print(f"CPU: {cpu_name()}, torch {torch.__version__}, load {os.getloadavg()}", flush=True)
    for kind in kinds:  # warm-up: the first training of a process is slower
        train(MODEL_KINDS[kind](corpus.vocab), DateDataset(64, seed=9), epochs=1, progress=False)
    rows = []
    for seed in range(args.seeds):
        for kind in kinds:
            set_seed(seed)
            model = MODEL_KINDS[kind](corpus.vocab)
            history = train(model, corpus, eval_dataset=held_out, target_accuracy=0.99, seed=seed, progress=False)
            row = {
                "kind": kind,
                "seed": seed,
                "parameters": sum(p.numel() for p in model.parameters()),
                "reached": bool(history["exact_match"].iloc[-1] >= 0.99),
                "epochs": len(history),
                "seconds": round(float(history["elapsed_s"].iloc[-1]), 2),
                "exact_match": float(history["exact_match"].iloc[-1]),
            }
            rows.append(row)
            print(row, flush=True)
    table = pd.DataFrame(rows)
    print(f"\nover seeds 0-{args.seeds - 1} (load at the end {os.getloadavg()}):")
    for kind in kinds:
        runs = table[table["kind"] == kind]
        done = runs[runs["reached"]]
        print(
            f"{kind:>12}: {runs['parameters'].iloc[0]:,} parameters, reached 99% {len(done)}/{len(runs)}; "
            f"epochs {spread(done['epochs'].tolist(), 1)}, seconds {spread(done['seconds'].tolist(), 2)}"
        )
    if args.csv is not None:
        table.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
