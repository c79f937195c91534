"""The article's training procedure, re-implemented as a baseline for the benchmarks.

This module is NOT part of ``seq2seq_lib``. It re-creates, in our own code, what the
source article (``article.zh.md``) does, so that ``time_to_accuracy.py`` can compare
the library against it on equal terms:

- model: embedding (16, drawn from N(0, 0.1)) + ``nn.LSTM`` encoder (32 units);
  embedding (16, N(0, 0.1)) + ``nn.LSTMCell`` decoder, stepped by a Python loop over
  the target positions even under teacher forcing; ``nn.Linear`` output layer.
- attention variant: before each decoder step, scores = (Linear(H, H) applied to the
  encoder outputs) @ h_{t-1}, softmax over source positions, context = weighted sum
  of encoder outputs; the cell then steps, and Linear(2H, V) reads [context; h_t].
- training: ``DataLoader(batch_size=32, shuffle=True)``, Adam with lr 1e-3, plain
  cross-entropy over ``y[:, 1:]``, up to 100 epochs, no learning-rate schedule.
- inference: greedy, always ``max_pred_len = 11`` steps, never stops at ``<EOS>``,
  and (as in the article) runs with autograd enabled.

What differs from the article, and why:

- the data come from ``seq2seq_lib.data.DateDataset`` (the article's corpus read in
  UTC, with a fixed vocabulary), so both sides train on identical tensors;
- the optimizer is passed around instead of living inside the model (same algorithm);
- everything is seeded (``torch.manual_seed`` before the model is built, a seeded
  ``DataLoader`` generator) so runs repeat;
- the article's progress print (one decoded sample every 64 batches) is off unless
  ``log_every`` is given: it does not change training, only adds a little time, and
  leaving it out favours the article.

Nothing else needed fixing: the article's hard-coded CPU tensors (``torch.zeros`` for
the encoder state, ``torch.ones`` for the ``<GO>`` input) are correct on the CPU.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader

EMBEDDING_DIM = 16
UNITS = 32
MAX_PRED_LEN = 11  # the article decodes 11 steps although a target has 10 tokens after <GO>
BATCH_SIZE = 32
LEARNING_RATE = 1e-3
MAX_EPOCHS = 100


class ArticleSeq2Seq(nn.Module):
    """The article's plain encoder-decoder: the decoder starts from the encoder's (h_T, c_T)."""

    def __init__(
        self,
        vocab_size: int,
        start_token: int,
        end_token: int,
        embedding_dim: int = EMBEDDING_DIM,
        units: int = UNITS,
        max_pred_len: int = MAX_PRED_LEN,
    ):
        super().__init__()
        self.units = units
        self.vocab_size = vocab_size
        self.start_token = start_token
        self.end_token = end_token  # kept for parity with the article; inference never checks it
        self.max_pred_len = max_pred_len

        self.encoder_embeddings = nn.Embedding(vocab_size, embedding_dim)
        nn.init.normal_(self.encoder_embeddings.weight, mean=0.0, std=0.1)
        self.encoder = nn.LSTM(embedding_dim, units, batch_first=True)

        self.decoder_embeddings = nn.Embedding(vocab_size, embedding_dim)
        nn.init.normal_(self.decoder_embeddings.weight, mean=0.0, std=0.1)
        self.decoder_cell = nn.LSTMCell(embedding_dim, units)
        self.decoder_dense = nn.Linear(self.output_features(), vocab_size)

    def output_features(self) -> int:
        """Width of what the output layer reads: h_t alone here."""
        return self.units

    # -- encoder -------------------------------------------------------------------
    def encode(self, x: torch.Tensor):
        """Source ids ``[B, S]`` -> (outputs ``[B, S, H]``, h_T ``[B, H]``, c_T ``[B, H]``)."""
        # The article passes an explicit all-zero initial state built on the CPU.
        zeros = torch.zeros(1, x.shape[0], self.units)
        outputs, (h, c) = self.encoder(self.encoder_embeddings(x), (zeros, zeros.clone()))
        return outputs, h[0], c[0]

    # -- one decoder step, shared by training and inference ------------------------
    def decode_step(self, token_embedding, h, c, encoder_outputs):
        """Advance the LSTMCell by one token; return (logits ``[B, V]``, h, c)."""
        h, c = self.decoder_cell(token_embedding, (h, c))
        return self.decoder_dense(h), h, c

    # -- training: teacher forcing, one Python iteration per target position -------
    def train_logits(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Logits ``[B, U, V]`` for targets ``y`` ``[B, U+1]`` (``<GO> ... <EOS>``)."""
        encoder_outputs, h, c = self.encode(x)
        # Decoder inputs are the ground truth <GO> y_1 .. y_{U-1}; go time-major for the loop.
        inputs = self.decoder_embeddings(y[:, :-1]).permute(1, 0, 2)
        logits = []
        for token_embedding in inputs:
            step_logits, h, c = self.decode_step(token_embedding, h, c, encoder_outputs)
            logits.append(step_logits)
        return torch.stack(logits, dim=1)

    # -- inference: greedy, fixed number of steps ----------------------------------
    def inference(self, x: torch.Tensor) -> torch.Tensor:
        """Greedy decoding of ``x`` ``[B, S]`` -> ids ``[B, max_pred_len]``.

        As in the article: always ``max_pred_len`` steps (no stop at ``<EOS>``),
        autograd left on, and the model put back in training mode afterwards.
        """
        self.eval()
        encoder_outputs, h, c = self.encode(x)
        tokens = torch.full((x.shape[0],), self.start_token, dtype=torch.long)
        predicted = []
        for _ in range(self.max_pred_len):
            step_logits, h, c = self.decode_step(self.decoder_embeddings(tokens), h, c, encoder_outputs)
            tokens = step_logits.argmax(dim=1)
            predicted.append(tokens)
        self.train()
        return torch.stack(predicted, dim=1)


class ArticleAttentionSeq2Seq(ArticleSeq2Seq):
    """The article's attention model ("general" score, query = the previous decoder state)."""

    def __init__(
        self,
        vocab_size: int,
        start_token: int,
        end_token: int,
        embedding_dim: int = EMBEDDING_DIM,
        units: int = UNITS,
        max_pred_len: int = MAX_PRED_LEN,
    ):
        super().__init__(vocab_size, start_token, end_token, embedding_dim, units, max_pred_len)
        self.attention = nn.Linear(units, units)

    def output_features(self) -> int:
        """The output layer reads [context; h_t]."""
        return 2 * self.units

    def decode_step(self, token_embedding, h, c, encoder_outputs):
        # Scores from h_{t-1}, before the cell steps. The article re-applies the key
        # map to all encoder outputs at every step; we keep that cost.
        scores = torch.bmm(self.attention(encoder_outputs), h.unsqueeze(2))  # [B, S, 1]
        weights = F.softmax(scores, dim=1)  # over source positions
        context = torch.bmm(encoder_outputs.transpose(1, 2), weights).squeeze(2)  # [B, H]
        h, c = self.decoder_cell(token_embedding, (h, c))
        return self.decoder_dense(torch.cat([context, h], dim=1)), h, c


MODEL_KINDS = {"plain": ArticleSeq2Seq, "attention": ArticleAttentionSeq2Seq}


# -- building blocks of the article's procedure ------------------------------------
def build_model(kind: str, dataset, seed: int) -> ArticleSeq2Seq:
    """The article's model for ``dataset``'s vocabulary, its weights drawn from ``seed``."""
    torch.manual_seed(seed)
    return MODEL_KINDS[kind](len(dataset.vocab), dataset.start_token, dataset.end_token)


def build_optimizer(model: nn.Module) -> torch.optim.Optimizer:
    return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)


def build_loader(dataset, seed: int) -> DataLoader:
    """The article's loader (batch 32, shuffled, default collation); the shuffle is seeded."""
    return DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True, generator=torch.Generator().manual_seed(seed))


def train_step(model: ArticleSeq2Seq, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> float:
    """One Adam update on plain cross-entropy over ``y[:, 1:]``; returns the loss (the article reads it every step)."""
    optimizer.zero_grad()
    logits = model.train_logits(x, y)
    loss = F.cross_entropy(logits.reshape(-1, model.vocab_size), y[:, 1:].long().reshape(-1))
    loss.backward()
    optimizer.step()
    return float(loss.detach().numpy())


def train_epoch(model, optimizer, loader, dataset=None, epoch: int = 0, log_every: int | None = None) -> float:
    """One pass over ``loader``; returns the mean loss.

    With ``log_every``, prints one decoded training sample every ``log_every``
    batches, as the article does (every 64).
    """
    losses = []
    for index, (x, y, _decoder_len) in enumerate(loader):
        losses.append(train_step(model, optimizer, x, y))
        if log_every and index % log_every == 0 and dataset is not None:
            target = dataset.idx2str(y[0, 1:].tolist())
            decoded = ids_to_text(model.inference(x[0:1])[0].tolist(), dataset)
            source = "".join(dataset.vocab.tokens[i] for i in x[0].tolist())
            print(f"epoch {epoch} | batch {index} | loss {losses[-1]:.3f} | {source} -> {decoded} (target {target})")
    return float(np.mean(losses))


# -- scoring (our measurement, not part of the article's procedure) ----------------
def ids_to_text(ids: list[int], dataset) -> str:
    """The article's ``idx2str``: tokens up to the first ``<EOS>`` (excluded), nothing skipped.

    Unlike ``Vocabulary.decode`` it does not drop a stray ``<GO>`` or ``<PAD>``, so
    such an output can never count as correct.
    """
    tokens = dataset.vocab.tokens
    out = []
    for i in ids:
        if i == dataset.end_token:
            break
        out.append(tokens[i])
    return "".join(out)


@torch.no_grad()  # our measurement: autograd would only slow it down
def exact_match(model: ArticleSeq2Seq, dataset) -> float:
    """Share of ``dataset`` whose greedy decoding (the article's ``inference``) equals the target."""
    predicted = model.inference(torch.as_tensor(dataset.x)).tolist()
    hits = sum(ids_to_text(row, dataset) == target for row, target in zip(predicted, dataset.date_en, strict=True))
    return hits / len(dataset)


def train(
    dataset,
    kind: str = "plain",
    seed: int = 0,
    epochs: int = MAX_EPOCHS,
    eval_dataset=None,
    stop_when: Callable[[float], bool] | None = None,
    log_every: int | None = None,
):
    """The article's ``train``, with optional held-out scoring after every epoch.

    Args:
        dataset: training data (a ``seq2seq_lib.data.DateDataset``).
        kind: ``"plain"`` or ``"attention"``.
        seed: seeds the initial weights and the batch order.
        epochs: the most epochs to run (article: 100).
        eval_dataset: if given, scored with :func:`exact_match` after every epoch.
            That time is NOT counted in ``train_s``: it is our measurement, not
            part of the article's procedure.
        stop_when: called with the epoch's exact match; True stops training.
        log_every: print a decoded sample every this many batches (article: 64).

    Returns:
        (model, rows): one dict per epoch with ``epoch``, ``loss``, ``train_s``
        (cumulative training seconds, scoring excluded) and, with ``eval_dataset``,
        ``exact_match``.
    """
    model = build_model(kind, dataset, seed)
    optimizer = build_optimizer(model)
    loader = build_loader(dataset, seed)
    model.train()
    train_s = 0.0
    rows = []
    for epoch in range(epochs):
        started = time.perf_counter()
        loss = train_epoch(model, optimizer, loader, dataset, epoch, log_every)
        train_s += time.perf_counter() - started  # the clock stops before scoring
        row = {"epoch": epoch + 1, "loss": loss, "train_s": train_s}
        if eval_dataset is not None:
            row["exact_match"] = exact_match(model, eval_dataset)
        rows.append(row)
        if stop_when is not None and "exact_match" in row and stop_when(row["exact_match"]):
            break
    return model, rows


if __name__ == "__main__":  # the article's own run: 4000 dates, logs every 64 batches
    import argparse

    from seq2seq_lib.data import DateDataset, held_out_dataset

    parser = argparse.ArgumentParser(description="Train the article's model with the article's procedure.")
    parser.add_argument("--kind", choices=sorted(MODEL_KINDS), default="attention")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=MAX_EPOCHS)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = DateDataset(4000, seed=213)
    held_out = held_out_dataset(data, n=2000)
    _, history = train(data, args.kind, args.seed, args.epochs, eval_dataset=held_out, log_every=64)
    for r in history:
        print(r)
