"""Training and evaluation. The optimizer lives here, not inside the model.

Why this loop is fast (measured in ``benchmarks/time_to_accuracy.py``):

- the teacher-forced decoder is one ``nn.LSTM`` call, not a Python loop over steps;
- the whole corpus is two tensors built once; each epoch indexes them with a random
  permutation instead of collating numpy rows through a ``DataLoader``;
- the loss stays on the device during an epoch (no ``.item()`` per step);
- torch uses one thread: for tensors this small a second thread only adds
  synchronisation, and under load from other processes it made epochs 100x slower;
- a larger learning rate than the article's 1e-3 (0.02, cosine-annealed) and shorter
  Adam averages (betas 0.7, 0.95), tuned over twenty seeds for the article's model sizes.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from .data import DateDataset
from .decoding import greedy_decode
from .models import EncoderDecoder
from .vocab import Vocabulary

# Positions of the fields inside a target, after <GO>: d d / Mon / y y y y <EOS>
FIELDS = {"day": slice(0, 2), "month": slice(3, 4), "year": slice(5, 9)}


def set_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and torch (CPU and CUDA)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


@contextlib.contextmanager
def torch_threads(num_threads: int | None) -> Iterator[None]:
    """Run the block with ``num_threads`` torch threads (None: leave as is), then restore."""
    if num_threads is None:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _check_dataset(model: EncoderDecoder, dataset: object, name: str) -> None:
    if not all(hasattr(dataset, attr) for attr in ("x", "y", "vocab")):
        raise TypeError(f"{name} must be a DateDataset (or have x, y and vocab), got {type(dataset).__name__}")
    if dataset.vocab != model.vocab:
        raise ValueError(f"{name} uses a different vocabulary from the model: token ids would not match")
    if len(dataset) == 0:
        raise ValueError(f"{name} is empty")


@torch.no_grad()
def evaluate(model: EncoderDecoder, dataset: DateDataset, batch_size: int = 4096) -> dict[str, float]:
    """Greedy-decode ``dataset`` and score it against its targets.

    Returns:
        ``exact_match`` (whole output right, ``<EOS>`` in place), ``token_accuracy``
        (share of target positions right) and, for dates, per-field accuracy ``day``,
        ``month``, ``year`` (a field counts only when all its tokens are right).
    """
    _check_dataset(model, dataset, "dataset")
    x, y = dataset.tensors(model.device)
    targets = y[:, 1:]  # drop <GO>
    hits = []
    for start in range(0, len(x), batch_size):
        predicted = greedy_decode(model, x[start : start + batch_size])
        # Pad (or cut) to the target length so the two can be compared position by position.
        width = targets.shape[1]
        predicted = F.pad(predicted, (0, max(0, width - predicted.shape[1])), value=model.vocab.pad_id)[:, :width]
        hits.append(predicted == targets[start : start + batch_size])
    correct = torch.cat(hits)
    relevant = targets != model.vocab.pad_id
    result = {
        "exact_match": (correct | ~relevant).all(dim=1).float().mean().item(),
        "token_accuracy": (correct & relevant).sum().item() / relevant.sum().item(),
    }
    if targets.shape[1] == 10 and dataset.vocab == Vocabulary.dates():  # a date target
        for field, positions in FIELDS.items():
            result[field] = correct[:, positions].all(dim=1).float().mean().item()
    return result


def _teacher_forcing_at(teacher_forcing: float | Callable[[int], float], epoch: int) -> float:
    ratio = teacher_forcing(epoch) if callable(teacher_forcing) else teacher_forcing
    if not 0.0 <= ratio <= 1.0:
        raise ValueError(f"teacher_forcing must be in [0, 1], got {ratio!r} at epoch {epoch}")
    return float(ratio)


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm  # widget in Jupyter, text in a terminal

    return tqdm(total=total, desc="epochs", unit="epoch", leave=True)


def train(
    model: EncoderDecoder,
    dataset: DateDataset,
    epochs: int = 20,
    batch_size: int = 32,
    lr: float = 2e-2,
    betas: tuple[float, float] = (0.7, 0.95),
    eval_dataset: DateDataset | None = None,
    target_accuracy: float | None = None,
    device: torch.device | str | None = None,
    seed: int = 0,
    teacher_forcing: float | Callable[[int], float] = 1.0,
    lr_decay: bool = True,
    progress: bool = True,
    num_threads: int | None = 1,
) -> pd.DataFrame:
    """Train ``model`` on ``dataset`` with Adam and cross-entropy; one row per epoch.

    Args:
        model: a :class:`Seq2Seq` or :class:`AttentionSeq2Seq`.
        dataset: training data (``x [n, S]``, ``y [n, U+1]``).
        epochs: the most epochs to run.
        batch_size, lr: mini-batch size and Adam's learning rate.
        betas: Adam's averaging factors for the gradient and its square. Shorter memories
            than PyTorch's (0.9, 0.999) took the plain model to 99% in a median of 5.5
            epochs instead of 8 over seeds 0-19 (chosen on seeds 0-9, confirmed on 10-19
            with ``benchmarks/epochs_to_accuracy.py``).
        eval_dataset: scored with greedy decoding after every epoch (``exact_match``
            and friends join the table).
        target_accuracy: stop after the first epoch whose ``exact_match`` reaches it
            (needs ``eval_dataset``).
        device: where to train (``"cpu"``, ``"cuda"``, ...); None keeps the model's.
        seed: seeds the batch order and the scheduled-sampling coin flips. (Seed the
            model's initial weights with :func:`set_seed` before building it.)
        teacher_forcing: probability of feeding the ground truth at each decoder step:
            1.0 (always, the fast path), a fixed ratio, or a function of the epoch
            (0-based) for scheduled sampling.
        lr_decay: anneal the learning rate to 1/20 of ``lr`` over ``epochs`` (cosine).
        progress: show a ``tqdm`` progress bar with loss and accuracy.
        num_threads: torch threads while training (restored afterwards); None leaves it.

    Returns:
        A ``pandas.DataFrame`` with columns ``epoch``, ``loss`` (mean training
        cross-entropy), ``lr``, ``teacher_forcing``, ``elapsed_s`` (since the call
        began, evaluation included) and, with ``eval_dataset``, ``exact_match``,
        ``token_accuracy``, ``day``, ``month``, ``year``.
    """
    _check_dataset(model, dataset, "dataset")
    if eval_dataset is not None:
        _check_dataset(model, eval_dataset, "eval_dataset")
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not (isinstance(lr, (int, float)) and lr > 0 and math.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if target_accuracy is not None:
        if eval_dataset is None:
            raise ValueError("target_accuracy needs an eval_dataset to measure accuracy on")
        if not 0.0 < target_accuracy <= 1.0:
            raise ValueError(f"target_accuracy must be in (0, 1], got {target_accuracy!r}")

    started = time.perf_counter()
    if device is not None:
        model.to(device)
    device = model.device
    x, y = dataset.tensors(device)
    decoder_inputs, decoder_targets = y[:, :-1], y[:, 1:]
    n = len(x)
    steps_per_epoch = math.ceil(n / batch_size)
    generator = torch.Generator().manual_seed(seed)  # CPU generator: same order on every device
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=betas, **_fused_if_supported(device))
    min_lr = lr / 20

    rows = []
    bar = _progress_bar(epochs, progress)
    model.train()
    try:
        with torch_threads(num_threads):
            for epoch in range(epochs):
                ratio = _teacher_forcing_at(teacher_forcing, epoch)
                epoch_lr = lr
                if lr_decay and epochs > 1:
                    epoch_lr = min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * epoch / (epochs - 1)))
                for group in optimizer.param_groups:
                    group["lr"] = epoch_lr

                order = torch.randperm(n, generator=generator, device="cpu").to(device)
                loss_sum = torch.zeros((), device=device)
                for batch in order.split(batch_size):
                    logits = model(x[batch], decoder_inputs[batch], teacher_forcing=ratio, generator=generator)
                    loss = F.cross_entropy(
                        logits.reshape(-1, logits.shape[-1]),
                        decoder_targets[batch].reshape(-1),
                        ignore_index=model.vocab.pad_id,
                    )
                    optimizer.zero_grad(set_to_none=True)
                    loss.backward()
                    optimizer.step()
                    loss_sum += loss.detach()

                mean_loss = loss_sum.item() / steps_per_epoch  # the epoch's one host sync
                row = {"epoch": epoch + 1, "loss": mean_loss, "lr": epoch_lr, "teacher_forcing": ratio}
                if eval_dataset is not None:
                    row.update(evaluate(model, eval_dataset))
                model.train()
                row["elapsed_s"] = time.perf_counter() - started
                rows.append(row)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix({k: f"{row[k]:.3f}" for k in ("loss", "exact_match") if k in row})
                if target_accuracy is not None and row["exact_match"] >= target_accuracy:
                    break
    finally:
        if bar is not None:
            bar.close()
    model.eval()
    columns = ["epoch", "loss", "lr", "teacher_forcing", "elapsed_s"]
    return pd.DataFrame(rows, columns=columns + [c for c in rows[0] if c not in columns])


def _fused_if_supported(device: torch.device) -> dict:
    """Fused Adam (one kernel for all parameters) where this torch build supports it."""
    if device.type in ("cpu", "cuda"):
        return {"fused": True}
    return {}
