"""Training: Adam on mini-batches with cross-entropy. The optimizer lives here, not in the model.

Why this loop is fast (measured in ``benchmarks/time_to_accuracy.py``):

- the teacher-forced decoder is one ``nn.LSTM`` call, not a Python loop over steps;
- the whole corpus is two tensors built once; each epoch indexes them with a random
  permutation instead of collating numpy rows through a ``DataLoader``;
- the loss stays on the device during an epoch (no ``.item()`` per step);
- torch uses one thread (see :func:`seq2seq_lib.runtime.torch_threads`);
- a larger learning rate than the article's 1e-3 (0.02, cosine-annealed) and shorter
  Adam averages (betas 0.7, 0.95), tuned over twenty seeds for the article's model sizes;
- label smoothing (0.1): the targets keep a little probability for every other token, so
  the model is not pushed to ever more confident logits; over twenty seeds it cut the
  epochs the plain model needs to 99% from a median of 5.5 (max 10) to 4 (max 7); with the
  models' forget gates starting open (``models.open_forget_gates``), to 4 (max 5);
- the output layer's bias starts at the log of how often each token occurs in the training
  targets (:func:`log_token_frequencies`; Karpathy's "initialise well"): the untrained model
  already predicts the base rates, instead of spending its first steps learning them. Over
  seeds 0-59 it took the plain model from a median of 4 epochs to 99% (worst seed 7) to 3
  (worst 5) with torch's AVX2 kernels; over seeds 0-19 with its default kernels, to 3 (worst 4).

``train`` is a short loop over small functions: :func:`resolve_settings` (the caller's
settings over the model kind's over the general defaults), :func:`learning_rate_at` (the
schedule), :func:`run_epoch` (one pass over the data), :func:`evaluate` (scoring) and
:func:`reached_target` (early stopping).
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
import torch
import torch.nn.functional as F

from .evaluation import check_dataset, evaluate
from .models import EncoderDecoder
from .progress import FINISHED, INTERRUPTED, TARGET_REACHED, epoch_progress
from .runtime import MAX_THREADS, set_seed, torch_threads
from .validation import ArgumentError, check_bool, check_device, check_float, check_int, check_optional_int

if TYPE_CHECKING:
    from .tasks.base import SequenceDataset

__all__ = ["TRAIN_DEFAULTS", "Settings", "evaluate", "learning_rate_at", "resolve_settings", "set_seed", "train"]

# The general defaults, tuned for the LSTM models at the article's sizes; a model kind can
# override any of them with its class attribute ``train_defaults`` (the Transformer does).
TRAIN_DEFAULTS: dict[str, Any] = {
    "epochs": 20,
    "batch_size": 32,
    "lr": 2e-2,
    "betas": (0.7, 0.95),
    "lr_decay": True,
    "label_smoothing": 0.1,
    "output_bias_prior": True,
}


@dataclass(frozen=True)
class Settings:
    """The optimisation settings of one ``train`` call, validated."""

    epochs: int
    batch_size: int
    lr: float
    betas: tuple[float, float]
    lr_decay: bool
    label_smoothing: float
    output_bias_prior: bool

    def __post_init__(self) -> None:
        check_int("epochs", self.epochs, 1, 100_000)
        check_int("batch_size", self.batch_size, 1, 1_000_000)
        check_float("lr", self.lr, 0.0, 10.0, low_inclusive=False)
        if not (isinstance(self.betas, (tuple, list)) and len(self.betas) == 2):
            raise ArgumentError(f"betas must be a pair of numbers in [0, 1), got {self.betas!r}")
        for beta in self.betas:
            check_float("each of betas", beta, 0.0, 0.9999999)
        check_bool("lr_decay", self.lr_decay)
        check_float("label_smoothing", self.label_smoothing, 0.0, 1.0)
        check_bool("output_bias_prior", self.output_bias_prior)


def resolve_settings(model: EncoderDecoder, **given: Any) -> Settings:
    """The caller's settings (those not None) over ``model.train_defaults`` over :data:`TRAIN_DEFAULTS`."""
    chosen = {**TRAIN_DEFAULTS, **type(model).train_defaults}
    chosen.update({name: value for name, value in given.items() if value is not None})
    return Settings(**{name: chosen[name] for name in TRAIN_DEFAULTS})


def learning_rate_at(epoch: int, settings: Settings) -> float:
    """The learning rate of ``epoch`` (0-based): a cosine from ``lr`` down to ``lr / 20`` at the last epoch."""
    if not settings.lr_decay or settings.epochs == 1:
        return settings.lr
    low = settings.lr / 20
    return low + 0.5 * (settings.lr - low) * (1 + math.cos(math.pi * epoch / (settings.epochs - 1)))


def teacher_forcing_at(teacher_forcing: float | Callable[[int], float], epoch: int) -> float:
    """The ratio of ground-truth decoder inputs at ``epoch``: a number, or a function of the epoch."""
    ratio = teacher_forcing(epoch) if callable(teacher_forcing) else teacher_forcing
    return check_float(f"teacher_forcing at epoch {epoch}", ratio, 0.0, 1.0)


def sequence_loss(
    logits: torch.Tensor, targets: torch.Tensor, pad_id: int, label_smoothing: float = 0.0
) -> torch.Tensor:
    """Mean cross-entropy of logits ``[B, U, V]`` against targets ``[B, U]``, padding left out.

    With ``label_smoothing`` ε the target of each position is 1 - ε on the right token plus
    ε spread evenly over all V tokens (``F.cross_entropy``'s definition); 0 is the plain loss.
    """
    return F.cross_entropy(
        logits.reshape(-1, logits.shape[-1]),
        targets.reshape(-1),
        ignore_index=pad_id,
        label_smoothing=label_smoothing,
    )


def log_token_frequencies(targets: torch.Tensor, vocab_size: int, pad_id: int, floor: float = 1e-4) -> torch.Tensor:
    """log p(token), each token's share of the targets ``[n, U]`` (``<PAD>`` left out): ``[V]``.

    As the output layer's bias of a model whose decoder features are still small, it makes
    the model predict every token at its base rate before it has learned anything else.
    A token that never occurs as a target (``<GO>``, ``<PAD>``, a source-only character)
    gets ``floor`` instead of 0: almost never, but not log 0 = -inf. (For the dates the
    rarest target token, a month name, has a share of 0.7%.)
    """
    tokens = targets[targets != pad_id]
    counts = torch.bincount(tokens, minlength=vocab_size).to(torch.float32)
    return torch.log((counts / counts.sum()).clamp_min(floor))


def run_epoch(
    model: EncoderDecoder,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    y: torch.Tensor,
    order: torch.Tensor,
    batch_size: int,
    teacher_forcing: float = 1.0,
    generator: torch.Generator | None = None,
    label_smoothing: float = 0.0,
) -> float:
    """One pass over the examples ``x [n, S]``, ``y [n, U + 1]`` in ``order``; returns the mean batch loss."""
    model.train()
    decoder_inputs, decoder_targets = y[:, :-1], y[:, 1:]  # read <GO> y_1 .., predict y_1 .. <EOS>
    loss_sum = torch.zeros((), device=x.device)
    batches = order.split(batch_size)
    for batch in batches:
        logits = model(x[batch], decoder_inputs[batch], teacher_forcing=teacher_forcing, generator=generator)
        loss = sequence_loss(logits, decoder_targets[batch], model.vocab.pad_id, label_smoothing)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_sum += loss.detach()
    return loss_sum.item() / len(batches)  # the epoch's one host sync


def reached_target(row: dict[str, float], target_accuracy: float | None) -> bool:
    """Early stopping: the epoch's held-out exact match reached ``target_accuracy``."""
    return target_accuracy is not None and row["exact_match"] >= target_accuracy


def _adam(model: EncoderDecoder, settings: Settings, device: torch.device) -> torch.optim.Adam:
    # Fused Adam (one kernel for all parameters) where this torch has the kernel: on CUDA, and
    # on the CPU from torch 2.4 (before it, fused=True on the CPU raises). Elsewhere the default
    # (foreach) Adam: the same update, computed in a few kernels instead of one.
    fused = device.type == "cuda" or (device.type == "cpu" and torch.__version__ >= (2, 4))
    options = {"fused": True} if fused else {}
    return torch.optim.Adam(model.parameters(), lr=settings.lr, betas=tuple(settings.betas), **options)


def _step_counters_on(device: torch.device):
    """Adam makes its step counters at its first step; before torch 2.4 the unfused Adam makes
    them on the default device (which may be "cuda"), not the model's: there, make them on
    ``device``. From 2.4 on, nothing: ``torch.device`` as a context intercepts every torch call."""
    return torch.device(device) if torch.__version__ < (2, 4) else contextlib.nullcontext()


def _start_training(model: EncoderDecoder, y: torch.Tensor, settings: Settings) -> None:
    """A fresh model starts its output bias at the targets' base rates (``output_bias_prior``)."""
    if settings.output_bias_prior and model.fresh:
        with torch.no_grad():
            model.output.bias.copy_(log_token_frequencies(y[:, 1:], len(model.vocab), model.vocab.pad_id))
    model.fresh = False


def _check_train_arguments(model, dataset, eval_dataset, target_accuracy, seed, progress) -> None:
    if not isinstance(model, EncoderDecoder):
        raise ArgumentError(f"model must be a seq2seq_lib model, got {type(model).__name__}")
    check_dataset(model, dataset, "dataset")
    if eval_dataset is not None:
        check_dataset(model, eval_dataset, "eval_dataset")
    if target_accuracy is not None:
        if eval_dataset is None:
            raise ArgumentError("target_accuracy needs an eval_dataset to measure accuracy on")
        check_float("target_accuracy", target_accuracy, 0.0, 1.0, low_inclusive=False)
    check_int("seed", seed, 0, 2**63 - 1)
    check_bool("progress", progress)


def train(
    model: EncoderDecoder,
    dataset: SequenceDataset,
    epochs: int | None = None,
    batch_size: int | None = None,
    lr: float | None = None,
    betas: tuple[float, float] | None = None,
    eval_dataset: SequenceDataset | None = None,
    target_accuracy: float | None = None,
    device: torch.device | str | None = None,
    seed: int = 0,
    teacher_forcing: float | Callable[[int], float] = 1.0,
    lr_decay: bool | None = None,
    label_smoothing: float | None = None,
    output_bias_prior: bool | None = None,
    progress: bool = True,
    num_threads: int | None = 1,
) -> pd.DataFrame:
    """Train ``model`` on ``dataset`` with Adam and cross-entropy; one row per epoch.

    Settings left as None come from the model kind's ``train_defaults``, else from
    :data:`TRAIN_DEFAULTS` (for the LSTM models: 20 epochs, batch 32, lr 0.02, betas
    (0.7, 0.95), cosine decay, label smoothing 0.1, the output bias from the targets).

    Args:
        model: a model of any kind (:class:`~seq2seq_lib.models.Seq2Seq`, ...).
        dataset: training data of a task (``x [n, S]``, ``y [n, U+1]``, ``vocab``).
        epochs: the most epochs to run.
        batch_size, lr: mini-batch size and Adam's learning rate.
        betas: Adam's averaging factors for the gradient and its square. Shorter memories
            than PyTorch's (0.9, 0.999) took the plain model to 99% in a median of 5.5
            epochs instead of 8 over seeds 0-19 (chosen on seeds 0-9, confirmed on 10-19
            with ``benchmarks/epochs_to_accuracy.py``).
        eval_dataset: scored with greedy decoding after every epoch (``exact_match``
            and the task's metrics join the table).
        target_accuracy: stop after the first epoch whose ``exact_match`` reaches it
            (needs ``eval_dataset``).
        device: where to train (``"cpu"``, ``"cuda"``, ...); None keeps the model's.
        seed: seeds the batch order and the scheduled-sampling coin flips. (Seed the
            model's initial weights with :func:`set_seed` before building it.)
        teacher_forcing: probability of feeding the ground truth at each decoder step:
            1.0 (always, the fast path), a fixed ratio, or a function of the epoch
            (0-based) for scheduled sampling.
        lr_decay: anneal the learning rate to 1/20 of ``lr`` over ``epochs`` (cosine).
        label_smoothing: ε in [0, 1] of the training loss (see :func:`sequence_loss`);
            0 trains on the plain cross-entropy.
        output_bias_prior: if the model is ``fresh`` (untrained, nothing loaded into it),
            start its output bias at :func:`log_token_frequencies` of ``dataset``'s targets.
            A model trained before, by ``train`` or loaded, keeps its bias either way.
        progress: show the epochs' progress with loss and accuracy: in a notebook, an output
            updated in place; in a terminal, a bar on stderr; elsewhere nothing
            (:mod:`seq2seq_lib.progress`).
        num_threads: torch threads while training (restored afterwards); None leaves it.

    Returns:
        A ``pandas.DataFrame`` with columns ``epoch``, ``loss`` (the mean training loss:
        cross-entropy against the smoothed targets), ``lr``, ``teacher_forcing``, ``elapsed_s`` (since the call
        began, evaluation included) and, with ``eval_dataset``, ``exact_match``,
        ``token_accuracy`` and the task's metrics (dates: ``day``, ``month``, ``year``).
    """
    started = time.perf_counter()
    _check_train_arguments(model, dataset, eval_dataset, target_accuracy, seed, progress)
    settings = resolve_settings(
        model,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        betas=betas,
        lr_decay=lr_decay,
        label_smoothing=label_smoothing,
        output_bias_prior=output_bias_prior,
    )
    check_optional_int("num_threads", num_threads, 1, MAX_THREADS)
    if not callable(teacher_forcing):  # a schedule is checked at each epoch, before that epoch runs
        teacher_forcing_at(teacher_forcing, 0)
    device = check_device("device", device)
    if device is not None:
        model.to(device)
    device = model.device
    x, y = dataset.tensors(device)
    generator = torch.Generator().manual_seed(seed)  # CPU generator: same order on every device
    optimizer = _adam(model, settings, device)

    rows = []
    bar = epoch_progress(settings.epochs, progress)
    outcome = INTERRUPTED  # unless the loop below ends
    try:
        with torch_threads(num_threads):
            for epoch in range(settings.epochs):
                ratio = teacher_forcing_at(teacher_forcing, epoch)
                if epoch == 0:  # every argument has been checked: a refused call leaves the model as it was
                    _start_training(model, y, settings)
                epoch_lr = learning_rate_at(epoch, settings)
                for group in optimizer.param_groups:
                    group["lr"] = epoch_lr
                order = torch.randperm(len(x), generator=generator, device="cpu").to(device)
                with _step_counters_on(device):
                    loss = run_epoch(
                        model, optimizer, x, y, order, settings.batch_size, ratio, generator, settings.label_smoothing
                    )
                row = {"epoch": epoch + 1, "loss": loss, "lr": epoch_lr, "teacher_forcing": ratio}
                if eval_dataset is not None:
                    row.update(evaluate(model, eval_dataset))
                row["elapsed_s"] = time.perf_counter() - started
                rows.append(row)
                bar.advance({k: row[k] for k in ("loss", "exact_match") if k in row})
                if reached_target(row, target_accuracy):
                    outcome = TARGET_REACHED  # a success: the bar ends full
                    break
            else:
                outcome = FINISHED
    finally:
        bar.close(outcome)
        model.eval()
    columns = ["epoch", "loss", "lr", "teacher_forcing", "elapsed_s"]
    return pd.DataFrame(rows, columns=columns + [c for c in rows[0] if c not in columns])
