"""Epochs to 99% held-out exact match for a few training settings, over many seeds.

Epoch counts, unlike seconds, do not depend on how busy the machine is, so this is
how the library's defaults were chosen (``time_to_accuracy.py`` measures seconds).
Each setting trains the full number of epochs, so the table also shows whether a
setting stays at the top (final exact match) or derails.

    python benchmarks/epochs_to_accuracy.py --kind plain --seeds 10 \\
        --setting lr=0.02,betas=0.9:0.999 --setting lr=0.02,betas=0.8:0.95

A setting is ``name=value`` pairs among ``lr``, ``batch_size``, ``epochs``, ``label_smoothing``,
``output_bias_prior`` (``true`` / ``false``) and ``betas`` (``b1:b2``); what it leaves out keeps
``train``'s default for the kind (the model class's ``train_defaults`` over the general ones: for
``--kind transformer`` that is 5 epochs).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import pandas as pd
import torch

from seq2seq_lib import DateDataset, held_out_dataset, set_seed, train
from seq2seq_lib.registry import MODEL_KINDS

sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # noqa: E402

MODELS = MODEL_KINDS  # every registered kind: plain, attention, transformer


SETTING_NAMES = "lr, batch_size, epochs, betas, label_smoothing, output_bias_prior"


def parse_setting(text: str) -> dict:
    """``"lr=0.02,betas=0.7:0.95"`` -> ``{"lr": 0.02, "betas": (0.7, 0.95)}``; a bad pair exits naming it."""
    setting = {}
    for pair in text.split(","):
        name, _, value = pair.partition("=")
        try:
            if name == "betas":
                b1, b2 = value.split(":")  # exactly two: anything else is a ValueError
                setting[name] = (float(b1), float(b2))
            elif name in ("batch_size", "epochs"):
                setting[name] = int(value)
            elif name in ("lr", "label_smoothing"):
                setting[name] = float(value)
            elif name == "output_bias_prior":
                setting[name] = {"true": True, "false": False}[value.lower()]
            else:
                raise SystemExit(f"unknown setting {name!r} in {text!r}: use {SETTING_NAMES}")
        except (ValueError, KeyError):
            raise SystemExit(f"bad value {value!r} for {name} in {text!r}") from None
    return setting


def run(kind: str, setting: dict, seeds: range, corpus, held_out, stop: bool) -> dict:
    epochs_to_99, finals = [], []
    for seed in seeds:
        set_seed(seed)
        model = MODELS[kind](corpus.vocab)
        target = 0.99 if stop else None
        history = train(
            model, corpus, eval_dataset=held_out, target_accuracy=target, seed=seed, progress=False, **setting
        )
        reached = history.loc[history["exact_match"] >= 0.99, "epoch"]
        epochs_to_99.append(int(reached.min()) if len(reached) else None)
        finals.append(float(history["exact_match"].iloc[-1]))
    hits = [e for e in epochs_to_99 if e is not None]
    return {
        "setting": ",".join(f"{k}={v}" for k, v in setting.items()) or "defaults",
        "reached_99": f"{len(hits)}/{len(seeds)}",
        "epochs_median": statistics.median(hits) if hits else None,
        "epochs_mean": round(statistics.mean(hits), 1) if hits else None,
        "epochs_max": max(hits) if hits else None,
        # With --stop-at-99 the last epoch is the one that reached 99% (or the last allowed).
        "final_min": round(min(finals), 4),
        "per_seed": " ".join(str(e) if e is not None else "-" for e in epochs_to_99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=sorted(MODELS), default="plain")
    parser.add_argument("--seeds", type=int, default=10, help="how many seeds (default: 10)")
    parser.add_argument(
        "--first-seed",
        type=int,
        default=0,
        help="seeds start here (default: 0); choose a setting on one range and confirm it on another",
    )
    parser.add_argument(
        "--stop-at-99",
        action="store_true",
        help="stop each run at its first epoch with 99%% (faster; final_min then shows only misses)",
    )
    parser.add_argument("--setting", action="append", type=parse_setting, help="repeatable; default: train's defaults")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as train() does; the same kernels for every setting
    corpus = DateDataset(4000)  # the article's corpus (seed 213)
    held_out = held_out_dataset(corpus, n=2000)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    rows = [run(args.kind, setting, seeds, corpus, held_out, args.stop_at_99) for setting in (args.setting or [{}])]
    print(f"{args.kind} model, epochs to 99% held-out exact match over seeds {seeds.start}-{seeds.stop - 1}:")
    print(pd.DataFrame(rows).to_string(index=False))
    print(machine.describe(1))


if __name__ == "__main__":
    main()
