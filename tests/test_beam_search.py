"""Beam search: exact against exhaustive search on tiny models, greedy at width 1, batched = one by one.

The tiny models have a five-token vocabulary (``<PAD> <EOS> <GO> a b``) and outputs of
at most 3 or 4 tokens, so every possible output can be listed and scored. As greedy
decoding does, beam search may generate any token of the output layer (``<PAD>`` and
``<GO>`` too) and only ``<EOS>`` ends an output; so an output is any run of non-``<EOS>``
tokens ended by ``<EOS>``, or ``max_output_len`` non-``<EOS>`` tokens.
"""

from __future__ import annotations

import functools
import itertools

import pytest
import torch
import torch.nn.functional as F

from seq2seq_lib import AttentionSeq2Seq, DateDataset, Seq2Seq, Vocabulary, greedy_decode, set_seed, train, translate
from seq2seq_lib.decoding import Hypothesis, beam_decode, beam_search, sequence_log_probs

TINY_VOCAB = Vocabulary(["a", "b", "<GO>", "<EOS>"])
A, B, PAD = TINY_VOCAB.token_to_id["a"], TINY_VOCAB.token_to_id["b"], TINY_VOCAB.pad_id
# Right-padded sources, so the attention model's mask is expanded to the beams too.
TINY_SOURCES = torch.tensor([[A, B, A, B], [B, B, A, PAD], [A, PAD, PAD, PAD]])

TINY_MODELS = {
    "plain": lambda: Seq2Seq(TINY_VOCAB, embedding_dim=3, units=4, max_output_len=4),
    "plain-context-map": lambda: Seq2Seq(
        TINY_VOCAB, embedding_dim=3, units=4, transform_context=True, max_output_len=3
    ),
    "attention-general": lambda: AttentionSeq2Seq(TINY_VOCAB, embedding_dim=3, units=4, max_output_len=4),
    "attention-dot": lambda: AttentionSeq2Seq(TINY_VOCAB, embedding_dim=3, units=4, score="dot", max_output_len=3),
    "attention-additive": lambda: AttentionSeq2Seq(
        TINY_VOCAB, embedding_dim=3, units=4, score="additive", max_output_len=3
    ),
}


def tiny_model(name: str, seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = TINY_MODELS[name]()
    # Larger weights than the default initialisation give peakier, more varied
    # distributions, where greedy and beam search disagree more often.
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(3.0)
    return model


def all_outputs(vocab: Vocabulary, max_len: int) -> list[tuple[int, ...]]:
    """Every output a decoder can produce: non-<EOS> tokens ended by <EOS>, or max_len of them."""
    others = [i for i in range(len(vocab)) if i != vocab.eos_id]
    outputs = [(*prefix, vocab.eos_id) for n in range(max_len) for prefix in itertools.product(others, repeat=n)]
    return outputs + list(itertools.product(others, repeat=max_len))


@torch.no_grad()
def score_outputs(model, src_row: torch.Tensor, outputs: list[tuple[int, ...]]) -> list[float]:
    """log p(output | source) of each output, fed token by token through ``model.step``.

    Written independently of the library's scoring: all outputs side by side as one
    batch, log probabilities summed in float64 up to each output's own length.
    """
    model.eval()
    n, width = len(outputs), max(map(len, outputs))
    targets = torch.tensor([[*o, *[model.vocab.pad_id] * (width - len(o))] for o in outputs])  # [N, L]
    lengths = torch.tensor([len(o) for o in outputs])
    src = src_row.unsqueeze(0).expand(n, -1)
    mask = model.source_mask(src)
    memory, encoder_state = model.encode(src, mask)
    state, tokens = model.initial_state(encoder_state), torch.full((n,), model.vocab.go_id)
    totals = torch.zeros(n, dtype=torch.float64)
    for t in range(width):
        logits, state, _ = model.step(tokens, state, memory, mask)
        log_probs = F.log_softmax(logits, dim=-1).double().gather(1, targets[:, t : t + 1]).squeeze(1)
        totals += torch.where(t < lengths, log_probs, 0.0)
        tokens = targets[:, t]
    return totals.tolist()


@functools.cache
def exhaustive_scores(name: str, seed: int) -> list[dict[tuple[int, ...], float]]:
    """For each tiny source, every possible output of ``tiny_model(name, seed)`` with its log prob."""
    model = tiny_model(name, seed)
    outputs = all_outputs(TINY_VOCAB, model.max_output_len)
    return [dict(zip(outputs, score_outputs(model, row, outputs), strict=True)) for row in TINY_SOURCES]


def assert_same_hypotheses(got: list[Hypothesis], expected: list[Hypothesis], tol: float = 1e-5) -> None:
    """Same scores in the same order; the same outputs, except that near-ties may swap."""
    assert [h.log_prob for h in got] == pytest.approx([h.log_prob for h in expected], abs=tol)
    scores = [h.log_prob for h in expected]
    for i, (a, b) in enumerate(zip(got, expected, strict=True)):
        gaps = [abs(scores[i] - scores[j]) for j in (i - 1, i + 1) if 0 <= j < len(scores)]
        if min(gaps, default=1.0) > 1e-4:
            assert a.ids == b.ids


# -- exact against exhaustive search ------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", list(TINY_MODELS))
def test_a_beam_as_wide_as_all_outputs_finds_every_output_with_its_exact_score(name, seed):
    model = tiny_model(name, seed)
    n_outputs = len(all_outputs(TINY_VOCAB, model.max_output_len))  # 85 for 3 tokens, 341 for 4
    results = beam_search(model, TINY_SOURCES, beam_width=n_outputs)
    for exact, hypotheses in zip(exhaustive_scores(name, seed), results, strict=True):
        assert len(hypotheses) == n_outputs
        assert {tuple(h.ids) for h in hypotheses} == set(exact)
        for h in hypotheses:
            assert h.log_prob == pytest.approx(exact[tuple(h.ids)], abs=1e-5)
        best_score = max(exact.values())
        assert hypotheses[0].log_prob == pytest.approx(best_score, abs=1e-5)
        runner_up = sorted(exact.values())[-2]
        if best_score - runner_up > 1e-5:  # a unique best: beam search must return that output
            assert tuple(hypotheses[0].ids) == max(exact, key=exact.get)


@pytest.mark.parametrize("beam_width", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("name", ["plain", "attention-general"])
def test_narrower_beams_report_the_exact_scores_of_their_outputs_best_first(name, beam_width):
    for seed in range(4):
        model = tiny_model(name, seed)
        results = beam_search(model, TINY_SOURCES, beam_width)
        for exact, hypotheses in zip(exhaustive_scores(name, seed), results, strict=True):
            assert len(hypotheses) == beam_width
            assert len({tuple(h.ids) for h in hypotheses}) == beam_width  # no output twice
            scores = [h.log_prob for h in hypotheses]
            assert scores == sorted(scores, reverse=True)
            for h in hypotheses:
                assert h.log_prob == pytest.approx(exact[tuple(h.ids)], abs=1e-5)
                assert h.text == TINY_VOCAB.decode(h.ids)
                assert h.ids[-1] == TINY_VOCAB.eos_id or len(h.ids) == model.max_output_len
            assert scores[0] <= max(exact.values()) + 1e-5


def test_greedy_is_not_always_optimal_and_a_wider_beam_can_find_better():
    """The reason for beam search, on tiny models: some seed has greedy below the best output."""
    found = 0
    for seed in range(12):
        model = tiny_model("plain", seed)
        greedy = beam_search(model, TINY_SOURCES, beam_width=1)
        wide = beam_search(model, TINY_SOURCES, beam_width=8)
        for g, w in zip(greedy, wide, strict=True):
            found += w[0].log_prob > g[0].log_prob + 1e-3
    assert found > 0


def test_beam_width_larger_than_the_number_of_outputs_returns_them_all():
    model = tiny_model("attention-dot", 0)  # max_output_len 3: 85 outputs
    results = beam_search(model, TINY_SOURCES, beam_width=500)
    assert [len(r) for r in results] == [85, 85, 85]
    assert all(h.log_prob > float("-inf") for r in results for h in r)


def test_sequence_log_probs_counts_up_to_eos_and_whole_rows_without_it():
    model = tiny_model("attention-general", 1)
    exact = exhaustive_scores("attention-general", 1)[1]
    eos = TINY_VOCAB.eos_id
    outputs = [(eos,), (A, B, eos), (B, PAD, A, eos), (A, A, A, A), (PAD, TINY_VOCAB.go_id, B, B)]
    # Rows padded after <EOS> with tokens that must not count (<PAD>, but also anything else).
    ids = torch.tensor([[*o, *[B] * (4 - len(o))] for o in outputs])
    scores = sequence_log_probs(model, TINY_SOURCES[1:2].expand(len(outputs), -1), ids)
    assert scores.tolist() == pytest.approx([exact[o] for o in outputs], abs=1e-5)


# -- width 1 is greedy decoding ------------------------------------------------------------
@pytest.fixture(scope="module")
def dates() -> DateDataset:
    return DateDataset(3000, seed=11)


@pytest.fixture(scope="module")
def briefly_trained(dates) -> dict[str, torch.nn.Module]:
    """A plain and an attention model after a couple of epochs: right on some dates, not all."""
    models = {}
    for name, cls, epochs in (("plain", Seq2Seq, 3), ("attention", AttentionSeq2Seq, 1)):
        set_seed(0)
        models[name] = cls(dates.vocab)
        train(models[name], DateDataset(2000, seed=3), epochs=epochs, progress=False)
    return models


def assert_width_one_is_greedy(model, src: torch.Tensor) -> None:
    greedy = greedy_decode(model, src)
    assert torch.equal(beam_decode(model, src, beam_width=1), greedy)  # same ids, same length
    best = beam_search(model, src, beam_width=1)
    greedy_log_probs = sequence_log_probs(model, src, greedy)
    for row, log_prob, (hypothesis,) in zip(greedy.tolist(), greedy_log_probs.tolist(), best, strict=True):
        assert hypothesis.ids == row[: len(hypothesis.ids)]
        assert all(t == model.vocab.pad_id for t in row[len(hypothesis.ids) :])
        # float32 sums of up to max_output_len terms: relative tolerance for long (untrained) outputs
        assert hypothesis.log_prob == pytest.approx(log_prob, rel=1e-5, abs=1e-4)


@pytest.mark.parametrize("cls", [Seq2Seq, AttentionSeq2Seq])
def test_width_one_equals_greedy_on_untrained_date_models(cls, dates):
    for seed in range(3):
        set_seed(seed)
        assert_width_one_is_greedy(cls(dates.vocab), torch.as_tensor(dates.x))


@pytest.mark.parametrize("name", ["plain", "attention"])
def test_width_one_equals_greedy_on_trained_date_models(name, briefly_trained, dates):
    model = briefly_trained[name]
    assert_width_one_is_greedy(model, torch.as_tensor(dates.x))
    assert translate(model, dates.date_cn[:50], beam_width=1) == translate(model, dates.date_cn[:50])


@pytest.mark.parametrize("name", list(TINY_MODELS))
def test_width_one_equals_greedy_on_tiny_models(name):
    for seed in range(5):
        assert_width_one_is_greedy(tiny_model(name, seed), TINY_SOURCES)


# -- batching, modes, the translate entry point -----------------------------------------------
@pytest.mark.parametrize("name", list(TINY_MODELS))
def test_tiny_batched_results_equal_one_at_a_time(name):
    model = tiny_model(name, 3)
    batched = beam_search(model, TINY_SOURCES, beam_width=6)
    for i, hypotheses in enumerate(batched):
        assert_same_hypotheses(hypotheses, beam_search(model, TINY_SOURCES[i : i + 1], beam_width=6)[0])


@pytest.mark.parametrize("name", ["plain", "attention"])
def test_date_batched_results_equal_one_at_a_time(name, briefly_trained, dates):
    model = briefly_trained[name]
    src = torch.as_tensor(dates.x[:12])
    batched = beam_search(model, src, beam_width=4)
    for i, hypotheses in enumerate(batched):
        assert_same_hypotheses(hypotheses, beam_search(model, src[i : i + 1], beam_width=4)[0])
    assert [h[0].text for h in batched] == translate(model, dates.date_cn[:12], beam_width=4)


@pytest.mark.parametrize("name", ["plain", "attention"])
def test_wider_beams_find_outputs_the_model_scores_higher_on_average(name, briefly_trained, dates):
    model = briefly_trained[name]
    src = torch.as_tensor(dates.x[:500])
    greedy = sequence_log_probs(model, src, greedy_decode(model, src))
    beam = torch.tensor([h[0].log_prob for h in beam_search(model, src, beam_width=5)])
    assert beam.mean() >= greedy.mean()
    assert sequence_log_probs(model, src, beam_decode(model, src, 5)) == pytest.approx(beam, abs=1e-4)


def test_runs_without_autograd_in_eval_mode_and_restores_the_mode():
    model = tiny_model("attention-general", 0)
    seen = []
    model.decoder.register_forward_hook(
        lambda module, args, out: seen.append((module.training, torch.is_grad_enabled()))
    )
    model.train()
    assert not beam_decode(model, TINY_SOURCES, beam_width=3).requires_grad
    assert model.training and seen and set(seen) == {(False, False)}
    model.eval()
    beam_search(model, TINY_SOURCES, beam_width=3)
    assert not model.training


def must_not_decode(*args, **kwargs):
    raise AssertionError("decoding started before the arguments were validated")


@pytest.mark.parametrize("bad", [0, -2, 1.0, 2.5, True, "3", None])
def test_beam_width_must_be_a_positive_int(bad, dates, monkeypatch):
    model = tiny_model("plain", 0)
    with pytest.raises(ValueError, match="beam_width"):
        beam_search(model, TINY_SOURCES, beam_width=bad)
    date_model = Seq2Seq(dates.vocab)
    monkeypatch.setattr("seq2seq_lib.decoding.greedy_decode", must_not_decode)  # nothing may be decoded
    monkeypatch.setattr("seq2seq_lib.decoding.beam_decode", must_not_decode)
    with pytest.raises(ValueError, match="beam_width"):
        translate(date_model, ["24-03-05"], beam_width=bad)
    with pytest.raises(ValueError, match="beam_width"):
        translate(date_model, "24-03-05", beam_width=bad)


def test_translate_with_a_beam_validates_dates_first(dates, monkeypatch):
    model = Seq2Seq(dates.vocab)
    monkeypatch.setattr("seq2seq_lib.decoding.beam_decode", must_not_decode)
    with pytest.raises(ValueError, match="'24-13-05'"):
        translate(model, ["24-03-05", "24-13-05"], beam_width=3)
    with pytest.raises(ValueError, match="'2024-03-05'"):
        translate(model, "2024-03-05", beam_width=3)


def test_translate_with_a_beam_keeps_str_in_str_out(briefly_trained):
    model = briefly_trained["attention"]
    assert isinstance(translate(model, "24-03-05", beam_width=3), str)
    assert translate(model, ["24-03-05", "85-12-14"], beam_width=3, batch_size=1) == translate(
        model, ["24-03-05", "85-12-14"], beam_width=3
    )


@pytest.mark.parametrize(
    "src", [torch.zeros(3, 4), torch.tensor([A, B]), torch.empty(0, 4, dtype=torch.long), [[A, B]]]
)
def test_beam_search_rejects_bad_sources(src):
    with pytest.raises(ValueError, match="src"):
        beam_search(tiny_model("plain", 0), src, beam_width=2)
