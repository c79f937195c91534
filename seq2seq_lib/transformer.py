"""A small encoder-decoder Transformer (Vaswani et al. 2017) with the interface of the LSTM models.

The LSTM models of the course read the source one token at a time and keep what they
read in a state. A Transformer has no recurrence: every position looks at every other
position through *attention*, and the order of the tokens enters only through a
positional encoding added to the embeddings. One concern per class, as in minGPT and
the Annotated Transformer:

- :func:`scaled_dot_product_attention`: softmax(Q K^T / sqrt(d_k)) V, written out;
- :class:`MultiHeadAttention`: ``heads`` attentions side by side on slices of the features;
- :class:`PositionalEncoding`: the fixed sinusoids of the paper, added to the embeddings;
- :class:`FeedForward`: the position-wise two-layer MLP;
- :class:`EncoderLayer`: self-attention over the source, then the MLP;
- :class:`DecoderLayer`: *causal* self-attention over the outputs so far, cross-attention
  to the encoder's outputs (the memory), then the MLP;
- :class:`TransformerSeq2Seq`: embeddings, the two stacks, the output layer, and the
  decoding interface of :class:`~seq2seq_lib.models.EncoderDecoder`.

Shapes: B batch, S source length, U (or T) target length, D ``d_model``, h ``heads``,
d_k = D / h features per head, V vocabulary size.

Every sub-layer is *pre-norm*: ``x + sublayer(LayerNorm(x))``, with one more LayerNorm
at the end of each stack (Xiong et al. 2020, "On Layer Normalization in the
Transformer Architecture"). The residual path then carries the embeddings unchanged
to the top, so gradients reach every layer at the start of training without the
learning-rate warm-up that the paper's post-norm layout is known to need at larger
depths. (At this size both layouts reached 99% on the dates with ``train``'s cosine
schedule and no warm-up; pre-norm is kept because it stays safe when layers are added.)
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import torch
from torch import nn

from .models import DEFAULT_MAX_OUTPUT_LEN, EncoderDecoder, check_vocabulary
from .validation import ArgumentError, check_float, check_int
from .vocab import Vocabulary

# Upper bounds, checked before anything is allocated. They are far above what the
# course uses and keep the largest model allowed near the paper's base model (about
# 45M parameters, under 200 MB of float32, with the checkpoint's largest vocabulary),
# so a crafted checkpoint config cannot ask for gigabytes.
MAX_D_MODEL = 512
MAX_HEADS = 16
MAX_LAYERS = 6
MAX_D_FF = 2048
MAX_POSITIONS = 1024  # longest source or target the positional encoding covers

# The decoder's state is the token prefix [B, t]: a LongTensor.
State = torch.Tensor


def check_dropout(value: object) -> float:
    """``value`` as a float in [0, 1): a dropout probability of 1 would zero every activation."""
    dropout = check_float("dropout", value, 0.0, 1.0)
    if dropout == 1.0:
        raise ArgumentError("dropout must be a finite number in [0, 1), got 1.0 (it would drop everything)")
    return dropout


# -- attention -------------------------------------------------------------------------
def scaled_dot_product_attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, allowed: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q k^T / sqrt(d_k)) v, with the weights.

    Args:
        q: queries ``[B, h, T, d_k]``.
        k, v: keys and values ``[B, h, S, d_k]``.
        allowed: bool, broadcastable to ``[B, h, T, S]``: True where query t may look at
            key s. None allows every pair. Every query must be allowed at least one key.

    Returns:
        (outputs ``[B, h, T, d_k]``, weights ``[B, h, T, S]``; each row of weights sums to
        1 and disallowed keys get exactly 0).
    """
    # Dividing by sqrt(d_k) keeps the scores' variance near 1 whatever the head size, so
    # the softmax does not start out saturated (the paper's reason for the scaling).
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # [B, h, T, S]
    if allowed is not None:
        # exp(-inf) = 0: a masked key gets no weight and passes no gradient.
        scores = scores.masked_fill(~allowed, float("-inf"))
    # The softmax over keys, written out: exp(e - max) / sum exp(e - max) (subtracting the
    # row's max avoids overflow and changes nothing). Besides showing the formula, this
    # is about 5x faster on the CPU than torch.softmax for rows this short (8-16 keys),
    # and the softmax was a third of the decoding time.
    exp = (scores - scores.amax(dim=-1, keepdim=True)).exp()
    weights = exp / exp.sum(dim=-1, keepdim=True)
    return weights @ v, weights


class MultiHeadAttention(nn.Module):
    """``heads`` scaled dot-product attentions in parallel, each on d_k = D / h features.

    Q = x W_q, K = m W_k, V = m W_v are split into h heads; each head attends on its own;
    the heads' outputs are concatenated and mixed by W_o. Several heads let one layer
    look at several places at once (for a date: the day's two digits and the month's).
    """

    def __init__(self, d_model: int, heads: int):
        super().__init__()
        self.heads = heads
        self.d_k = d_model // heads
        self.query = nn.Linear(d_model, d_model)
        self.key = nn.Linear(d_model, d_model)
        self.value = nn.Linear(d_model, d_model)
        self.output = nn.Linear(d_model, d_model)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        """``[B, T, D]`` -> ``[B, h, T, d_k]``."""
        batch, length, _ = x.shape
        return x.view(batch, length, self.heads, self.d_k).transpose(1, 2)

    def forward(
        self, x: torch.Tensor, memory: torch.Tensor, allowed: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Queries from ``x [B, T, D]``, keys and values from ``memory [B, S, D]``.

        Args:
            allowed: bool ``[B or 1, T or 1, S]`` or ``[T, S]`` (True: query t may see key s), or None.

        Returns:
            (outputs ``[B, T, D]``, weights ``[B, h, T, S]``).
        """
        q, k, v = self._split(self.query(x)), self._split(self.key(memory)), self._split(self.value(memory))
        if allowed is not None:
            allowed = allowed.unsqueeze(-3)  # [B, 1, T, S] (or [1, T, S]): the same mask for every head
        out, weights = scaled_dot_product_attention(q, k, v, allowed)  # [B, h, T, d_k]
        batch, _, length, _ = out.shape
        out = out.transpose(1, 2).reshape(batch, length, self.heads * self.d_k)  # concatenate the heads
        return self.output(out), weights


class PositionalEncoding(nn.Module):
    """Adds the paper's fixed sinusoids: PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(...).

    Attention itself ignores order (permuting the keys permutes nothing in the output);
    these vectors tell the model where each token stands. Sinusoids have no parameters
    and are defined for any position, so a model trained on 8-character dates can
    still be run on a 15-digit copy task source.
    """

    def __init__(self, d_model: int, max_positions: int = MAX_POSITIONS):
        super().__init__()
        position = torch.arange(max_positions, dtype=torch.float32).unsqueeze(1)  # [P, 1]
        frequency = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
        table = torch.zeros(max_positions, d_model)
        table[:, 0::2] = torch.sin(position * frequency)
        table[:, 1::2] = torch.cos(position * frequency)[:, : d_model // 2]  # an odd D has one cos fewer
        # A buffer follows the model to its device; not persistent, so checkpoints do not store it.
        self.register_buffer("table", table, persistent=False)  # [P, D]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``[B, T, D]`` -> ``[B, T, D]``: x + PE[0..T-1]."""
        length = x.shape[1]
        if length > self.table.shape[0]:
            raise ValueError(f"sequence of {length} positions is longer than the {self.table.shape[0]} encoded")
        return x + self.table[:length]


class FeedForward(nn.Module):
    """The same two-layer MLP at every position: ``[B, T, D]`` -> ``[B, T, D]``."""

    def __init__(self, d_model: int, d_ff: int, dropout: float = 0.0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d_model, d_ff), nn.ReLU(), nn.Linear(d_ff, d_model), nn.Dropout(dropout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class EncoderLayer(nn.Module):
    """Pre-norm: x + SelfAttention(LN(x)), then x + FeedForward(LN(x))."""

    def __init__(self, d_model: int, heads: int, d_ff: int, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.attention = MultiHeadAttention(d_model, heads)
        self.norm2 = nn.LayerNorm(d_model)
        self.feed_forward = FeedForward(d_model, d_ff, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, allowed: torch.Tensor | None = None) -> torch.Tensor:
        """``x [B, S, D]``, ``allowed`` ``[B, 1, S]`` (real source keys) or None -> ``[B, S, D]``."""
        normed = self.norm1(x)
        attended, _ = self.attention(normed, normed, allowed)
        x = x + self.dropout(attended)
        return x + self.feed_forward(self.norm2(x))


class DecoderLayer(nn.Module):
    """Pre-norm: causal self-attention, cross-attention to the memory, feed-forward.

    The self-attention lets position t read outputs 1..t only (the causal mask), so in
    training all U positions run at once and none sees the token it must predict.
    """

    def __init__(self, d_model: int, heads: int, d_ff: int, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)
        self.self_attention = MultiHeadAttention(d_model, heads)
        self.norm2 = nn.LayerNorm(d_model)
        self.cross_attention = MultiHeadAttention(d_model, heads)
        self.norm3 = nn.LayerNorm(d_model)
        self.feed_forward = FeedForward(d_model, d_ff, dropout)
        self.dropout = nn.Dropout(dropout)

    def forward(
        self,
        y: torch.Tensor,
        memory: torch.Tensor,
        causal: torch.Tensor,
        source_allowed: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """One decoder layer.

        Args:
            y: ``[B, T, D]`` the decoder's inputs so far.
            memory: ``[B, S, D]`` the encoder's outputs.
            causal: ``[1, T, T]`` or ``[T, T]`` bool, True on and below the diagonal.
            source_allowed: ``[B, 1, S]`` bool (real source keys) or None.

        Returns:
            (``[B, T, D]``, cross-attention weights ``[B, h, T, S]``).
        """
        normed = self.norm1(y)
        attended, _ = self.self_attention(normed, normed, causal)
        y = y + self.dropout(attended)
        read, cross_weights = self.cross_attention(self.norm2(y), memory, source_allowed)
        y = y + self.dropout(read)
        return y + self.feed_forward(self.norm3(y)), cross_weights


def causal_mask(length: int, device: torch.device | None = None) -> torch.Tensor:
    """``[T, T]`` bool, True where query t may see key s, i.e. s <= t."""
    return torch.ones(length, length, dtype=torch.bool, device=device).tril()


# -- the model -------------------------------------------------------------------------
class TransformerSeq2Seq(EncoderDecoder):
    """An encoder-decoder Transformer with the interface of :class:`~seq2seq_lib.models.Seq2Seq`.

    ``model(src [B, S], decoder_inputs [B, U])`` -> logits ``[B, U, V]``; decoding runs
    through :meth:`step`, one token at a time, like the LSTM models.

    Args:
        vocab: the shared :class:`~seq2seq_lib.vocab.Vocabulary` (kept on the model).
        d_model: D, the size of every token's vector in both stacks (1..512).
        heads: attention heads per attention layer; must divide ``d_model`` (1..16).
        encoder_layers, decoder_layers: depth of each stack (1..6).
        d_ff: hidden size of the position-wise feed-forward MLP (1..2048).
        dropout: dropout on the embeddings and on every sub-layer's output, in [0, 1).
            0 by default: with 4000 dates and 24k parameters the model does not overfit.
        max_output_len: longest output, ``<EOS>`` included, 1..512 (decoding stops at
            ``<EOS>``; this only bounds a model that never writes it).

    The defaults (D 32, 4 heads, one layer in each stack, MLP 64) give 24,123 parameters
    on the dates' vocabulary, about 1.5 times the LSTM models' 14.6k and 16.5k.
    """

    # Read by ``train`` for the settings the caller leaves out: a smaller step than the
    # LSTMs' 0.02 and the paper's Adam betas (0.9, 0.98). Five epochs, because on the
    # dates this model passes 99% held-out exact match within two (seeds 0-9) and the
    # cosine schedule then settles it: after the fifth, every one of those seeds scored
    # at least 99.95% (``train(TransformerSeq2Seq(vocab), dataset)`` with nothing else).
    # Those runs used the plain cross-entropy and the constructor's output bias, so this kind
    # keeps both (no label smoothing, no bias from the targets' token frequencies).
    train_defaults: ClassVar[dict[str, Any]] = {
        "lr": 3e-3,
        "betas": (0.9, 0.98),
        "epochs": 5,
        "label_smoothing": 0.0,
        "output_bias_prior": False,
    }

    def __init__(
        self,
        vocab: Vocabulary,
        d_model: int = 32,
        heads: int = 4,
        encoder_layers: int = 1,
        decoder_layers: int = 1,
        d_ff: int = 64,
        dropout: float = 0.0,
        max_output_len: int = DEFAULT_MAX_OUTPUT_LEN,
    ):
        check_vocabulary(vocab)
        # Every argument is checked before anything is allocated (the base class checks
        # vocab and max_output_len, then builds the nn.Module: nothing big yet).
        d_model = check_int("d_model", d_model, 1, MAX_D_MODEL)
        heads = check_int("heads", heads, 1, MAX_HEADS)
        if d_model % heads:
            raise ArgumentError(
                f"d_model ({d_model}) must be divisible by heads ({heads}): each head gets D / h features"
            )
        encoder_layers = check_int("encoder_layers", encoder_layers, 1, MAX_LAYERS)
        decoder_layers = check_int("decoder_layers", decoder_layers, 1, MAX_LAYERS)
        d_ff = check_int("d_ff", d_ff, 1, MAX_D_FF)
        dropout = check_dropout(dropout)
        super().__init__(vocab, max_output_len)
        self.d_model, self.heads, self.d_ff, self.dropout_p = d_model, heads, d_ff, dropout
        self.encoder_layers, self.decoder_layers = encoder_layers, decoder_layers

        self.source_embedding = nn.Embedding(len(vocab), d_model)
        self.target_embedding = nn.Embedding(len(vocab), d_model)
        self.positions = PositionalEncoding(d_model)
        self.embedding_dropout = nn.Dropout(dropout)
        self.encoder = nn.ModuleList(EncoderLayer(d_model, heads, d_ff, dropout) for _ in range(encoder_layers))
        self.encoder_norm = nn.LayerNorm(d_model)  # pre-norm stacks end with a LayerNorm
        self.decoder = nn.ModuleList(DecoderLayer(d_model, heads, d_ff, dropout) for _ in range(decoder_layers))
        self.decoder_norm = nn.LayerNorm(d_model)
        self.output = nn.Linear(d_model, len(vocab))

    def config(self) -> dict[str, Any]:
        return {
            "d_model": self.d_model,
            "heads": self.heads,
            "encoder_layers": self.encoder_layers,
            "decoder_layers": self.decoder_layers,
            "d_ff": self.d_ff,
            "dropout": self.dropout_p,
            "max_output_len": self.max_output_len,
        }

    def _embed(self, embedding: nn.Embedding, tokens: torch.Tensor) -> torch.Tensor:
        """ids ``[B, T]`` -> ``[B, T, D]``: token embedding + positional encoding.

        nn.Embedding starts from N(0, 1), the same scale as the sinusoids (amplitude 1),
        so neither drowns the other out. The paper multiplies its embeddings by sqrt(D)
        because it initialises them much smaller; with N(0, 1) that factor would make the
        tokens sqrt(32) ~ 6 times louder than the positions, which this task needs most.
        """
        return self.embedding_dropout(self.positions(embedding(tokens)))

    # -- encoder ---------------------------------------------------------------------
    def encode(self, src: torch.Tensor, mask: torch.Tensor | None = None) -> tuple[torch.Tensor, State]:
        """Source ids ``[B, S]`` -> (memory ``[B, S, D]``, the decoder's empty prefix ``[B, 0]``).

        With a ``mask`` (``[B, S]``, True at real tokens) no attention ever reads a padded
        key; the memory at padded positions is computed but never read, since the
        decoder's cross-attention masks the same keys.

        A Transformer's encoder hands the decoder no state, only the memory it reads by
        cross-attention; the second value is the decoder's state before its first step,
        the empty prefix, so that ``initial_state`` knows the batch size and device.
        """
        allowed = None if mask is None else mask.unsqueeze(1)  # [B, 1, S]: every query sees the real keys
        x = self._embed(self.source_embedding, src)  # [B, S, D]
        for layer in self.encoder:
            x = layer(x, allowed)
        return self.encoder_norm(x), src.new_empty((src.shape[0], 0))

    def initial_state(self, encoder_state: State) -> State:
        """The decoder's state before its first step: the prefix of tokens so far, ``[B, 0]``."""
        return encoder_state

    # -- decoder ---------------------------------------------------------------------
    def decode(
        self, tokens: torch.Tensor, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The decoder stack on decoder inputs ``[B, T]`` (``<GO> y_1 .. y_{T-1}``).

        Returns:
            (logits ``[B, T, V]``, the last layer's cross-attention ``[B, h, T, S]``).
        """
        y = self._embed(self.target_embedding, tokens)  # [B, T, D]
        causal = causal_mask(tokens.shape[1], device=tokens.device).unsqueeze(0)  # [1, T, T]
        source_allowed = None if mask is None else mask.unsqueeze(1)  # [B, 1, S]
        cross_weights = None
        for layer in self.decoder:
            y, cross_weights = layer(y, memory, causal, source_allowed)
        return self.output(self.decoder_norm(y)), cross_weights

    def step(
        self, tokens: torch.Tensor, state: State, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, State, torch.Tensor]:
        """One decoder step: append ``tokens`` to the prefix and run the decoder on it.

        Args:
            tokens: ``[B]`` the previous output (``<GO>`` at the first step).
            state: ``[B, t]`` the tokens fed so far (``[B, 0]`` at the first step).
            memory: ``[B, S, D]`` from :meth:`encode`; mask: ``[B, S]`` or None.

        Returns:
            (logits ``[B, V]`` of the newest position, the prefix ``[B, t + 1]``, the last
            layer's cross-attention of the newest position averaged over heads ``[B, S]``).

        The whole prefix is re-run every step instead of caching each layer's keys and
        values: outputs here have at most ``max_output_len`` (10 for dates) tokens, so the
        repeated work is at most 10 short positions per step, cheaper than the cache's
        bookkeeping, and the state stays one tensor that beam search can reorder.
        """
        prefix = torch.cat([state, tokens.unsqueeze(1)], dim=1)  # [B, t + 1]
        logits, cross_weights = self.decode(prefix, memory, mask)
        return logits[:, -1], prefix, cross_weights[:, :, -1].mean(dim=1)

    def reorder_state(self, state: State, rows: torch.Tensor) -> State:
        """Row ``i`` of the result is row ``rows[i]`` of the prefix ``[B, t]``."""
        return state.index_select(0, rows)

    def teacher_forced_logits(
        self, decoder_inputs: torch.Tensor, state: State, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """All decoder steps at once: inputs ``[B, U]`` after the prefix ``state`` -> logits ``[B, U, V]``.

        The causal mask makes this equal to calling :meth:`step` U times with the same
        inputs, in one pass.
        """
        logits, _ = self.decode(torch.cat([state, decoder_inputs], dim=1), memory, mask)
        return logits[:, state.shape[1] :]

    def teacher_forced_attention(
        self, decoder_inputs: torch.Tensor, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """The last layer's cross-attention of every position, averaged over heads: ``[B, U, S]``."""
        _, cross_weights = self.decode(decoder_inputs, memory, mask)
        return cross_weights.mean(dim=1)
