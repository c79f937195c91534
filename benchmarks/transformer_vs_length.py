"""Notebook 07's copy task for all three model kinds: exact match against input length.

The protocol of ``scripts/attention_vs_length.py`` (the stored curve of notebook 07): one
model of each kind is trained on 6000 random strings of 3 to 15 digits (data seed 1) and
scored by greedy exact match on 200 held-out strings of each length (seed 2024 + length).
Added here: the Transformer, and lengths 16 to 20, longer than any training string, to
see what each kind does beyond what it was trained on.

Every kind gets the same budget as in notebook 07 (30 epochs, batch 64, lr 0.01 with the
cosine decay, Adam betas (0.9, 0.999), the same batch order); the Transformer is also run
with its own ``train_defaults`` learning rate and betas (``transformer-own-lr``), so that
a loss cannot be blamed on a learning rate chosen for LSTMs.

    python benchmarks/transformer_vs_length.py            # all kinds, writes the CSV (a few minutes)
    python benchmarks/transformer_vs_length.py --quick    # a smoke run, writes nothing

Writes ``benchmarks/results/transformer_vs_length.csv`` (columns ``length, model,
exact_match, trained_s, parameters``), which notebook 10 reads. Torch runs on one thread.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import pandas as pd
import torch

from seq2seq_lib import evaluate, set_seed, train
from seq2seq_lib.registry import MODEL_KINDS
from seq2seq_lib.tasks.copy import LengthTaskDataset, held_out_length_dataset

CSV_PATH = Path(__file__).resolve().parent / "results" / "transformer_vs_length.csv"
TRAIN_LENGTHS = (3, 15)
LONGEST_SCORED = 20
BUDGET = {"epochs": 30, "batch_size": 64, "lr": 1e-2, "betas": (0.9, 0.999)}  # notebook 07's
LSTM_SIZES = {"embedding_dim": 16, "units": 32}  # the course's sizes, as in notebook 07


def runs() -> dict[str, tuple[str, dict]]:
    """label -> (model kind, training settings over BUDGET)."""
    own = MODEL_KINDS["transformer"].train_defaults
    return {
        "plain": ("plain", {}),
        "attention": ("attention", {}),
        "transformer": ("transformer", {}),
        "transformer-own-lr": ("transformer", {"lr": own["lr"], "betas": own["betas"]}),
    }


def build(kind: str, vocab, max_output_len: int) -> torch.nn.Module:
    sizes = LSTM_SIZES if kind != "transformer" else {}
    return MODEL_KINDS[kind](vocab, max_output_len=max_output_len, **sizes)


def cpu_name() -> str:
    """The CPU's model name (Linux), else what ``platform`` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1500 strings, 3 epochs, 50 per length; writes nothing")
    parser.add_argument("--only", default=None, help="comma-separated labels (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--csv", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    n_train, n_eval, budget = (1500, 50, {**BUDGET, "epochs": 3}) if args.quick else (6000, 200, BUDGET)
    train_set = LengthTaskDataset(n_train, *TRAIN_LENGTHS, task="copy", seed=1)
    lengths = range(TRAIN_LENGTHS[0], LONGEST_SCORED + 1)
    eval_sets = {n: held_out_length_dataset(train_set, n_eval, length=n, seed=2024 + n) for n in lengths}
    print(f"CPU: {cpu_name()}, load {os.getloadavg()}", flush=True)
    chosen = runs() if args.only is None else {k: v for k, v in runs().items() if k in args.only.split(",")}
    rows = []
    for label, (kind, settings) in chosen.items():
        set_seed(args.seed)
        model = build(kind, train_set.vocab, LONGEST_SCORED + 1)
        parameters = sum(p.numel() for p in model.parameters())
        started = time.perf_counter()
        train(model, train_set, seed=args.seed, progress=False, **{**budget, **settings})
        trained_s = time.perf_counter() - started
        scores = {n: evaluate(model, data)["exact_match"] for n, data in eval_sets.items()}
        print(f"{label}: {parameters} parameters, trained in {trained_s:.1f} s", flush=True)
        print("  " + " ".join(f"{n}:{s:.3f}" for n, s in scores.items()), flush=True)
        rows += [
            {"length": n, "model": label, "exact_match": s, "trained_s": round(trained_s, 1), "parameters": parameters}
            for n, s in scores.items()
        ]
    table = pd.DataFrame(rows)
    path = args.csv or (None if args.quick else CSV_PATH)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(path, index=False, float_format="%.3f")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
