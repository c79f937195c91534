"""Damage a saved checkpoint one byte at a time and check that load_model never misleads.

Each mutation XORs one byte of the file with a nonzero value (drawn from ``--seed``), writes
the result to a scratch file and loads it. Exactly two outcomes are allowed:

- identical: it loads to the same kind of model with the same configuration, vocabulary and
  weights (every tensor equal, dtype included), and it translates the probe dates the same;
- refused: ``load_model`` raises the library's ``CheckpointError``.

Anything else (a model that differs, any other exception) is a failure: it is counted as
``other``, the first few are described, and the script exits with status 1.

    python scripts/fuzz_checkpoint.py                       # every byte of a small model's file
    python scripts/fuzz_checkpoint.py --sample 500 --seed 3 # 500 positions drawn at random
    python scripts/fuzz_checkpoint.py --checkpoint model.pt # a file of your own (never modified)

Without ``--checkpoint`` a small plain model (seeded weights) is saved to a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import torch

from seq2seq_lib import Seq2Seq, Vocabulary, load_model, save_model, set_seed, translate
from seq2seq_lib.checkpoint import CheckpointError
from seq2seq_lib.models import EncoderDecoder

PROBES = ["31-04-26", "04-07-18", "33-06-06", "74-07-29", "99-12-31", "00-01-01"]
SHOWN_FAILURES = 5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", type=Path, default=None, help="a file saved by save_model (read only)")
    parser.add_argument("--sample", type=int, default=None, help="mutate N positions drawn at random, not all")
    parser.add_argument("--seed", type=int, default=0, help="the positions (with --sample) and the XOR values")
    args = parser.parse_args(argv)
    if args.sample is not None and args.sample < 1:
        parser.error(f"--sample must be at least 1, got {args.sample}")
    if args.checkpoint is not None and not args.checkpoint.is_file():
        parser.error(f"--checkpoint {str(args.checkpoint)!r} is not a file")
    return args


def small_model() -> EncoderDecoder:
    """A plain model small enough for a file of a few KB, with seeded (untrained) weights."""
    set_seed(0)
    return Seq2Seq(Vocabulary.dates(), embedding_dim=4, units=6, max_output_len=12)


def difference(loaded: EncoderDecoder, original: EncoderDecoder, probes: list[str]) -> str | None:
    """How ``loaded`` differs from ``original``, or None if it is the same model."""
    if type(loaded) is not type(original):
        return f"kind {type(loaded).__name__} instead of {type(original).__name__}"
    if loaded.config() != original.config():
        return f"config {loaded.config()} instead of {original.config()}"
    if list(loaded.vocab.tokens) != list(original.vocab.tokens):
        return "a different vocabulary"
    mine, theirs = loaded.state_dict(), original.state_dict()
    if mine.keys() != theirs.keys():
        return "different weight names"
    for name, tensor in theirs.items():
        if mine[name].dtype != tensor.dtype or not torch.equal(mine[name], tensor):
            return f"weight {name!r} differs"
    if translate(loaded, probes) != translate(original, probes):
        return "the probe dates translate differently"
    return None


def outcome(path: Path, original: EncoderDecoder, probes: list[str]) -> tuple[str, str]:
    """('identical' | 'refused' | 'other', detail) for the file at ``path``."""
    try:
        loaded = load_model(path)
    except CheckpointError:
        return "refused", ""
    except Exception as err:  # the failure this script looks for: report it, do not stop
        return "other", f"{type(err).__name__}: {err}"
    problem = difference(loaded, original, probes)
    return ("identical", "") if problem is None else ("other", f"loaded, but {problem}")


def fuzz(raw: bytes, original: EncoderDecoder, scratch: Path, positions: list[int], rng: random.Random) -> Counter:
    """Mutate each position once; return the count of each outcome (printing the first failures)."""
    counts: Counter = Counter()
    damaged_path = scratch / "damaged.pt"
    for position in positions:
        damaged = bytearray(raw)
        mask = rng.randrange(1, 256)
        damaged[position] ^= mask
        damaged_path.write_bytes(bytes(damaged))
        kind, detail = outcome(damaged_path, original, PROBES)
        counts[kind] += 1
        if kind == "other" and counts["other"] <= SHOWN_FAILURES:
            print(f"byte {position} XOR 0x{mask:02x}: {detail}", file=sys.stderr)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(1)  # tiny tensors: a second thread only waits
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        source = args.checkpoint
        if source is None:
            source = scratch / "original.pt"
            save_model(small_model(), source)
        raw = source.read_bytes()
        original = load_model(source)  # an unreadable starting file stops here, with its own message
        positions = list(range(len(raw)))
        if args.sample is not None and args.sample < len(positions):
            positions = sorted(rng.sample(positions, args.sample))
        started = time.perf_counter()
        counts = fuzz(raw, original, scratch, positions, rng)
        elapsed = time.perf_counter() - started
    print(
        f"{len(positions)} mutations of {len(raw):,} bytes: {counts['identical']} identical, "
        f"{counts['refused']} refused, {counts['other']} other, in {elapsed:.1f} s"
    )
    return 1 if counts["other"] else 0


if __name__ == "__main__":
    sys.exit(main())
