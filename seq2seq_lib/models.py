"""The course's LSTM models: a fixed-vector encoder-decoder and its attention version.

Every model kind (these two, and the Transformer of :mod:`seq2seq_lib.transformer`) has
one interface, :class:`EncoderDecoder`, minGPT-style, one concern per method:

- ``encode``: source ids ``[B, S]`` -> encoder outputs (the memory) ``[B, S, H]`` and a state;
- ``initial_state``: the decoder's state before its first step;
- ``step``: one autoregressive decoder step, used for inference and for teaching;
- ``reorder_state``: pick rows of a state (beam search follows its hypotheses with it);
- ``forward``: a whole teacher-forced pass, ``[B, U]`` decoder inputs -> ``[B, U, V]`` logits.

The article loops over decoder time steps with an ``nn.LSTMCell`` even when it feeds
the ground truth. With teacher forcing every decoder input is known in advance, so
``forward`` runs the decoder as a single ``nn.LSTM`` call over the whole target (the
same weights ``step`` uses one position at a time), which is several times faster.
For the attention model this works because, as in the article, attention reads the
*previous* decoder state s_{t-1} and its context does not feed back into the LSTM. With
``feed_context=True`` (Bahdanau et al. 2015) the context also enters the LSTM's input, so
each step needs the one before it, and training runs the step loop.

Notation (the same in every notebook): the encoder's hidden states are h_1..h_S, the
decoder's s_1..s_U; an LSTM's cell state is m (memory), so that c_t stays the attention
context vector, as in the article.

The models know token ids and a vocabulary, nothing of any task: which tokens make a
date is decided in :mod:`seq2seq_lib.tasks`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import torch
from torch import nn

from .attention import SCORES, attention_weights, context_vector, make_score
from .validation import ArgumentTypeError, check_bool, check_choice, check_int
from .vocab import Vocabulary

State = tuple[torch.Tensor, torch.Tensor]  # (h, m): hidden and cell state, each [1, B, H]

# Upper bounds, checked before anything is allocated: far above what the course uses,
# far below what would exhaust a laptop's memory (so a checkpoint cannot ask for more).
MAX_EMBEDDING_DIM = 1024
MAX_UNITS = 1024
MAX_OUTPUT_LEN = 512
# Decoding stops at <EOS>; this only bounds a model that never writes it (an untrained
# one). ``train`` checks that the training targets fit.
DEFAULT_MAX_OUTPUT_LEN = 64


def check_vocabulary(vocab: object) -> Vocabulary:
    """Return ``vocab`` if it is a :class:`Vocabulary`."""
    if not isinstance(vocab, Vocabulary):
        raise ArgumentTypeError(
            f"vocab must be a seq2seq_lib Vocabulary (e.g. dataset.vocab), got {type(vocab).__name__}"
        )
    return vocab


class EncoderDecoder(nn.Module):
    """The interface every model kind implements.

    A model carries its vocabulary and ``max_output_len`` (the longest output it writes,
    ``<EOS>`` included). Decoding and beam search use only :meth:`source_mask`,
    :meth:`encode`, :meth:`initial_state`, :meth:`step` and :meth:`reorder_state`;
    training uses :meth:`forward`. ``train_defaults`` holds settings ``train`` uses for this
    kind when the caller passes none (empty: the general defaults).

    Every kind ends in ``output``, the ``nn.Linear`` from the decoder's features to the
    ``[V]`` logits. ``fresh`` is True for a model straight from its constructor and False once
    ``train`` has trained it or weights were loaded into it (``load_model``,
    ``load_state_dict``): ``train`` sets a fresh model's output bias from its training targets
    (:func:`seq2seq_lib.training.log_token_frequencies`), and never touches a trained one's.
    """

    train_defaults: ClassVar[dict[str, Any]] = {}
    output: nn.Linear

    def __init__(self, vocab: Vocabulary, max_output_len: int = DEFAULT_MAX_OUTPUT_LEN):
        super().__init__()
        self.vocab = check_vocabulary(vocab)
        self.max_output_len = check_int("max_output_len", max_output_len, 1, MAX_OUTPUT_LEN)
        self.fresh = True
        self.register_load_state_dict_post_hook(_no_longer_fresh)

    def config(self) -> dict[str, Any]:
        """The constructor's keyword arguments but ``vocab``: what a checkpoint rebuilds the model from."""
        return {"max_output_len": self.max_output_len}

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    def source_mask(self, src: torch.Tensor) -> torch.Tensor | None:
        """``[B, S]`` bool, True at real tokens, for right-padded sources; None when nothing is padded.

        Fixed-length sources (dates) give None, which costs nothing downstream; the
        variable-length tasks of the later notebooks pad with ``<PAD>``.
        """
        mask = src != self.vocab.pad_id
        return None if bool(mask.all()) else mask

    def encode(self, src: torch.Tensor, mask: torch.Tensor | None = None) -> tuple[torch.Tensor, Any]:
        """Source ids ``[B, S]`` -> (memory ``[B, S, H]``, the encoder's final state)."""
        raise NotImplementedError

    def initial_state(self, encoder_state: Any) -> Any:
        """The decoder's state before its first step."""
        raise NotImplementedError

    def step(
        self, tokens: torch.Tensor, state: Any, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, Any, torch.Tensor | None]:
        """One decoder step: (logits ``[B, V]``, new state, attention ``[B, S]`` or None).

        Args:
            tokens: ``[B]`` the previous output token (``<GO>`` at the first step).
            state: the decoder state (for the LSTM models (s, m), each ``[1, B, H]``).
            memory: encoder outputs ``[B, S, H]``.
            mask: ``[B, S]`` source mask from :meth:`source_mask`, or None.
        """
        raise NotImplementedError

    def reorder_state(self, state: Any, rows: torch.Tensor) -> Any:
        """Row ``i`` of the result is row ``rows[i]`` of ``state``."""
        raise NotImplementedError

    def teacher_forced_logits(
        self, decoder_inputs: torch.Tensor, state: Any, memory: torch.Tensor, mask: torch.Tensor | None = None
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
        pass). Below 1, each row feeds back its own previous prediction instead of the
        truth with probability ``1 - teacher_forcing`` at every step (scheduled sampling,
        Bengio et al. 2015); this needs the step-by-step loop.
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
                tokens = torch.where(use_truth[:, t + 1], decoder_inputs[:, t + 1], logits.argmax(dim=-1))
        return torch.stack(all_logits, dim=1)

    def run_steps(
        self, decoder_inputs: torch.Tensor, state: Any, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """The teacher-forced logits ``[B, U, V]`` computed one :meth:`step` at a time (the slow, plain way)."""
        logits = []
        for t in range(decoder_inputs.shape[1]):
            step_logits, state, _ = self.step(decoder_inputs[:, t], state, memory, mask)
            logits.append(step_logits)
        return torch.stack(logits, dim=1)


def _no_longer_fresh(model: EncoderDecoder, incompatible_keys: Any) -> None:
    model.fresh = False  # weights were loaded into it: they are somebody's training


def open_forget_gates(lstm: nn.LSTM, bias: float = 1.0) -> None:
    """Add ``bias`` to the forget gate's input bias of every layer (PyTorch orders gates i, f, g, o)."""
    with torch.no_grad():
        for name, parameter in lstm.named_parameters():
            if name.startswith("bias_ih"):
                units = parameter.shape[0] // 4
                parameter[units : 2 * units] += bias


class LSTMEncoderDecoder(EncoderDecoder):
    """What the two LSTM models share: embeddings, the LSTM encoder and decoder.

    Args:
        vocab: the task's :class:`Vocabulary` (kept on the model, so a saved checkpoint
            can translate on its own).
        embedding_dim: size of the token embeddings (article: 16).
        units: LSTM hidden size H (article: 32).
        max_output_len: longest output, ``<EOS>`` included.
        decoder_reads_context: the decoder LSTM reads ``[embedding; c_t]`` per step
            (``E + H`` features) instead of the embedding alone.
        bidirectional: the encoder reads the source twice, left to right and right to left
            (Bahdanau et al. 2015; Schuster and Paliwal 1997), so the state at position j
            knows the tokens after j too. Each direction has ``units`` units; their final
            states are combined for the decoder by :meth:`merge_directions`.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedding_dim: int = 16,
        units: int = 32,
        max_output_len: int = DEFAULT_MAX_OUTPUT_LEN,
        decoder_reads_context: bool = False,
        bidirectional: bool = False,
    ):
        super().__init__(vocab, max_output_len)
        self.embedding_dim = check_int("embedding_dim", embedding_dim, 1, MAX_EMBEDDING_DIM)
        self.units = check_int("units", units, 1, MAX_UNITS)
        self.bidirectional = check_bool("bidirectional", bidirectional)

        self.encoder_embedding = nn.Embedding(len(vocab), self.embedding_dim)
        self.encoder = nn.LSTM(self.embedding_dim, self.units, batch_first=True, bidirectional=self.bidirectional)
        self.decoder_embedding = nn.Embedding(len(vocab), self.embedding_dim)
        decoder_input_size = self.embedding_dim + (self.units if decoder_reads_context else 0)
        self.decoder = nn.LSTM(decoder_input_size, self.units, batch_first=True)
        # The article draws embeddings from N(0, 0.1) rather than PyTorch's N(0, 1).
        nn.init.normal_(self.encoder_embedding.weight, mean=0.0, std=0.1)
        nn.init.normal_(self.decoder_embedding.weight, mean=0.0, std=0.1)
        # Forget gates start open: +1 on their bias (Jozefowicz et al., 2015), so both LSTMs
        # begin by keeping their cell state. With the label smoothing `train` uses, this took
        # the plain model to 99% held-out exact match in a median of 4 epochs over seeds 0-19
        # instead of 4.5, the worst seed 5-6 instead of 7 (benchmarks/README.md). It draws no
        # random numbers, so every other weight starts as it would without it.
        for lstm in (self.encoder, self.decoder):
            open_forget_gates(lstm)
        # The decoder has H units; a bidirectional encoder ends with two states of H each.
        # s_0 = tanh(W_s [h_fwd; h_bwd] + b_s) and m_0 = W_m [m_fwd; m_bwd] + b_m: learned maps
        # of the concatenation, so the model chooses what of each direction the decoder starts
        # from (a sum would pair unit i of one direction with unit i of the other, a pairing
        # nothing in training asks for). tanh keeps s_0 in (-1, 1), where an LSTM's hidden
        # state always lies; a cell state has no such bound, so m_0 has none. Only built when
        # asked for: a one-way model draws exactly the random numbers it drew before.
        if self.bidirectional:
            self.bridge_hidden = nn.Linear(2 * self.units, self.units)
            self.bridge_cell = nn.Linear(2 * self.units, self.units)

    def config(self) -> dict[str, Any]:
        # ``bidirectional`` is new: a config saved before it (without the key) builds the one-way model.
        return {
            "embedding_dim": self.embedding_dim,
            "units": self.units,
            "bidirectional": self.bidirectional,
            **super().config(),
        }

    def encode(self, src: torch.Tensor, mask: torch.Tensor | None = None) -> tuple[torch.Tensor, State]:
        """Source ids ``[B, S]`` -> (outputs h_1..h_S ``[B, S, H]``, (h_S, m_S) each ``[1, B, H]``).

        With a ``mask`` (right padding), the LSTM skips each row's padding, so h_S is
        the state after that row's last real token and padded outputs are zeros.

        Bidirectional: outputs ``[B, S, 2H]``, h_j = [h_fwd_j; h_bwd_j] (the backward LSTM
        reads from each row's last real token, padding skipped, back to its first), and the
        final state holds both directions, each ``[2, B, H]`` (forward, then backward: after
        the last token and after the first one).
        """
        embedded = self.encoder_embedding(src)  # [B, S, E]
        # nn.LSTM starts from zeros on the input's own device when no state is given,
        # so there is no torch.zeros(...) on the CPU to break GPU runs.
        if mask is None:
            return self.encoder(embedded)
        lengths = mask.sum(dim=1).cpu()  # pack_padded_sequence wants lengths on the CPU
        packed = nn.utils.rnn.pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        outputs, final_state = self.encoder(packed)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True, total_length=src.shape[1])
        return outputs, final_state

    def merge_directions(self, encoder_state: State) -> State:
        """A bidirectional encoder's final states ``[2, B, H]`` -> one ``[1, B, H]`` state for the decoder.

        s_0 = tanh(W_s [h_fwd; h_bwd] + b_s), m_0 = W_m [m_fwd; m_bwd] + b_m. A one-way
        encoder's state is returned as it is.
        """
        if not self.bidirectional:
            return encoder_state
        h, m = (torch.cat([part[0], part[1]], dim=-1) for part in encoder_state)  # each [B, 2H]
        return torch.tanh(self.bridge_hidden(h)).unsqueeze(0), self.bridge_cell(m).unsqueeze(0)

    def initial_state(self, encoder_state: State) -> State:
        """The decoder's starting state (s_0, m_0): the encoder's (h_S, m_S) (both directions merged)."""
        return self.merge_directions(encoder_state)

    def reorder_state(self, state: State, rows: torch.Tensor) -> State:
        return tuple(part.index_select(1, rows) for part in state)  # h and m are [1, B, H]


class Seq2Seq(LSTMEncoderDecoder):
    """The article's plain LSTM encoder-decoder: the decoder starts from the encoder's final state.

    Args:
        vocab, embedding_dim, units, max_output_len, bidirectional: as for :class:`LSTMEncoderDecoder`.
        transform_context: False (the article's code): C = h_S, the decoder starts from
            (h_S, m_S). True: C = W_h h_S + b_h, one learned linear map applied to the
            encoder's final hidden state (the article's second option); the cell state
            m_S is passed on unchanged.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedding_dim: int = 16,
        units: int = 32,
        transform_context: bool = False,
        max_output_len: int = DEFAULT_MAX_OUTPUT_LEN,
        bidirectional: bool = False,
    ):
        super().__init__(vocab, embedding_dim, units, max_output_len, bidirectional=bidirectional)
        self.transform_context = check_bool("transform_context", transform_context)
        self.context_map = nn.Linear(self.units, self.units) if self.transform_context else None
        self.output = nn.Linear(self.units, len(vocab))

    def config(self) -> dict[str, Any]:
        return {**super().config(), "transform_context": self.transform_context}

    def initial_state(self, encoder_state: State) -> State:
        h, m = self.merge_directions(encoder_state)
        if self.context_map is not None:
            h = self.context_map(h)  # C = W_h h_S + b_h
        return h, m

    def step(self, tokens, state, memory, mask=None):
        out, state = self.decoder(self.decoder_embedding(tokens).unsqueeze(1), state)  # out: [B, 1, H]
        return self.output(out.squeeze(1)), state, None

    def teacher_forced_logits(self, decoder_inputs, state, memory, mask=None):
        out, _ = self.decoder(self.decoder_embedding(decoder_inputs), state)  # [B, U, H]
        return self.output(out)


class AttentionSeq2Seq(LSTMEncoderDecoder):
    """The article's attention model, and Bahdanau's variant of it.

    At step t: e_{t,j} = score(s_{t-1}, h_j), alpha = softmax(e), c_t = sum_j alpha_{t,j} h_j;
    the LSTM then advances to s_t from the previous token, and the output layer reads
    ``[c_t; s_t]`` (``2H`` features).

    Args:
        vocab, embedding_dim, units, max_output_len: as for :class:`LSTMEncoderDecoder`.
        bidirectional: a bidirectional encoder (see :class:`LSTMEncoderDecoder`). Attention
            then reads both directions' states, h_j = [h_fwd_j; h_bwd_j] ``[2H]``, through one
            learned map to ``H`` features: memory P h_j ``[B, S, H]``.
        score: ``"general"`` (the article's: s_{t-1} . (W h_j + b)), ``"dot"`` or ``"additive"``.
        feed_context: False (the article's): the context goes only to the output layer.
            True (Bahdanau et al. 2015): the LSTM also reads it, [embedding(y_{t-1}); c_t],
            so what the decoder attended to shapes its next state.
    """

    def __init__(
        self,
        vocab: Vocabulary,
        embedding_dim: int = 16,
        units: int = 32,
        score: str = "general",
        max_output_len: int = DEFAULT_MAX_OUTPUT_LEN,
        feed_context: bool = False,
        bidirectional: bool = False,
    ):
        check_choice("score", score, SCORES)
        feed_context = check_bool("feed_context", feed_context)
        super().__init__(
            vocab, embedding_dim, units, max_output_len, decoder_reads_context=feed_context, bidirectional=bidirectional
        )
        self.score_name = score
        self.feed_context = feed_context
        self.score = make_score(score, self.units)
        self.output = nn.Linear(2 * self.units, len(vocab))
        # Memory P h_j [B, S, H] rather than h_j [B, S, 2H]: every score (the dot score needs
        # keys of the query's size), the context c_t [H], the output layer's [c_t; s_t] and
        # feed_context stay as they are for both encoders, at the cost of one 2H x H map. No
        # bias: a constant added to every key would only add a constant to c_t.
        self.memory_map = nn.Linear(2 * self.units, self.units, bias=False) if self.bidirectional else None

    def config(self) -> dict[str, Any]:
        return {**super().config(), "score": self.score_name, "feed_context": self.feed_context}

    def encode(self, src: torch.Tensor, mask: torch.Tensor | None = None) -> tuple[torch.Tensor, State]:
        """As :meth:`LSTMEncoderDecoder.encode`; a bidirectional memory is mapped to ``[B, S, H]``."""
        memory, encoder_state = super().encode(src, mask)
        if self.memory_map is not None:
            memory = self.memory_map(memory)  # [B, S, 2H] -> [B, S, H]; padded rows stay 0
        return memory, encoder_state

    def attend(
        self, query: torch.Tensor, memory: torch.Tensor, mask: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """query ``[B, H]`` (or ``[B, U, H]``) -> (context ``[B, H]``, alpha ``[B, S]``) (or with U)."""
        alpha = attention_weights(self.score(query, memory), mask)
        return context_vector(alpha, memory), alpha

    def step(self, tokens, state, memory, mask=None):
        context, alpha = self.attend(state[0][0], memory, mask)  # query: s_{t-1} [B, H]
        lstm_input = self.decoder_embedding(tokens)  # [B, E]
        if self.feed_context:
            lstm_input = torch.cat([lstm_input, context], dim=-1)  # [B, E + H]
        out, state = self.decoder(lstm_input.unsqueeze(1), state)  # out: [B, 1, H] = s_t
        logits = self.output(torch.cat([context, out.squeeze(1)], dim=-1))  # from [c_t; s_t]
        return logits, state, alpha

    def teacher_forced_attention(self, decoder_inputs, state, memory, mask=None):
        """(decoder states s_1..s_U ``[B, U, H]``, contexts ``[B, U, H]``, alpha ``[B, U, S]``).

        Only for ``feed_context=False``: the LSTM's inputs are then known in advance.
        """
        states, _ = self.decoder(self.decoder_embedding(decoder_inputs), state)  # s_1..s_U
        queries = torch.cat([state[0].transpose(0, 1), states[:, :-1]], dim=1)  # s_0..s_{U-1}
        context, alpha = self.attend(queries, memory, mask)
        return states, context, alpha

    def teacher_forced_logits(self, decoder_inputs, state, memory, mask=None):
        if self.feed_context:  # each step reads the context of the state before it
            return self.run_steps(decoder_inputs, state, memory, mask)
        states, context, _ = self.teacher_forced_attention(decoder_inputs, state, memory, mask)
        return self.output(torch.cat([context, states], dim=-1))
