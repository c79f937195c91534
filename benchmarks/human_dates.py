"""The human-dates task's goal, measured: held-out exact match per form and language, epochs, seconds, parameters.

Each model kind is built and trained exactly as the task's defaults say
(:func:`seq2seq_lib.tasks.human_dates.default_setup`, what ``train --task human-dates``
uses), one seed at a time, on one torch thread::

    python benchmarks/human_dates.py                        # the four kinds, seed 0
    python benchmarks/human_dates.py --seeds 0 1 2 3 4
    python benchmarks/human_dates.py --kinds attention --epochs 3 --train-size 8000   # a variant
    python benchmarks/human_dates.py --seeds 0 1 2 3 4 --csv benchmarks/results/human_dates.csv

It prints, per kind and seed, the seconds ``train`` took (wall clock, and the process's CPU
time, which a busy machine inflates less), the epochs, the parameters and held-out exact
match over all forms, per language and per form, then the machine and its load. The goal:
the attention model at least 99% over all forms within 60 s of training.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd
import torch
from machine import describe  # benchmarks/machine.py: the script's folder is on sys.path

from seq2seq_lib import set_seed, train
from seq2seq_lib.registry import model_class
from seq2seq_lib.tasks.human_dates import KINDS, HumanDateDataset, default_setup, form_scores, held_out_dataset


def run(kind: str, seed: int, overrides: dict) -> dict:
    setup = default_setup(*KINDS[kind])
    train_size = overrides.pop("train_size", None) or setup.train_size
    model_kwargs = {**setup.model, **{k: v for k, v in overrides.items() if k in setup.model and v is not None}}
    train_kwargs = {**setup.train, **{k: v for k, v in overrides.items() if k not in setup.model and v is not None}}
    corpus = HumanDateDataset(train_size, seed=seed)
    held_out = held_out_dataset(corpus, n=setup.held_out_size)
    set_seed(seed)
    model = model_class(setup.kind)(corpus.vocab, **model_kwargs)
    wall, cpu = time.perf_counter(), time.process_time()
    history = train(model, corpus, eval_dataset=held_out, seed=seed, progress=False, **train_kwargs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    last = history.iloc[-1]
    per_form = form_scores(model, held_out).set_index("form")["exact_match"]
    return {
        "kind": kind,
        "seed": seed,
        "train_size": train_size,
        "epochs": int(last["epoch"]),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "parameters": sum(p.numel() for p in model.parameters()),
        "exact_match": last["exact_match"],
        **{language: last[language] for language in ("en", "zh", "iso")},
        **per_form.to_dict(),
        "first_epoch_at_99": next((int(r.epoch) for r in history.itertuples() if r.exact_match >= 0.99), None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--train-size", type=int)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--units", type=int)
    parser.add_argument("--embedding-dim", type=int)
    parser.add_argument("--d-model", type=int)
    parser.add_argument("--d-ff", type=int)
    parser.add_argument("--csv", type=Path, help="also write the table to this CSV file")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    torch.set_num_threads(1)
    rows = []
    for kind in args.kinds:
        for seed in args.seeds:
            overrides = {
                "train_size": args.train_size,
                "epochs": args.epochs,
                "batch_size": args.batch_size,
                "lr": args.lr,
                "units": args.units,
                "embedding_dim": args.embedding_dim,
                "d_model": args.d_model,
                "d_ff": args.d_ff,
            }
            rows.append(run(kind, seed, overrides))
            print(pd.DataFrame(rows[-1:]).to_string(index=False, float_format=lambda v: f"{v:.4f}"), flush=True)
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 250)
    print("\nheld-out exact match (2000 examples of the forms, none seen in training):")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    if args.csv is not None:
        table.to_csv(args.csv, index=False)
    print()
    print(describe(threads=1))


if __name__ == "__main__":
    main()
