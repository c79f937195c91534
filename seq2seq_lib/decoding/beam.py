"""Beam search: keep the k most likely partial outputs instead of only the best one.

Greedy decoding commits to the single most likely token at every step. An early
token that looks best on its own can lead to a continuation the model dislikes, and
greedy cannot go back. Beam search keeps ``k`` hypotheses (the *beam*) alive at every
step, expands each by every token of the vocabulary, and keeps the ``k`` best of the
``k * V`` candidates by their sequence log probability

    log p(y | x) = sum_t log softmax(logits_t)[y_t]        (<EOS> included).

Scores are plain sums: there is **no length normalisation**. A longer output adds
more negative terms, so summed scores favour short outputs; many translation systems
divide by a length penalty for that reason. Every correct date has the same length
(10 tokens), so it would change little here; and with plain sums a score can only go
down as a hypothesis grows, which is what makes the early stop below exact.

How hypotheses end, step by step:

- the ``k`` best candidates of the step are the step's beam; those ending in
  ``<EOS>`` are finished and move, with their score, to the input's pool of finished
  hypotheses (which keeps the ``k`` best);
- the next step continues from the ``k`` best candidates that do *not* end in
  ``<EOS>``, so the search stays ``k`` wide;
- an input is done when its pool holds ``k`` hypotheses and the best live one already
  scores no higher than the pool's worst (extending it can only lower its score);
- at ``model.max_output_len`` the step's ``k`` best candidates are final, with or
  without ``<EOS>``: greedy decoding also stops there.

As in :func:`~seq2seq_lib.decoding.greedy.greedy_decode`, every token the output layer has
may be generated (``<PAD>`` and ``<GO>`` included; a trained model gives them almost
no probability), and only ``<EOS>`` ends a hypothesis. Ties are broken the way
``argmax`` breaks them: towards the larger logit, then the smaller token id. With
these rules a beam of width 1 is greedy decoding, token for token.

Everything is batched: the ``B`` inputs times ``k`` beams are ``B * k`` rows of one
tensor (row ``b * k + j`` is beam ``j`` of input ``b``), and after every step the
decoder state is reordered with ``index_select`` so that each row holds the state of
the hypothesis it now continues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F

from ..i18n import tr
from ..models import EncoderDecoder
from ..validation import ArgumentError, check_int
from .greedy import check_source_ids, check_token_ids

MAX_BEAM_WIDTH = 1000
# Memory grows with batch x width: inputs are searched in chunks of at most this many rows
# (inputs x beams), so that any batch and any width fit in a laptop's memory.
MAX_BEAM_ROWS = 16_384


@dataclass(frozen=True)
class Hypothesis:
    """One output of beam search.

    Attributes:
        text: the decoded output (``<EOS>``, ``<GO>`` and ``<PAD>`` left out, as in
            :meth:`Vocabulary.decode`).
        ids: the generated token ids, ``<EOS>`` included when it was generated.
        log_prob: log p(ids | source), the sum of the tokens' log-softmax scores.
    """

    text: str
    ids: list[int]
    log_prob: float


@dataclass
class _Pool:
    """The ``k`` best finished hypotheses of every input, best first.

    tokens ``[B, k, L]`` (``<PAD>`` after the end), lengths ``[B, k]``, scores ``[B, k]``
    (``-inf`` marks an empty slot).
    """

    tokens: torch.Tensor
    lengths: torch.Tensor
    scores: torch.Tensor


def check_beam_width(beam_width: object) -> int:
    """Return ``beam_width`` if it is an integer from 1 (greedy decoding) to ``MAX_BEAM_WIDTH``."""
    return check_int("beam_width", beam_width, 1, MAX_BEAM_WIDTH)


def _expand_to_beams(tensor: torch.Tensor | None, beam_width: int) -> torch.Tensor | None:
    """Repeat each input's row ``beam_width`` times: ``[B, ...]`` -> ``[B * k, ...]``."""
    return None if tensor is None else tensor.repeat_interleave(beam_width, dim=0)


class _Candidates(NamedTuple):
    """All ``k * V`` candidates of each input, best first; each field ``[B, k * V]``."""

    beam: torch.Tensor  # the beam (0..k-1) the candidate extends
    token: torch.Tensor  # the token it appends
    score: torch.Tensor  # its log probability: the beam's score + the token's log prob


def _rank_candidates(scores: torch.Tensor, logits: torch.Tensor) -> _Candidates:
    """Sort the candidates ``[B, k, V]`` of each input, best first.

    Args:
        scores: ``[B, k, V]`` candidate log probabilities (beam score + token log prob).
        logits: ``[B, k, V]`` the step's logits, used to break ties like ``argmax``.
    """
    batch, beams, vocab = scores.shape
    # Within each beam, list the tokens by logit (a stable sort keeps equal logits in id
    # order, as argmax does). A score is a non-decreasing function of the logit, even
    # after float rounding, so each beam's row is then already sorted, and a stable sort
    # of the flattened rows keeps that order on ties: a beam of width 1 picks
    # argmax(logits) even where two log-softmax values round to the same float.
    by_logit = logits.argsort(dim=-1, descending=True, stable=True)  # [B, k, V]
    flat_scores = scores.gather(-1, by_logit).reshape(batch, beams * vocab)
    order = flat_scores.argsort(dim=-1, descending=True, stable=True)  # [B, k * V]
    return _Candidates(
        beam=order // vocab,
        token=by_logit.reshape(batch, beams * vocab).gather(-1, order),
        score=flat_scores.gather(-1, order),
    )


def _gather_beams(tensor: torch.Tensor, beams: torch.Tensor) -> torch.Tensor:
    """``tensor [B, m, T]``, indices ``[B, n]`` into its m rows -> ``[B, n, T]``: the chosen rows."""
    return tensor.gather(1, beams.unsqueeze(-1).expand(-1, -1, tensor.shape[-1]))


def _merge_into_pool(pool: _Pool, tokens: torch.Tensor, lengths: torch.Tensor, scores: torch.Tensor) -> _Pool:
    """Keep the ``k`` best of the pool and the newly finished ``[B, k]`` hypotheses.

    The pool comes first, so on equal scores the hypothesis found earlier stays.
    """
    beams = pool.scores.shape[1]
    all_scores = torch.cat([pool.scores, scores], dim=1)  # [B, 2k]
    keep = all_scores.argsort(dim=1, descending=True, stable=True)[:, :beams]  # [B, k]
    all_tokens = torch.cat([pool.tokens, tokens], dim=1)  # [B, 2k, L]
    return _Pool(
        tokens=_gather_beams(all_tokens, keep),
        lengths=torch.cat([pool.lengths, lengths], dim=1).gather(1, keep),
        scores=all_scores.gather(1, keep),
    )


@torch.no_grad()
def _search(model: EncoderDecoder, src: torch.Tensor, beam_width: int) -> _Pool:
    """The batched search over source ids ``[B, S]``: each input's ``k`` best hypotheses."""
    vocab = model.vocab
    batch, k, max_len = src.shape[0], beam_width, model.max_output_len
    device = src.device
    first_row = torch.arange(batch, device=device).unsqueeze(1) * k  # [B, 1]: row of each input's beam 0

    mask = model.source_mask(src)
    memory, encoder_state = model.encode(src, mask)
    # Every beam of an input reads the same source. Reordering hypotheses only moves rows
    # among the beams of one input, whose memory and mask rows are identical, so these
    # are expanded once and never reordered; only the decoder state must follow.
    memory = _expand_to_beams(memory, k)  # [B * k, S, H]
    mask = _expand_to_beams(mask, k)  # [B * k, S] or None
    beams_of_input = torch.arange(batch, device=device).repeat_interleave(k)  # [B * k]: 0 0 .. 1 1 ..
    state = model.reorder_state(model.initial_state(encoder_state), beams_of_input)

    tokens = torch.full((batch * k,), vocab.go_id, dtype=torch.long, device=device)  # [B * k]
    # The k beams of an input start as the same <GO>. Only beam 0 is alive (score 0, the
    # others -inf), or the first step would offer k copies of every candidate.
    live_scores = torch.full((batch, k), float("-inf"), device=device)  # [B, k]
    live_scores[:, 0] = 0.0
    live_tokens = torch.empty((batch, k, 0), dtype=torch.long, device=device)  # [B, k, step - 1]
    pool = _Pool(
        tokens=torch.full((batch, k, max_len), vocab.pad_id, dtype=torch.long, device=device),
        lengths=torch.zeros((batch, k), dtype=torch.long, device=device),
        scores=torch.full((batch, k), float("-inf"), device=device),
    )
    done = torch.zeros(batch, dtype=torch.bool, device=device)

    for step in range(1, max_len + 1):
        logits, state, _ = model.step(tokens, state, memory, mask)  # [B * k, V]
        logits = logits.float().view(batch, k, -1)  # [B, k, V]
        ranked = _rank_candidates(live_scores.unsqueeze(-1) + F.log_softmax(logits, dim=-1), logits)

        # 1. The step's k best candidates: those ending in <EOS> are finished (at the last
        #    step all of them are). A -inf score is the child of a dead beam: skip it. (An
        #    input that is done needs no mask here: its new candidates score no higher
        #    than the pool's worst, and on a tie the pool keeps what it has.)
        top_beam, top_token, top_score = ranked.beam[:, :k], ranked.token[:, :k], ranked.score[:, :k]
        finished = torch.full_like(top_token, step == max_len, dtype=torch.bool) | (top_token == vocab.eos_id)
        finished &= torch.isfinite(top_score)
        histories = torch.cat([_gather_beams(live_tokens, top_beam), top_token.unsqueeze(-1)], dim=2)  # [B, k, step]
        pool = _merge_into_pool(
            pool,
            tokens=F.pad(histories, (0, max_len - step), value=vocab.pad_id),
            lengths=torch.full_like(top_token, step),
            scores=top_score.masked_fill(~finished, float("-inf")),
        )
        if step == max_len:
            break

        # 2. Continue from the k best candidates that do not end in <EOS>. A stable sort
        #    on "is <EOS>" moves those to the back and keeps the ranking of the others;
        #    there are always enough others, k * (V - 1) >= k.
        keep = (ranked.token == vocab.eos_id).to(torch.int8).argsort(dim=1, stable=True)[:, :k]  # [B, k]
        beam, token = ranked.beam.gather(1, keep), ranked.token.gather(1, keep)
        live_scores = ranked.score.gather(1, keep)
        live_tokens = torch.cat([_gather_beams(live_tokens, beam), token.unsqueeze(-1)], dim=2)
        state = model.reorder_state(state, (first_row + beam).reshape(-1))  # each row takes its parent's state
        tokens = token.reshape(-1)

        # Scores only fall as a hypothesis grows: once an input's pool is full and no live
        # hypothesis beats its worst entry, nothing better can come for that input.
        done |= pool.scores[:, -1] >= live_scores.max(dim=1).values
        if bool(done.all()):  # one host sync per step, as in greedy_decode
            break
    return pool


def _run(model: EncoderDecoder, src: torch.Tensor, beam_width: int) -> _Pool:
    """Validate, search in eval mode, and restore the model's mode."""
    check_source_ids(src, model)
    check_beam_width(beam_width)
    was_training = model.training
    model.eval()
    try:
        chunks = src.split(max(1, MAX_BEAM_ROWS // beam_width))
        pools = [_search(model, chunk, beam_width) for chunk in chunks]
    finally:
        model.train(was_training)
    return _Pool(*(torch.cat(parts) for parts in zip(*((p.tokens, p.lengths, p.scores) for p in pools), strict=True)))


def beam_search(model: EncoderDecoder, src: torch.Tensor, beam_width: int = 5) -> list[list[Hypothesis]]:
    """The ``beam_width`` best outputs of every input, with their log probabilities.

    Args:
        model: a model of any kind (run in eval mode, without autograd; its mode is
            restored afterwards).
        src: source ids ``[B, S]`` on the model's device.
        beam_width: k, the number of hypotheses kept at every step (1: greedy decoding).

    Returns:
        One list per input of up to k :class:`Hypothesis`, best (highest ``log_prob``)
        first. Fewer than k only when fewer outputs exist at all (a tiny vocabulary
        and a short ``max_output_len``). ``log_prob`` is the plain sum of the tokens'
        log probabilities, ``<EOS>`` included, without length normalisation.
    """
    pool = _run(model, src, beam_width)
    results = []
    for tokens, lengths, scores in zip(pool.tokens.tolist(), pool.lengths.tolist(), pool.scores.tolist(), strict=True):
        results.append(
            [
                Hypothesis(text=model.vocab.decode(row[:n]), ids=row[:n], log_prob=score)
                for row, n, score in zip(tokens, lengths, scores, strict=True)
                if score != float("-inf")
            ]
        )
    return results


def beam_decode(model: EncoderDecoder, src: torch.Tensor, beam_width: int = 5) -> torch.Tensor:
    """The best output of every input, as :func:`~seq2seq_lib.decoding.greedy_decode` returns it.

    Args:
        model, src, beam_width: as for :func:`beam_search`.

    Returns:
        ids ``[B, L]``: each input's best hypothesis, ``<EOS>`` included, ``<PAD>`` after
        it; L is the longest of them (<= ``model.max_output_len``).
    """
    pool = _run(model, src, beam_width)
    return pool.tokens[:, 0, : int(pool.lengths[:, 0].max())]


@torch.no_grad()
def sequence_log_probs(model: EncoderDecoder, src: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """log p(ids | src) of given outputs, by feeding them to the decoder (teacher forcing).

    Args:
        model: a model of any kind.
        src: source ids ``[B, S]``.
        ids: outputs ``[B, L]`` without ``<GO>``, e.g. from ``greedy_decode`` or a
            dataset's ``y[:, 1:]``. Each row counts up to its first ``<EOS>``, included;
            what follows (padding) is ignored. A row without ``<EOS>`` counts whole.

    Returns:
        ``[B]`` float32: the sum of the tokens' log-softmax scores, the same quantity
        beam search ranks by.
    """
    check_source_ids(src, model)
    check_token_ids("ids", ids, model.vocab)
    if ids.shape[0] != src.shape[0]:
        raise ArgumentError(
            tr(
                "{name} must be [batch, length] with the batch of src {src_shape}, got {shape}",
                name="ids",
                src_shape=tuple(src.shape),
                shape=tuple(ids.shape),
            )
        )
    was_training = model.training
    model.eval()
    try:
        # Known outputs are what teacher forcing feeds: one vectorised pass scores them all.
        go = torch.full_like(ids[:, :1], model.vocab.go_id)
        logits = model(src, torch.cat([go, ids[:, :-1]], dim=1))  # [B, L, V]
    finally:
        model.train(was_training)
    token_log_probs = F.log_softmax(logits.float(), dim=-1).gather(2, ids.unsqueeze(-1)).squeeze(-1)  # [B, L]
    # Count each row up to its first <EOS>, included: positions after an earlier <EOS> drop out.
    is_eos = (ids == model.vocab.eos_id).long()
    after_eos = (is_eos.cumsum(dim=1) - is_eos) > 0
    return token_log_probs.masked_fill(after_eos, 0.0).sum(dim=1)
