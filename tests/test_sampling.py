"""Sampling: greedy at top_k=1 and as T -> 0, the right distribution over whole outputs, clean refusals.

The distribution test samples a tiny model many times and compares the share of each
whole output with its probability under the sampling process, computed independently:
the tokens' tempered, top-k-cut probabilities multiplied along the output, from the
teacher-forced logits of the same model.
"""

from __future__ import annotations

import itertools

import pytest
import torch

from seq2seq_lib import (
    AttentionSeq2Seq,
    DateDataset,
    Seq2Seq,
    TransformerSeq2Seq,
    Vocabulary,
    greedy_decode,
    set_seed,
    train,
)
from seq2seq_lib.decoding import sample_decode, sampling_probs
from seq2seq_lib.decoding import sampling as sampling_module

TINY_VOCAB = Vocabulary(["a", "b", "<GO>", "<EOS>"])
A, B, PAD, EOS = TINY_VOCAB.token_to_id["a"], TINY_VOCAB.token_to_id["b"], TINY_VOCAB.pad_id, TINY_VOCAB.eos_id
TINY_SOURCES = torch.tensor([[A, B, A, B], [B, B, A, PAD], [A, PAD, PAD, PAD]])
TINY_MODELS = {
    "plain": lambda: Seq2Seq(TINY_VOCAB, embedding_dim=3, units=4, max_output_len=4),
    "attention": lambda: AttentionSeq2Seq(TINY_VOCAB, embedding_dim=3, units=4, max_output_len=4),
    "transformer": lambda: TransformerSeq2Seq(TINY_VOCAB, d_model=8, heads=2, d_ff=8, dropout=0.5, max_output_len=4),
}


def tiny_model(name: str, seed: int, scale: float = 3.0) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = TINY_MODELS[name]()
    with torch.no_grad():  # larger weights: peakier, more varied distributions
        for parameter in model.parameters():
            parameter.mul_(scale)
    return model


def generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def same_rows(a: torch.Tensor, b: torch.Tensor, pad_id: int) -> torch.Tensor:
    """[B] bool: the outputs ``[B, L]`` and ``[B, L']`` are equal (padded to one length)."""
    width = max(a.shape[1], b.shape[1])
    a, b = (torch.nn.functional.pad(t, (0, width - t.shape[1]), value=pad_id) for t in (a, b))
    return (a == b).all(dim=1)


@pytest.fixture(scope="module")
def dates() -> DateDataset:
    return DateDataset(1000, seed=11)


@pytest.fixture(scope="module")
def briefly_trained(dates) -> Seq2Seq:
    """Right on some dates, unsure on many: where sampling and greedy differ."""
    set_seed(0)
    model = Seq2Seq(dates.vocab)
    train(model, DateDataset(2000, seed=3), epochs=1, progress=False)
    return model


# -- greedy decoding as a limit ---------------------------------------------------------------
@pytest.mark.parametrize("name", list(TINY_MODELS))
@pytest.mark.parametrize("temperature", [1.0, 0.3, 5.0])
def test_top_k_one_is_greedy_exactly_on_every_model_kind(name, temperature):
    for seed in range(5):
        model = tiny_model(name, seed)
        greedy = greedy_decode(model, TINY_SOURCES)
        for draw_seed in range(5):
            sampled = sample_decode(model, TINY_SOURCES, temperature, top_k=1, generator=generator(draw_seed))
            assert torch.equal(sampled, greedy)


def test_top_k_one_is_greedy_exactly_on_a_trained_date_model(briefly_trained, dates):
    src = torch.as_tensor(dates.x)
    greedy = greedy_decode(briefly_trained, src)
    assert torch.equal(sample_decode(briefly_trained, src, top_k=1, generator=generator(0)), greedy)
    assert not torch.equal(sample_decode(briefly_trained, src, generator=generator(0)), greedy)  # it does sample


def test_a_vanishing_temperature_is_greedy(briefly_trained, dates):
    src = torch.as_tensor(dates.x)
    greedy = greedy_decode(briefly_trained, src)
    agreement = []
    for temperature in (2.0, 1.0, 0.3, 0.1, 0.01, 0.001):
        sampled = sample_decode(briefly_trained, src, temperature, generator=generator(1))
        agreement.append(same_rows(sampled, greedy, briefly_trained.vocab.pad_id).float().mean().item())
    assert agreement == sorted(agreement) and agreement[0] < 0.1 and agreement[-1] > 0.95, agreement
    # Any two logits differ by far more than 1e-30 times the smallest float: a one-hot distribution.
    assert torch.equal(sample_decode(briefly_trained, src, 1e-30, generator=generator(2)), greedy)


# -- the distribution -------------------------------------------------------------------------
def all_outputs(max_len: int) -> list[tuple[int, ...]]:
    others = [i for i in range(len(TINY_VOCAB)) if i != EOS]
    ended = [(*p, EOS) for n in range(max_len) for p in itertools.product(others, repeat=n)]
    return ended + list(itertools.product(others, repeat=max_len))


@torch.no_grad()
def process_probs(model, src_row, outputs, temperature, top_k) -> torch.Tensor:
    """P(the sampler writes each output): the product of its tokens' tempered, cut probabilities."""
    model.eval()
    width = max(map(len, outputs))
    ids = torch.tensor([[*o, *[PAD] * (width - len(o))] for o in outputs])  # [N, L]
    lengths = torch.tensor([len(o) for o in outputs])
    decoder_inputs = torch.cat([torch.full((len(outputs), 1), TINY_VOCAB.go_id), ids[:, :-1]], dim=1)
    logits = model(src_row.expand(len(outputs), -1), decoder_inputs).double()  # [N, L, V]
    probs = sampling_probs(logits, temperature, top_k).gather(2, ids.unsqueeze(-1)).squeeze(-1)  # [N, L]
    counted = torch.arange(width) < lengths[:, None]
    return torch.where(counted, probs, torch.ones_like(probs)).prod(dim=1)


@pytest.mark.parametrize(("temperature", "top_k"), [(1.0, None), (0.6, None), (2.0, None), (1.0, 2), (1.5, 3)])
def test_whole_outputs_come_with_the_probabilities_of_the_sampling_process(temperature, top_k):
    torch.manual_seed(3)
    model = AttentionSeq2Seq(TINY_VOCAB, embedding_dim=3, units=4, max_output_len=3)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.mul_(2.0)
    outputs = all_outputs(3)
    expected = process_probs(model, TINY_SOURCES[1:2], outputs, temperature, top_k)  # [85]: 1 + 4 + 16 + 64
    assert expected.sum().item() == pytest.approx(1.0, abs=1e-9)
    n = 40_000
    sampled = sample_decode(model, TINY_SOURCES[1:2].expand(n, -1), temperature, top_k, generator=generator(7))
    rows = [tuple(r[: r.index(EOS) + 1] if EOS in r else r) for r in sampled.tolist()]
    counts = torch.tensor([0] * len(outputs), dtype=torch.float64)
    index = {o: i for i, o in enumerate(outputs)}
    for row in rows:
        counts[index[row]] += 1
    share = counts / n
    tolerance = 5 * (expected * (1 - expected) / n).sqrt() + 1e-4
    assert ((share - expected).abs() <= tolerance).all()
    assert (counts[expected == 0] == 0).all()  # cut tokens are never drawn
    assert (expected > 0.02).sum() >= 4  # the test compares a spread distribution, not one sure output


def test_sampling_probs_is_softmax_of_logits_over_t_cut_to_the_top_k():
    logits = torch.tensor([[2.0, -1.0, 0.5, 0.5, 3.0], [0.0, 0.0, 0.0, 0.0, 0.0]], dtype=torch.float64)
    for temperature in (0.25, 1.0, 4.0):
        assert torch.allclose(sampling_probs(logits, temperature), torch.softmax(logits / temperature, dim=-1))
    cut = sampling_probs(logits, 1.0, top_k=3)
    kept = cut[0] > 0
    assert kept.tolist() == [True, False, True, False, True]  # ties at the cut keep the smaller id
    assert torch.allclose(cut[0, kept], torch.softmax(logits[0, kept], dim=-1))
    assert cut[1].tolist() == [1 / 3, 1 / 3, 1 / 3, 0.0, 0.0]
    assert sampling_probs(logits, 1.0, top_k=1)[0].tolist() == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert torch.equal(sampling_probs(logits, 1.0, top_k=99), sampling_probs(logits))


def test_extreme_temperatures_give_no_nan():
    logits = torch.tensor([[1.0, 1.0 + 1e-6, -50.0, 30.0]])
    assert sampling_probs(logits, 1e-300).tolist() == [[0.0, 0.0, 0.0, 1.0]]
    flat = sampling_probs(logits, 1e30)
    assert torch.allclose(flat, torch.full_like(flat, 0.25))
    half = sampling_probs(logits.half(), 0.5)
    assert half.dtype == torch.float32 and torch.isfinite(half).all()


def test_a_token_of_probability_zero_is_never_drawn_even_at_the_ends_of_the_uniform_range(monkeypatch):
    probs = torch.tensor([[0.0, 0.0, 0.7, 0.0, 0.3, 0.0], [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]])
    for u in (0.0, 0.7, 1 - 2**-24, 1.0):  # 1.0 stands for a product u * total that rounded up
        monkeypatch.setattr(torch, "rand", lambda *shape, u=u, **kwargs: torch.full(shape, u))
        tokens = sampling_module.draw(probs).tolist()
        assert tokens[1] == 1 and tokens[0] == (2 if u < 0.7 else 4)


# -- decoding: batches, <EOS>, modes, repeatability --------------------------------------------
def test_each_row_stops_at_its_eos_and_the_batch_when_all_have(briefly_trained, dates):
    src = torch.as_tensor(dates.x[:300])
    ids = sample_decode(briefly_trained, src, temperature=1.5, generator=generator(3))
    assert ids.shape[0] == 300 and ids.shape[1] <= briefly_trained.max_output_len
    is_eos = ids == briefly_trained.vocab.eos_id
    after = (is_eos.int().cumsum(dim=1) - is_eos.int()) > 0
    assert (ids[after] == briefly_trained.vocab.pad_id).all()
    if ids.shape[1] < briefly_trained.max_output_len:  # ended early: every row ended, one of them just now
        assert is_eos.any(dim=1).all() and is_eos[:, -1].any()
    assert sample_decode(briefly_trained, src, generator=generator(3), max_len=4).shape[1] <= 4


def test_a_seeded_generator_repeats_and_leaves_the_global_generator_alone(briefly_trained, dates):
    src = torch.as_tensor(dates.x[:200])
    torch.manual_seed(123)
    before = torch.get_rng_state()
    first = sample_decode(briefly_trained, src, generator=generator(5))
    assert torch.equal(torch.get_rng_state(), before)
    assert torch.equal(sample_decode(briefly_trained, src, generator=generator(5)), first)
    assert not torch.equal(sample_decode(briefly_trained, src, generator=generator(6)), first)


def test_runs_without_autograd_in_eval_mode_and_restores_the_mode():
    model = tiny_model("transformer", 0)  # with dropout 0.5: a model left in training mode would not be greedy
    seen = []
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.register_forward_hook(lambda m, args, out: seen.append((m.training, torch.is_grad_enabled())))
    model.train()
    ids = sample_decode(model, TINY_SOURCES, generator=generator(0))
    assert not ids.requires_grad and model.training
    assert seen and set(seen) == {(False, False)}
    assert torch.equal(sample_decode(model, TINY_SOURCES, top_k=1), greedy_decode(model, TINY_SOURCES))  # dropout off


def must_not_decode(*args, **kwargs):
    raise AssertionError("decoding started before the arguments were validated")


@pytest.mark.parametrize(
    ("argument", "bad"),
    [
        ("temperature", 0),
        ("temperature", -1.0),
        ("temperature", float("nan")),
        ("temperature", float("inf")),
        ("temperature", "1"),
        ("temperature", True),
        ("temperature", None),
        ("top_k", 0),
        ("top_k", -3),
        ("top_k", 2.0),
        ("top_k", True),
        ("generator", 0),
        ("generator", "cpu"),
        ("max_len", 0),
    ],
)
def test_bad_arguments_are_refused_by_name_before_decoding(argument, bad, monkeypatch):
    model = tiny_model("plain", 0)
    monkeypatch.setattr(model, "encode", must_not_decode)
    with pytest.raises(ValueError, match=argument):
        sample_decode(model, TINY_SOURCES, **{argument: bad})


@pytest.mark.parametrize(
    "src", [torch.zeros(3, 4), torch.tensor([A, B]), torch.empty(0, 4, dtype=torch.long), [[A, B]]]
)
def test_bad_sources_are_refused(src):
    with pytest.raises(ValueError, match="src"):
        sample_decode(tiny_model("plain", 0), src)
