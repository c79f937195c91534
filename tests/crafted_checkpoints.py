"""Checkpoints crafted to make ``load_model`` use memory the file does not hold (issue 20, item 3).

Used by tests/test_checkpoint_memory.py, and runnable to measure the peak memory of loading each:

    python tests/crafted_checkpoints.py            # crafts both files in a temporary folder, loads each

- ``inflating_pickle``: a genuine checkpoint whose ``data.pkl`` entry is deflate-compressed and
  carries 1 GiB of zeros after the real pickle: a file of about 1 MB that unpacks to 1 GiB.
- ``stride_zero``: a genuine checkpoint with one weight replaced by ``torch.zeros(1).expand(20000, 20000)``:
  torch stores one float and the view's shape and strides; copying it out (``.contiguous()``) takes 1.6 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import torch

from seq2seq_lib import AttentionSeq2Seq, Vocabulary, save_model

GIB = 2**30


def good_checkpoint(path: Path) -> Path:
    """A default attention model of the date task (about 60 KB), as save_model writes it."""
    torch.manual_seed(0)
    save_model(AttentionSeq2Seq(Vocabulary.dates()), path)
    return path


def zip_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def pickle_name(entries: dict[str, bytes]) -> str:
    return next(name for name in entries if name.endswith("/data.pkl"))


def write_zip(entries: dict[str, bytes], path: Path, compression: int = zipfile.ZIP_STORED) -> Path:
    """A zip archive holding ``entries`` in order; torch.load reads it like its own files."""
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def inflating_pickle(good: Path, path: Path, inflated: int = GIB) -> Path:
    """``good`` with ``inflated`` bytes of zeros after its pickle's STOP, the pickle entry deflated."""
    entries = zip_entries(good)
    name = pickle_name(entries)
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for entry, data in entries.items():
            if entry != name:
                archive.writestr(entry, data)
                continue
            info = zipfile.ZipInfo(entry)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as stream:
                stream.write(data)
                for _ in range(inflated // len(chunk)):
                    stream.write(chunk)
    return path


def stride_zero(good: Path, path: Path, side: int = 20_000) -> Path:
    """``good`` with its output bias replaced by a ``side`` x ``side`` view of one stored float."""
    payload = torch.load(good, weights_only=True)
    payload["state_dict"]["output.bias"] = torch.zeros(1).expand(side, side)
    torch.save(payload, path)
    return path


def largest_config(good: Path, path: Path) -> Path:
    """``good``'s small weights under the largest configuration and vocabulary the bounds allow, digest
    recomputed: consistent enough to reach the model's construction, which allocates what the config implies."""
    from seq2seq_lib.checkpoint import MAX_VOCABULARY, _digest
    from seq2seq_lib.models import MAX_EMBEDDING_DIM, MAX_UNITS

    payload = torch.load(good, weights_only=True)
    tokens = [f"t{i}" for i in range(MAX_VOCABULARY - 3)] + ["<EOS>", "<GO>"]
    payload["vocab"] = list(Vocabulary(tokens).tokens)
    payload["config"].update(embedding_dim=MAX_EMBEDDING_DIM, units=MAX_UNITS, feed_context=True)
    payload["digest"] = _digest(payload["kind"], payload["config"], payload["vocab"], payload["state_dict"])
    torch.save(payload, path)
    return path


# The peak is this process's own high-water mark (VmHWM in /proc/self/status), not ru_maxrss: Linux keeps
# ru_maxrss across execve, so a loader started by a pytest worker that once held 650 MB would report
# 650 MB whatever it loaded. ru_maxrss is the fallback where /proc is missing (macOS counts bytes).
_LOADER = """
import json, resource, sys
from seq2seq_lib import load_model
from seq2seq_lib.checkpoint import CheckpointError

def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return used / 2**20 if sys.platform == "darwin" else used / 1024

baseline = peak_mb()
try:
    load_model(sys.argv[1])
    outcome = "loaded"
except CheckpointError as err:
    outcome = "refused: " + str(err)
print(json.dumps({"outcome": outcome, "peak_mb": peak_mb(), "after_imports_mb": baseline}))
"""


def load_in_subprocess(path: Path, timeout: float = 300, env: dict | None = None) -> dict:
    """Load ``path`` in a fresh Python; its outcome and peak resident memory (MB, the process's own ``VmHWM``)."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADER, str(path)], capture_output=True, text=True, timeout=timeout, env=env
    )
    if done.returncode != 0:
        raise AssertionError(f"the loader failed (status {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as folder:
        good = good_checkpoint(Path(folder) / "good.pt")
        crafted = {
            "genuine": good,
            "inflating data.pkl": inflating_pickle(good, Path(folder) / "inflating.pt"),
            "stride-0 expand(20000, 20000)": stride_zero(good, Path(folder) / "stride0.pt"),
            "largest configuration, small weights": largest_config(good, Path(folder) / "largest.pt"),
        }
        for label, path in crafted.items():
            started = time.perf_counter()
            result = load_in_subprocess(path, timeout=3600, env=dict(os.environ))
            print(
                f"{label}: {os.path.getsize(path):,} bytes; peak {result['peak_mb']:.0f} MB "
                f"(after imports {result['after_imports_mb']:.0f} MB), {time.perf_counter() - started:.1f} s; "
                f"{result['outcome'][:160]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
