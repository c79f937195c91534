"""The two models of the course: a fixed-vector LSTM encoder-decoder and its attention version.

Both share one layout (minGPT-style, one concern per method):

- ``encode``: source ids ``[B, S]`` -> encoder outputs ``[B, S, H]`` and final state.
- ``step``: one autoregressive decoder step, used for inference and for teaching.
- ``forward``: a whole teacher-forced pass, ``[B, U]`` decoder inputs -> ``[B, U, V]`` logits.

The article loops over decoder time steps with an ``nn.LSTMCell`` even when it feeds
the ground truth. With teacher forcing every decoder input is known in advance, so
``forward`` runs the decoder as a single ``nn.LSTM`` call over the whole target (the
same weights ``step`` uses one position at a time), which is several times faster.
For the attention model this works because, as in the article, attention reads the
*previous* decoder state s_{t-1} and its context does not feed back into the LSTM.
"""

from __future__ import annotations

import torch
from torch import nn

from .attention import attention_weights, context_vector, make_score
from .data import TARGET_LEN
from .vocab import Vocabulary

State = tuple[torch.Tensor, torch.Tensor]  # (h, c), each [1, B, H]


class EncoderDecoder(nn.Module):
    """What both models share: embeddings, the LSTM encoder and decoder, decoding loops."""

    def __init__(
        self, vocab: Vocabulary, embedding_dim: int = 16, units: int = 32, max_output_len: int = TARGET_LEN - 1
    ):
        super().__init__()
        if not isinstance(vocab, Vocabulary):
            raise TypeError(f"vocab must be a seq2seq_lib Vocabulary (e.g. dataset.vocab), got {type(vocab).__name__}")
        for name, value in (("embedding_dim", embedding_dim), ("units", units), ("max_output_len", max_output_len)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        self.vocab = vocab
        self.embedding_dim = embedding_dim
        self.units = units
        self.max_output_len = max_output_len

        self.encoder_embedding = nn.Embedding(len(vocab), embedding_dim)
        self.encoder = nn.LSTM(embedding_dim, units, batch_first=True)
        self.decoder_embedding = nn.Embedding(len(vocab), embedding_dim)
        self.decoder = nn.LSTM(embedding_dim, units, batch_first=True)
        # The article draws embeddings from N(0, 0.1) rather than PyTorch's N(0, 1).
        nn.init.normal_(self.encoder_embedding.weight, mean=0.0, std=0.1)
        nn.init.normal_(self.decoder_embedding.weight, mean=0.0, std=0.1)

    # -- what a checkpoint needs to rebuild the model ------------------------------
    def config(self) -> dict:
        return {"embedding_dim": self.embedding_dim, "units": self.units, "max_output_len": self.max_output_len}

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    # -- encoder -------------------------------------------------------------------
    def source_mask(self, src: torch.Tensor) -> torch.Tensor | None:
        """``[B, S]`` bool, True at real tokens, for right-padded sources; None when nothing is padded.

        Dates all have 8 characters, so for them this is always None and costs nothing
        downstream; the variable-length tasks of the later notebooks pad with ``<PAD>``.
        """
        mask = src != self.vocab.pad_id
        return None if bool(mask.all()) else mask

    def encode(self, src: torch.Tensor, mask: torch.Tensor | None = None) -> tuple[torch.Tensor, State]:
        """Source ids ``[B, S]`` -> (outputs ``[B, S, H]``, (h_T, c_T) each ``[1, B, H]``).

        With a ``mask`` (right padding), the LSTM skips each row's padding, so h_T is
        the state after that row's last real token and padded outputs are zeros.
        """
        embedded = self.encoder_embedding(src)
        # nn.LSTM starts from zeros on the input's own device when no state is given,
        # so there is no torch.zeros(...) on the CPU to break GPU runs.
        if mask is None:
            return self.encoder(embedded)
        lengths = mask.sum(dim=1).cpu()  # pack_padded_sequence wants lengths on the CPU
        packed = nn.utils.rnn.pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        outputs, final_state = self.encoder(packed)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True, total_length=src.shape[1])
        return outputs, final_state

    def initial_state(self, encoder_state: State) -> State:
        """The decoder's starting state (h_0, c_0); here simply (h_T, c_T)."""
        return encoder_state

    # -- decoder -------------------------------------------------------------------
    def step(self, tokens: torch.Tensor, state: State, memory: torch.Tensor, mask: torch.Tensor | None = None):
        """One decoder step. Returns (logits ``[B, V]``, new state, attention ``[B, S]`` or None).

        Args:
            tokens: ``[B]`` the previous output token (``<GO>`` at the first step).
            state: decoder (h, c), each ``[1, B, H]``.
            memory: encoder outputs ``[B, S, H]`` (only the attention model reads them).
            mask: ``[B, S]`` source mask from :meth:`source_mask`, or None.
        """
        raise NotImplementedError

    def teacher_forced_logits(
        self, decoder_inputs: torch.Tensor, state: State, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """All decoder steps at once from known inputs ``[B, U]`` -> logits ``[B, U, V]``."""
        raise NotImplementedError

    def forward(
        self,
        src: torch.Tensor,
        decoder_inputs: torch.Tensor,
        teacher_forcing: float = 1.0,
        generator: torch.Generator | None = None,
    ) -> torch.Tensor:
        """Training pass: source ``[B, S]``, decoder inputs ``[B, U]`` (``<GO> y_1 ..``) -> logits ``[B, U, V]``.

        With ``teacher_forcing=1`` every decoder input is the ground truth (one fast
        vectorised pass). Below 1, each row feeds back its own previous prediction
        instead of the truth with probability ``1 - teacher_forcing`` at every step
        (scheduled sampling, Bengio et al. 2015); this needs the step-by-step loop.
        """
        mask = self.source_mask(src)
        memory, encoder_state = self.encode(src, mask)
        state = self.initial_state(encoder_state)
        if teacher_forcing >= 1.0:
            return self.teacher_forced_logits(decoder_inputs, state, memory, mask)

        batch, steps = decoder_inputs.shape
        # Coin flips drawn on the CPU so that CPU and GPU runs draw the same ones.
        use_truth = (torch.rand(batch, steps, generator=generator, device="cpu") < teacher_forcing).to(src.device)
        tokens = decoder_inputs[:, 0]
        all_logits = []
        for t in range(steps):
            logits, state, _ = self.step(tokens, state, memory, mask)
            all_logits.append(logits)
            if t + 1 < steps:
                predicted = logits.argmax(dim=-1)
                tokens = torch.where(use_truth[:, t + 1], decoder_inputs[:, t + 1], predicted)
        return torch.stack(all_logits, dim=1)


class Seq2Seq(EncoderDecoder):
    """The article's plain LSTM encoder-decoder: the decoder starts from the encoder's final state.

    Args:
        vocab: the shared :class:`~seq2seq_lib.vocab.Vocabulary` (kept on the model,
            so a saved checkpoint can translate on its own).
        embedding_dim: size of the token embeddings (article: 16).
        units: LSTM hidden size H (article: 32).
        transform_context: False (the article's code): C = h_T, the decoder starts from
            (h_T, c_T). True: C = W_h h_T + b_h, one learned linear map applied to the
            encoder's final hidden state (the article's second option); the cell state
            c_T is passed on unchanged.
        max_output_len: longest output, ``<EOS>`` included (dates: 10).
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedding_dim: int = 16,
        units: int = 32,
        transform_context: bool = False,
        max_output_len: int = TARGET_LEN - 1,
    ):
        super().__init__(vocab, embedding_dim, units, max_output_len)
        self.transform_context = bool(transform_context)
        self.context_map = nn.Linear(units, units) if self.transform_context else None
        self.output = nn.Linear(units, len(vocab))

    def config(self) -> dict:
        return {**super().config(), "transform_context": self.transform_context}

    def initial_state(self, encoder_state: State) -> State:
        h, c = encoder_state
        if self.context_map is not None:
            h = self.context_map(h)  # C = W_h h_T + b_h
        return h, c

    def step(self, tokens, state, memory, mask=None):
        out, state = self.decoder(self.decoder_embedding(tokens).unsqueeze(1), state)
        return self.output(out.squeeze(1)), state, None

    def teacher_forced_logits(self, decoder_inputs, state, memory, mask=None):
        out, _ = self.decoder(self.decoder_embedding(decoder_inputs), state)  # [B, U, H]
        return self.output(out)


class AttentionSeq2Seq(EncoderDecoder):
    """The article's attention model.

    At step t: e_{t,j} = score(s_{t-1}, h_j), alpha = softmax(e), c_t = sum_j alpha_{t,j} h_j;
    the LSTM then advances to s_t from the previous token, and the output layer reads
    ``[c_t; s_t]`` (``2H`` features). The context does not enter the LSTM.

    Args:
        vocab, embedding_dim, units, max_output_len: as for :class:`Seq2Seq`.
        score: ``"general"`` (the article's: s_{t-1} . (W h_j + b)), ``"dot"`` or ``"additive"``.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedding_dim: int = 16,
        units: int = 32,
        score: str = "general",
        max_output_len: int = TARGET_LEN - 1,
    ):
        super().__init__(vocab, embedding_dim, units, max_output_len)
        self.score_name = score
        self.score = make_score(score, units)
        self.output = nn.Linear(2 * units, len(vocab))

    def config(self) -> dict:
        return {**super().config(), "score": self.score_name}

    def attend(
        self, query: torch.Tensor, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """query ``[B, H]`` (or ``[B, U, H]``) -> (context ``[B, H]``, alpha ``[B, S]``) (or with U)."""
        alpha = attention_weights(self.score(query, memory), mask)
        return context_vector(alpha, memory), alpha

    def step(self, tokens, state, memory, mask=None):
        context, alpha = self.attend(state[0][0], memory, mask)  # query: s_{t-1}
        out, state = self.decoder(self.decoder_embedding(tokens).unsqueeze(1), state)
        logits = self.output(torch.cat([context, out.squeeze(1)], dim=-1))
        return logits, state, alpha

    def teacher_forced_attention(self, decoder_inputs, state, memory, mask=None):
        """(decoder states s_1..s_U ``[B, U, H]``, contexts ``[B, U, H]``, alpha ``[B, U, S]``)."""
        states, _ = self.decoder(self.decoder_embedding(decoder_inputs), state)  # s_1..s_U
        queries = torch.cat([state[0].transpose(0, 1), states[:, :-1]], dim=1)  # s_0..s_{U-1}
        context, alpha = self.attend(queries, memory, mask)
        return states, context, alpha

    def teacher_forced_logits(self, decoder_inputs, state, memory, mask=None):
        states, context, _ = self.teacher_forced_attention(decoder_inputs, state, memory, mask)
        return self.output(torch.cat([context, states], dim=-1))


MODEL_CLASSES = {"Seq2Seq": Seq2Seq, "AttentionSeq2Seq": AttentionSeq2Seq}
